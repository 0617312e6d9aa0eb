package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * What one scan did to one finding's lifecycle.
 *
 * @param at when the scan started
 * @param verdict the finding's verdict in that scan; absent when the finding was gone from it
 * @param finding the finding itself, when the scan had it (for events read back from the store:
 *     when it was stored, i.e. not for PASS)
 */
public record LifecycleEvent(
    String scanId,
    long seq,
    Instant at,
    String fingerprint,
    LifecycleEventKind kind,
    Optional<Verdict> verdict,
    Optional<Finding> finding) {

  public LifecycleEvent {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(at, "at is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(finding, "finding is null");
  }

  /** A FAIL that a waiver in force covers: it stays open, and nobody is alerted about it. */
  public boolean waived() {
    return verdict.equals(Optional.of(Verdict.WAIVED));
  }

  /** NEW or REOPENED and not waived: what on-call hears about. */
  public boolean alerts() {
    return (kind == LifecycleEventKind.NEW || kind == LifecycleEventKind.REOPENED) && !waived();
  }
}
