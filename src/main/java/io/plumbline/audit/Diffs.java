package io.plumbline.audit;

import io.plumbline.drift.SnapshotDiff;
import io.plumbline.model.Drift;
import io.plumbline.model.Snapshot;

/**
 * The diff use case: what changed from one snapshot to another. A scan diffs against the previous
 * stored one, {@code plumbline diff} and {@code GET /api/v1/drift} between two chosen ones; all of
 * them through here.
 */
public final class Diffs {

  private Diffs() {}

  public static DriftView between(Snapshot before, Snapshot after) {
    return new DriftView(compare(before, after));
  }

  static Drift compare(Snapshot before, Snapshot after) {
    return SnapshotDiff.compare(before, after);
  }
}
