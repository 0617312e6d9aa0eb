package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two snapshots: every change, and the same changes grouped by cause (one
 * setting flipped in 40 workspaces is one group with 40 places).
 */
public record Drift(
    String beforeSnapshotId,
    String afterSnapshotId,
    List<Change> changes,
    List<ChangeGroup> groups) {

  public Drift {
    requireNonNull(beforeSnapshotId, "beforeSnapshotId is null");
    requireNonNull(afterSnapshotId, "afterSnapshotId is null");
    changes = changes.stream().sorted(Change.ORDER).toList();
    groups = List.copyOf(groups);
  }

  public Map<ChangeKind, Long> countsByKind() {
    Map<ChangeKind, Long> counts = new EnumMap<>(ChangeKind.class);
    for (ChangeKind kind : ChangeKind.values()) {
      counts.put(kind, 0L);
    }
    changes.forEach(change -> counts.merge(change.kind(), 1L, Long::sum));
    return counts;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
