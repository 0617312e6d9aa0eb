package io.plumbline.export.report;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.WaiverStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a report renders, the same for every format: the evaluation (every finding, every
 * verdict, waivers applied), the snapshot it judged, the state of each waiver, the rules' metadata
 * and framework references, and the failure threshold of the gate. Writers render it and compute
 * nothing else; the counts below are here so that every format shows the same numbers.
 *
 * @param frameworks rule id -> framework references ({@code "NIST 800-53 AC-2"}), when mapped
 * @param failOn the gate's threshold: a FAIL at or above it fails the run; empty when the gate is
 *     off
 * @param rulePack where the rules came from ({@code rules}, {@code classpath:plumbline/rules})
 */
public record ReportModel(
    String toolVersion,
    Instant evaluatedAt,
    SnapshotSummary snapshot,
    Evaluation evaluation,
    List<WaiverStatus> waivers,
    Map<String, List<String>> frameworks,
    Optional<Severity> failOn,
    String rulePack) {

  public ReportModel {
    requireNonNull(toolVersion, "toolVersion is null");
    requireNonNull(evaluatedAt, "evaluatedAt is null");
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(evaluation, "evaluation is null");
    waivers = List.copyOf(waivers);
    Map<String, List<String>> copy = new TreeMap<>();
    frameworks.forEach((rule, references) -> copy.put(rule, List.copyOf(references)));
    frameworks = Collections.unmodifiableMap(copy);
    requireNonNull(failOn, "failOn is null");
    requireNonNull(rulePack, "rulePack is null");
  }

  public List<Finding> findings() {
    return evaluation.findings();
  }

  public List<Finding> findings(Verdict verdict) {
    return evaluation.withVerdict(verdict);
  }

  public List<RuleMetadata> rules() {
    return evaluation.rules();
  }

  public Optional<RuleMetadata> rule(String id) {
    return evaluation.rules().stream().filter(rule -> rule.id().equals(id)).findFirst();
  }

  public List<String> frameworks(String ruleId) {
    return frameworks.getOrDefault(ruleId, List.of());
  }

  /** FAIL findings at or above the threshold: what makes the gate fail (WAIVED never does). */
  public List<Finding> gateFailures() {
    return failOn
        .map(
            threshold ->
                findings(Verdict.FAIL).stream()
                    .filter(finding -> finding.severity().isAtLeast(threshold))
                    .toList())
        .orElse(List.of());
  }

  public boolean gateFailed() {
    return !gateFailures().isEmpty();
  }

  public Map<Verdict, Long> countsByVerdict() {
    return evaluation.countsByVerdict();
  }

  /** FAIL findings by severity, every severity present, most severe first. */
  public Map<Severity, Long> failuresBySeverity() {
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    Arrays.stream(Severity.values()).forEach(severity -> counts.put(severity, 0L));
    findings(Verdict.FAIL).forEach(finding -> counts.merge(finding.severity(), 1L, Long::sum));
    return Collections.unmodifiableMap(counts);
  }

  /** Counts per scope that has findings, ordered by scope (account, workspaces, AWS). */
  public List<ScopeCounts> countsByScope() {
    Map<Scope, Map<Severity, Long>> failures = new TreeMap<>();
    Map<Scope, long[]> others = new HashMap<>();
    for (Finding finding : findings()) {
      failures.computeIfAbsent(finding.scope(), scope -> new EnumMap<>(Severity.class));
      long[] counts = others.computeIfAbsent(finding.scope(), scope -> new long[3]);
      switch (finding.verdict()) {
        case FAIL -> failures.get(finding.scope()).merge(finding.severity(), 1L, Long::sum);
        case UNKNOWN -> counts[0]++;
        case WAIVED -> counts[1]++;
        case PASS -> counts[2]++;
      }
    }
    List<ScopeCounts> result = new ArrayList<>();
    failures.forEach(
        (scope, bySeverity) -> {
          long[] counts = others.get(scope);
          result.add(
              new ScopeCounts(
                  scope, snapshot.name(scope), bySeverity, counts[0], counts[1], counts[2]));
        });
    return result;
  }

  /** Findings of each rule by verdict. */
  public Map<Verdict, Long> countsByVerdict(String ruleId) {
    Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
    Arrays.stream(Verdict.values()).forEach(verdict -> counts.put(verdict, 0L));
    findings().stream()
        .filter(finding -> finding.ruleId().equals(ruleId))
        .forEach(finding -> counts.merge(finding.verdict(), 1L, Long::sum));
    return counts;
  }

  public List<WaiverStatus> waivers(WaiverState state) {
    return waivers.stream().filter(status -> status.state() == state).toList();
  }
}
