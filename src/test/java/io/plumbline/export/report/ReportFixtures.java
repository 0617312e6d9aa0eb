package io.plumbline.export.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Fingerprints;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.Verdicts;
import io.plumbline.policy.Waiver;
import io.plumbline.policy.WaiverStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A report model with something of everything: every verdict and severity, a baseline file:line
 * location and a Terraform address, a coverage gap, waivers active, expiring and expired, framework
 * references, and values from the estate that need escaping in every format.
 */
final class ReportFixtures {

  static final Instant TAKEN_AT = Instant.parse("2026-11-21T10:22:30.117Z");
  static final Instant EVALUATED_AT = Instant.parse("2026-11-21T10:23:01Z");
  static final Scope ACCOUNT = Scope.account("c0ffee00-0000-4000-8000-000000000001");
  static final Scope DEV = Scope.workspace(1000000000000101L);
  static final Scope QA = Scope.workspace(1000000000000202L);
  static final Scope PROD = Scope.workspace(1000000000000303L);
  static final Scope AWS = Scope.aws("111122223333");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportFixtures() {}

  static final RuleMetadata TOKENS =
      rule(
          "DBX-TOK-001",
          "Personal access tokens must expire",
          Severity.HIGH,
          "databricks_token",
          "A token that never expires stays valid after its owner leaves or the token leaks.",
          "Revoke the token and issue one with a lifetime (databricks_token lifetime_seconds).",
          Optional.of("databricks_token"));
  static final RuleMetadata TRUST =
      rule(
          "DBX-IAM-003",
          "Cross-account trust requires sts:ExternalId",
          Severity.CRITICAL,
          "aws_iam_role",
          "Without an external id any Databricks customer could have the role assumed for them"
              + " (the confused deputy).",
          "Restore the sts:ExternalId condition (the Databricks account id) in the role's"
              + " assume_role_policy.",
          Optional.of("aws_iam_role"));
  static final RuleMetadata RESULTS_DOWNLOAD =
      rule(
          "DBX-WS-004",
          "Results downloading is disabled",
          Severity.MEDIUM,
          "databricks_workspace_conf",
          "Downloading query results moves data out of the governed estate.",
          "Set enableResultsDownloading to \"false\" in databricks_workspace_conf.",
          Optional.of("databricks_workspace_conf"));
  static final RuleMetadata UNKNOWN_GROUPS =
      rule(
          "DBX-ID-007",
          "Every group is declared in a baseline",
          Severity.LOW,
          "databricks_group",
          "A group nobody declared grants access nobody reviews.",
          "Declare the group in Terraform (databricks_group) or remove it.",
          Optional.of("databricks_group"));
  static final RuleMetadata LOG_DELIVERY =
      rule(
          "DBX-MWS-009",
          "Audit log delivery is configured",
          Severity.INFO,
          "databricks_mws_log_delivery",
          "Audit logs are the record of who did what.",
          "Configure audit log delivery (databricks_mws_log_delivery).",
          Optional.empty());

