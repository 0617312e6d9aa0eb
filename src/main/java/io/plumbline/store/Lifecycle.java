package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a finding that once failed stands now, across scans.
 *
 * @param waived the last failing verdict was WAIVED: open, but not alerted on
 * @param lastVerdict the verdict of the last scan that changed or confirmed the lifecycle; absent
 *     when the finding was gone from it
 * @param firstSeenScan the scan that first saw it fail (it may since have been pruned)
 * @param lastSeenScan the last scan that saw it fail or waived
 * @param reopenCount how many times it failed again after being resolved
 */
public record Lifecycle(
    String fingerprint,
    String ruleId,
    Severity severity,
    String resourceType,
    Scope scope,
    String resourceId,
    Optional<String> attribute,
    LifecycleState state,
    boolean waived,
    Optional<Verdict> lastVerdict,
    String firstSeenScan,
    Instant firstSeenAt,
    String lastSeenScan,
    Instant lastSeenAt,
    Optional<String> resolvedScan,
    Optional<Instant> resolvedAt,
    int reopenCount) {

  public Lifecycle {
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(state, "state is null");
    requireNonNull(lastVerdict, "lastVerdict is null");
    requireNonNull(firstSeenScan, "firstSeenScan is null");
    requireNonNull(firstSeenAt, "firstSeenAt is null");
    requireNonNull(lastSeenScan, "lastSeenScan is null");
    requireNonNull(lastSeenAt, "lastSeenAt is null");
    requireNonNull(resolvedScan, "resolvedScan is null");
    requireNonNull(resolvedAt, "resolvedAt is null");
    if (reopenCount < 0) {
      throw new IllegalArgumentException("reopenCount must not be negative: " + reopenCount);
    }
  }

  public boolean isOpen() {
    return state == LifecycleState.OPEN;
  }

  /** "type scope id", as in {@link io.plumbline.model.Resource#address()}. */
  public String resourceAddress() {
    return resourceType + " " + scope + " " + resourceId;
  }
}
