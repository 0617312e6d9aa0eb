package io.plumbline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.Waivers;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.snapshot.SnapshotCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant TAKEN_AT = Instant.parse("2026-11-21T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String TOKEN_RULE =
      """
      package rules.test
      import io.plumbline.policy.facts.*
      global io.plumbline.policy.drools.Findings findings
      rule "tokens expire"
          @id("TEST-TOK-001") @title("Tokens expire") @severity("high")
          @resourceType("databricks_token") @rationale("r") @remediation("m")
      when
          $t : Token( neverExpires )
      then
          findings.fail(drools, $t, "expiry_time", "token " + $t.getId() + " never expires");
      end
      """;

  @TempDir Path workingDirectory;

  private EvaluationService service() {
    return new EvaluationService(Clock.fixed(NOW, ZoneOffset.UTC), "test", workingDirectory);
  }

  private static EvaluationService.Options options(Optional<Path> rules, Optional<Path> policies) {
    return new EvaluationService.Options(
        rules, policies, Optional.of(Severity.HIGH), Waivers.DEFAULT_EXPIRY_WARNING);
  }

  static Snapshot snapshot(boolean complete) {
    ObjectNode never =
        JSON.createObjectNode()
            .put("created_by_username", "ana@example.com")
            .put("creation_time", 1_760_000_000_000L)
            .put("expiry_time", -1);
    ObjectNode expiring = never.deepCopy().put("expiry_time", 1_767_776_000_000L);
    List<Resource> resources =
        List.of(
            new Resource("databricks_token", "tok-never", Scope.workspace(1001), never),
            new Resource("databricks_token", "tok-ci", Scope.workspace(1002), never),
            new Resource("databricks_token", "tok-90d", Scope.workspace(1001), expiring));
    List<Coverage> coverage =
        List.of(
            Coverage.complete(Scope.workspace(1001), "databricks_token"),
            complete
                ? Coverage.complete(Scope.workspace(1002), "databricks_token")
                : Coverage.failed(
                    Scope.workspace(1003),
                    "databricks_token",
                    new io.plumbline.model.FailureReason(
                        java.util.OptionalInt.of(403), "PERMISSION_DENIED", "no", 1)));
    return SnapshotCodec.create(TAKEN_AT, coverage, resources, CollectionStats.empty());
  }

  private Path rules() throws Exception {
    Path directory = Files.createDirectories(workingDirectory.resolve("my-rules"));
    Files.writeString(directory.resolve("tokens.drl"), TOKEN_RULE);
    return directory;
  }

  @Test
  void theGivenRulesJudgeTheSnapshotAndEveryVerdictIsKept() throws Exception {
    EvaluationService service = service();
    EvaluationService.Prepared prepared =
        service.prepare(options(Optional.of(rules()), Optional.empty()));

    ReportModel model = service.evaluate(prepared, snapshot(true));

    assertThat(model.findings())
        .extracting(Finding::resourceId, Finding::verdict)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("tok-never", Verdict.FAIL),
            org.assertj.core.groups.Tuple.tuple("tok-ci", Verdict.FAIL),
            org.assertj.core.groups.Tuple.tuple("tok-90d", Verdict.PASS));
    assertThat(model.gateFailures()).hasSize(2);
    assertThat(model.evaluatedAt()).isEqualTo(NOW);
    assertThat(model.snapshot().takenAt()).isEqualTo(TAKEN_AT);
    assertThat(model.rulePack()).endsWith("my-rules");
  }

  @Test
  void waiversOfThePoliciesDirectoryApplyAtTheEvaluationClock() throws Exception {
    Path policies = Files.createDirectories(workingDirectory.resolve("policies/waivers"));
    Files.writeString(
        policies.resolve("tokens.yaml"),
        """
        waivers:
          - id: WVR-CI
            rule: TEST-TOK-*
            scope: workspace:1002
            justification: CI token until OAuth
            owner: platform@example.com
            ticket: PLAT-1
            expires: 2026-12-10
          - id: WVR-OLD
            rule: TEST-TOK-001
            resource: tok-never
            justification: was accepted last quarter
            owner: ana@example.com
            ticket: SEC-9
            expires: 2026-11-21
        """);
    EvaluationService service = service();
    // policies/ of the working directory is the default
    EvaluationService.Prepared prepared =
        service.prepare(options(Optional.of(rules()), Optional.empty()));

    ReportModel model = service.evaluate(prepared, snapshot(true));

    assertThat(model.findings(Verdict.WAIVED))
        .singleElement()
        .satisfies(finding -> assertThat(finding.waiver()).hasValue("WVR-CI"));
    // WVR-OLD covered through 2026-11-21; the clock says 2026-11-22
    assertThat(model.findings(Verdict.FAIL))
        .extracting(Finding::resourceId)
        .containsExactly("tok-never");
    assertThat(model.waivers())
        .extracting(status -> status.waiver().id() + " " + status.state())
        .containsExactly("WVR-CI " + WaiverState.EXPIRING, "WVR-OLD " + WaiverState.EXPIRED);
    assertThat(model.gateFailures()).hasSize(1);
  }

  @Test
  void anIncompleteSnapshotGivesUnknownFindingsAndAnIncompleteSummary() throws Exception {
    EvaluationService service = service();
    EvaluationService.Prepared prepared =
        service.prepare(options(Optional.of(rules()), Optional.empty()));

    ReportModel model = service.evaluate(prepared, snapshot(false));

    assertThat(model.snapshot().isComplete()).isFalse();
    assertThat(model.findings(Verdict.UNKNOWN)).isNotEmpty();
  }

  @Test
  void withoutRulesInTheWorkingDirectoryTheBundledRulePackIsUsed() {
    EvaluationService.Prepared prepared =
        service().prepare(options(Optional.empty(), Optional.empty()));

    assertThat(prepared.rulePack()).contains("classpath:plumbline/rules");
    assertThat(prepared.engine().rules())
        .extracting(RuleMetadata::id)
        .containsExactlyElementsOf(
            DroolsPolicyEngine.load(Path.of("rules")).rules().stream()
                .map(RuleMetadata::id)
                .toList());
  }

  @Test
  void rulesInTheWorkingDirectoryAreTheDefault() throws Exception {
    Path rules = Files.createDirectories(workingDirectory.resolve("rules"));
    Files.writeString(rules.resolve("tokens.drl"), TOKEN_RULE);

    EvaluationService.Prepared prepared =
        service().prepare(options(Optional.empty(), Optional.empty()));

    assertThat(prepared.rulePack()).isEqualTo("rules");
    assertThat(prepared.engine().rules())
        .extracting(RuleMetadata::id)
        .containsExactly("TEST-TOK-001");
  }

  @Test
  void aMissingRulesOrPoliciesDirectoryIsAUserError() throws Exception {
    assertThatThrownBy(
            () -> service().prepare(options(Optional.of(Path.of("nope")), Optional.empty())))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("rules directory not found: nope");
    assertThatThrownBy(
            () -> service().prepare(options(Optional.of(rules()), Optional.of(Path.of("gone")))))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("policies directory not found: gone");
  }

  @Test
  void reportsAreWrittenInTheChosenFormatsOnly() throws Exception {
    EvaluationService service = service();
    ReportModel model =
        service.evaluate(
            service.prepare(options(Optional.of(rules()), Optional.empty())), snapshot(true));
    Path out = workingDirectory.resolve("out");

    List<Path> written =
        service.writeReports(model, out, EnumSet.of(ReportFormat.SARIF, ReportFormat.JSON));

    assertThat(written)
        .containsExactly(out.resolve("findings.json"), out.resolve("findings.sarif"));
    try (var files = Files.list(out)) {
      assertThat(files.map(path -> path.getFileName().toString()).sorted().toList())
          .containsExactly("findings.json", "findings.sarif");
    }
  }
}