  static ReportModel model() {
    Coverage gap =
        Coverage.failed(
            QA,
            "databricks_token",
            new FailureReason(
                OptionalInt.of(503),
                "TEMPORARILY_UNAVAILABLE",
                "Service unavailable, try later",
                4));
    SnapshotSummary snapshot =
        new SnapshotSummary(
            "snap-20261121T102230Z-5f1c0a9b2e4d",
            TAKEN_AT,
            "sha256:5f1c0a9b2e4d7f3a9c1b5e8d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c2e4b6d8f0a",
            412,
            96,
            List.of(gap),
            Map.of(DEV, "dev", QA, "qa", PROD, "prod <eu> & \"friends\""));
    List<Finding> findings =
        List.of(
            finding(
                TRUST,
                Verdict.FAIL,
                AWS,
                "arn:aws:iam::111122223333:role/databricks-cross-account-prod",
                Optional.of("assume_role_policy/Statement/0/Condition"),
                "trust policy of databricks-cross-account-prod has no sts:ExternalId condition",
                evidence(
                    "{\"expected\":{\"StringEquals\":{\"sts:ExternalId\":\"c0ffee00-0000-4000-8000-000000000001\"}},"
                        + "\"actual\":null}"),
                Optional.of("module.prod.module.cloud.aws_iam_role.cross_account"),
                Optional.empty()),
            finding(
                TOKENS,
                Verdict.FAIL,
                PROD,
                "tok-<script>alert(1)</script>",
                Optional.of("expiry_time"),
                "token of =HYPERLINK(\"http://x\") never expires, \"created\" by\nemma",
                evidence("{\"expected\":\"an expiry\",\"actual\":-1}"),
                Optional.empty(),
                Optional.empty()),
            finding(
                RESULTS_DOWNLOAD,
                Verdict.FAIL,
                PROD,
                "1000000000000303",
                Optional.of("enableResultsDownloading"),
                "enableResultsDownloading is \"true\", the baseline says \"false\"",
                evidence("{\"expected\":\"false\",\"actual\":\"true\"}"),
                Optional.of("policies/baselines/prod.yaml:42"),
                Optional.empty()),
            finding(
                UNKNOWN_GROUPS,
                Verdict.FAIL,
                ACCOUNT,
                "7200000000000099",
                Optional.empty(),
                "group shadow-admins is not declared in any baseline",
                evidence("{\"display_name\":\"shadow-admins\"}"),
                Optional.empty(),
                Optional.empty()),
            finding(
                TOKENS,
                Verdict.WAIVED,
                DEV,
                "tok-ci-deployer",
                Optional.of("expiry_time"),
                "token of ci-deployer never expires",
                evidence("{\"expected\":\"an expiry\",\"actual\":-1}"),
                Optional.empty(),
                Optional.of("WVR-2026-001")),
            finding(
                TOKENS,
                Verdict.UNKNOWN,
                QA,
                Verdicts.WHOLE_SCOPE,
                Optional.empty(),
                "not judged: databricks_token in workspace:1000000000000202 was not read completely"
                    + " (503 TEMPORARILY_UNAVAILABLE: Service unavailable, try later (4 attempts))",
                evidence(
                    "{\"incomplete_coverage\":[{\"scope\":\"workspace:1000000000000202\","
                        + "\"resource_type\":\"databricks_token\",\"reason\":\"503"
                        + " TEMPORARILY_UNAVAILABLE: Service unavailable, try later (4 attempts)\"}]}"),
                Optional.empty(),
                Optional.empty()),
            finding(
                TOKENS,
                Verdict.PASS,
                DEV,
                "tok-90d",
                Optional.empty(),
                TOKENS.title(),
                evidence("{}"),
                Optional.empty(),
                Optional.empty()),
            finding(
                RESULTS_DOWNLOAD,
                Verdict.PASS,
                DEV,
                "1000000000000101",
                Optional.empty(),
                RESULTS_DOWNLOAD.title(),
                evidence("{}"),
                Optional.empty(),
                Optional.empty()),
            finding(
                LOG_DELIVERY,
                Verdict.PASS,
                ACCOUNT,
                "audit-logs",
                Optional.empty(),
                LOG_DELIVERY.title(),
                evidence("{}"),
                Optional.empty(),
                Optional.empty()));
    List<WaiverStatus> waivers =
        List.of(
            new WaiverStatus(
                waiver(
                    "WVR-2026-001",
                    "DBX-TOK-001",
                    Optional.of("workspace:1000000000000101"),
                    Optional.of("tok-ci-*"),
                    "CI deploy token; replaced by OAuth M2M in <PLAT-88>",
                    LocalDate.parse("2027-03-31"),
                    "policies/waivers/tokens.yaml:2"),
                WaiverState.ACTIVE,
                130,
                List.of(findings.get(4).fingerprint())),
            new WaiverStatus(
                waiver(
                    "WVR-2026-002",
                    "DBX-ID-*",
                    Optional.empty(),
                    Optional.of("7200000000000042"),
                    "break-glass group, reviewed quarterly",
                    LocalDate.parse("2026-12-01"),
                    "policies/waivers/identity.yaml:2"),
                WaiverState.EXPIRING,
                10,
                List.of()),
            new WaiverStatus(
                waiver(
                    "WVR-2026-003",
                    "DBX-WS-004",
                    Optional.of("workspace:1000000000000303"),
                    Optional.empty(),
                    "analysts' export until the BI connector ships",
                    LocalDate.parse("2026-11-15"),
                    "policies/waivers/workspace-confs.yaml:2"),
                WaiverState.EXPIRED,
                -5,
                List.of(findings.get(2).fingerprint())));
    return new ReportModel(
        "0.1.0-test",
        EVALUATED_AT,
        snapshot,
        new Evaluation(
            findings, List.of(TRUST, TOKENS, RESULTS_DOWNLOAD, UNKNOWN_GROUPS, LOG_DELIVERY)),
        waivers,
        Map.of(
            "DBX-IAM-003", List.of("NIST 800-53 AC-6", "Databricks DASF 3"),
            "DBX-TOK-001", List.of("NIST 800-53 IA-5", "CIS Databricks 2.4")),
        Optional.of(Severity.HIGH),
        "rules");
  }

  private static RuleMetadata rule(
      String id,
      String title,
      Severity severity,
      String resourceType,
      String rationale,
      String remediation,
      Optional<String> terraform) {
    return new RuleMetadata(
        id,
        title,
        severity,
        resourceType,
        List.of(),
        List.of(),
        rationale,
        remediation,
        terraform,
        "rules/test/" + id);
  }

  static Finding finding(
      RuleMetadata rule,
      Verdict verdict,
      Scope scope,
      String resourceId,
      Optional<String> attribute,
      String message,
      ObjectNode evidence,
      Optional<String> location,
      Optional<String> waiver) {
    return new Finding(
        rule.id(),
        rule.severity(),
        verdict,
        rule.resourceType(),
        scope,
        resourceId,
        attribute,
        message,
        evidence,
        Fingerprints.of(rule.id(), rule.resourceType(), scope.toString(), resourceId, attribute),
        location,
        waiver);
  }

  private static Waiver waiver(
      String id,
      String rule,
      Optional<String> scope,
      Optional<String> resource,
      String justification,
      LocalDate expires,
      String source) {
    return new Waiver(
        id,
        rule,
        scope,
        resource,
        Optional.empty(),
        justification,
        "platform-security@example.com",
        "SEC-" + id.substring(id.length() - 3),
        expires,
        source);
  }

  static ObjectNode evidence(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
