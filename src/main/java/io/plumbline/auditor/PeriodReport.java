package io.plumbline.auditor;

import java.util.List;

/**
 * An auditor's report over a period, built from the store alone ({@link PeriodReportBuilder}): what
 * every writer (JSON, CSV, HTML, PDF) renders. Times are ISO-8601 UTC strings, durations whole
 * hours or days as numbers, so that the JSON form is the model itself.
 */
public record PeriodReport(
    int schemaVersion,
    Cover cover,
    List<ControlResult> controls,
    List<ScopeResult> scopes,
    List<OpenFinding> openAtEnd,
    List<FindingChange> opened,
    List<FindingChange> resolved,
    List<Remediation> remediation,
    List<SloBreach> sloBreaches,
    WaiverSummary waivers,
    Cadence cadence,
    List<DriftCause> drift,
    Chain chain) {

  public static final int SCHEMA_VERSION = 1;

  /** A control's standing at the period's end. */
  public static final String PASS = "PASS";

  public static final String FAIL = "FAIL";

  /** Judged on data not read completely, or not judged at all: not assessed, never passed. */
  public static final String UNKNOWN = "UNKNOWN";

  /** Every failure of its rules is covered by a waiver in force. */
  public static final String WAIVED = "WAIVED";

  /** Read completely and nothing to judge: none of its rules had a resource. */
  public static final String NOT_APPLICABLE = "NOT_APPLICABLE";

  public record Cover(
      String title,
      String periodLabel,
      String periodFrom,
      String periodTo,
      List<String> accounts,
      List<String> workspaces,
      List<FrameworkRef> frameworks,
      List<String> rulePackHashes,
      List<String> policiesHashes,
      String endScanId,
      String endScanAt,
      String generatedAt,
      String generatedBy,
      String toolVersion,
      String store) {}

  public record FrameworkRef(String id, String title, String version, int controls) {}

  public record RuleResult(
      String ruleId, long pass, long fail, long waived, long unknown, String status) {}

  /**
   * @param daysFailed the UTC days of the period on which a scan found the control failing
   * @param coverageComplete whether every rule of the control was judged on data read completely by
   *     the last scan of the period
   */
  public record ControlResult(
      String framework,
      String controlId,
      String title,
      String status,
      List<RuleResult> rules,
      int daysFailedCount,
      List<String> daysFailed,
      boolean coverageComplete) {}

  /** Per workspace (or account, or AWS account), at the period's end. */
  public record ScopeResult(
      String scope,
      String name,
      List<String> tiers,
      long fail,
      long waived,
      long unknown,
      long readsComplete,
      long readsFailed) {}

  public record OpenFinding(
      String fingerprint,
      String ruleId,
      String severity,
      String verdict,
      String resource,
      String message,
      String openedAt,
      long ageDays) {}

  public record FindingChange(
      String fingerprint,
      String ruleId,
      String severity,
      String resource,
      String event,
      String scanId,
      String at) {}

  /** Time to remediate the findings of one severity resolved during the period, in hours. */
  public record Remediation(
      String severity,
      int resolved,
      double meanHours,
      double p50Hours,
      double p90Hours,
      long sloHours,
      int breaches) {}

  /**
   * @param kind {@code resolved late} (fixed, but after its SLO) or {@code open past SLO}
   */
  public record SloBreach(
      String fingerprint,
      String ruleId,
      String severity,
      String resource,
      String kind,
      String openedAt,
      String resolvedAt,
      double hoursOpen,
      long sloHours) {}

  public record WaiverEntry(
      String waiverId,
      String state,
      String expires,
      String owner,
      String ticket,
      String justification,
      String source,
      int findings) {}

  public record WaiverSummary(
      List<WaiverEntry> inForce,
      List<WaiverEntry> granted,
      List<WaiverEntry> expired,
      List<WaiverEntry> expiring) {}

  public record ScanEntry(
      long seq,
      String scanId,
      String startedAt,
      String status,
      long resources,
      long readsFailed,
      String rulePackHash) {}

  public record Gap(String from, String to, double hours) {}

  public record Cadence(double allowedGapHours, List<ScanEntry> scans, List<Gap> gaps) {}

  public record DriftCause(String cause, String kind, String resourceType, int scans, int places) {}

  public record Chain(
      boolean intact,
      String result,
      long anchorSeq,
      long headSeq,
      String headHash,
      boolean periodScansCovered) {}
}
