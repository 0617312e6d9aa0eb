package io.plumbline.export.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What the gauges show: the state after the latest stored scan. Every label value here comes from a
 * bounded set (severities, verdicts, rule ids of the rule pack, workspaces of the estate, change
 * kinds), see docs/metrics.md.
 *
 * @param openFindings open findings by severity, rule and verdict (fail, unknown, waived)
 * @param workspaceFindings open FAIL findings by workspace and severity
 * @param driftChanges changes of the latest scan against the one before, by kind
 * @param coverageRatio complete reads over attempted reads, by workspace ("account", "aws" for the
 *     account-level and IAM scopes)
 * @param waiversExpiring waivers in force that expire within 7d and 30d
 */
public record Posture(
    List<FindingCount> openFindings,
    List<WorkspaceCount> workspaceFindings,
    Map<String, Long> driftChanges,
    Map<String, Double> coverageRatio,
    Map<String, Long> waiversExpiring) {

  public record FindingCount(String severity, String rule, String verdict, long count) {
    public FindingCount {
      requireNonNull(severity, "severity is null");
      requireNonNull(rule, "rule is null");
      requireNonNull(verdict, "verdict is null");
    }
  }

  public record WorkspaceCount(String workspace, String severity, long count) {
    public WorkspaceCount {
      requireNonNull(workspace, "workspace is null");
      requireNonNull(severity, "severity is null");
    }
  }

  public Posture {
    openFindings = List.copyOf(openFindings);
    workspaceFindings = List.copyOf(workspaceFindings);
    driftChanges = Map.copyOf(driftChanges);
    coverageRatio = Map.copyOf(coverageRatio);
    waiversExpiring = Map.copyOf(waiversExpiring);
  }
}
