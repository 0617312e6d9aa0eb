package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Verdict;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One stored scan, without its rows.
 *
 * @param seq its place in the hash chain: 1, 2, 3, ... with no gaps
 * @param findingsByVerdict every verdict, PASS included
 * @param eventsByKind what the scan did to finding lifecycles
 * @param rowHash the scan's link in the hash chain
 * @param rulesHash the content hash of the rule pack it was judged with, when recorded
 * @param policiesHash the content hash of the policies it was judged with, when recorded
 */
public record ScanSummary(
    String scanId,
    long seq,
    Instant startedAt,
    Instant finishedAt,
    ScanStatus status,
    Optional<String> error,
    Optional<String> snapshotId,
    Optional<String> contentHash,
    long resourceCount,
    long failedCoverageCount,
    Map<Verdict, Long> findingsByVerdict,
    Map<LifecycleEventKind, Long> eventsByKind,
    String rowHash,
    Optional<String> rulesHash,
    Optional<String> policiesHash) {

  public ScanSummary {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(status, "status is null");
    requireNonNull(error, "error is null");
    requireNonNull(snapshotId, "snapshotId is null");
    requireNonNull(contentHash, "contentHash is null");
    findingsByVerdict = Collections.unmodifiableMap(new EnumMap<>(findingsByVerdict));
    eventsByKind = Collections.unmodifiableMap(new EnumMap<>(eventsByKind));
    requireNonNull(rowHash, "rowHash is null");
    requireNonNull(rulesHash, "rulesHash is null");
    requireNonNull(policiesHash, "policiesHash is null");
  }

  /** Whether the scan produced a snapshot that rules judged. */
  public boolean hasSnapshot() {
    return snapshotId.isPresent();
  }

  public long findings(Verdict verdict) {
    return findingsByVerdict.getOrDefault(verdict, 0L);
  }

  public long events(LifecycleEventKind kind) {
    return eventsByKind.getOrDefault(kind, 0L);
  }

  public long newCount() {
    return events(LifecycleEventKind.NEW);
  }

  public long resolvedCount() {
    return events(LifecycleEventKind.RESOLVED);
  }
}
