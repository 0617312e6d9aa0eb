package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which stored findings of a scan to read. Every condition present must hold.
 *
 * @param verdicts FAIL, WAIVED, UNKNOWN (PASS findings are counted, not stored); empty for all
 * @param minimumSeverity this severity or worse
 * @param firstSeenSince only findings whose lifecycle began at or after this instant
 */
public record FindingFilter(
    Set<Verdict> verdicts,
    Optional<Severity> minimumSeverity,
    Optional<String> ruleId,
    Optional<Scope> scope,
    Optional<Instant> firstSeenSince) {

  public FindingFilter {
    verdicts = verdicts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(verdicts));
    if (verdicts.contains(Verdict.PASS)) {
      throw new IllegalArgumentException(
          "PASS findings are not stored one by one (the scan's counts have them): filter on FAIL,"
              + " WAIVED or UNKNOWN");
    }
    requireNonNull(minimumSeverity, "minimumSeverity is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(firstSeenSince, "firstSeenSince is null");
  }

  public static FindingFilter all() {
    return new FindingFilter(
        Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public FindingFilter withVerdicts(Verdict... selected) {
    return new FindingFilter(Set.of(selected), minimumSeverity, ruleId, scope, firstSeenSince);
  }

  public FindingFilter withMinimumSeverity(Severity severity) {
    return new FindingFilter(verdicts, Optional.of(severity), ruleId, scope, firstSeenSince);
  }

  public FindingFilter withRule(String id) {
    return new FindingFilter(verdicts, minimumSeverity, Optional.of(id), scope, firstSeenSince);
  }

  public FindingFilter withScope(Scope selected) {
    return new FindingFilter(
        verdicts, minimumSeverity, ruleId, Optional.of(selected), firstSeenSince);
  }

  public FindingFilter withFirstSeenSince(Instant since) {
    return new FindingFilter(verdicts, minimumSeverity, ruleId, scope, Optional.of(since));
  }
}
