package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotCodec;
import io.plumbline.snapshot.SnapshotFiles;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline check} and {@code plumbline rules} as CI runs them: a stored snapshot judged by
 * a small rule pack, the reports written, and exit codes 0, 1, 2 and 3 with their precedence.
 */
@QuarkusMainTest
class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULES =
      """
      package rules.test
      import io.plumbline.policy.facts.*
      global io.plumbline.policy.drools.Findings findings
      rule "tokens expire"
          @id("TEST-TOK-001") @title("Tokens expire") @severity("high")
          @resourceType("databricks_token") @rationale("A token that never expires outlives its owner.")
          @remediation("Issue tokens with a lifetime.") @terraform("databricks_token")
      when
          $t : Token( neverExpires )
      then
          findings.fail(drools, $t, "expiry_time", "token " + $t.getId() + " never expires");
      end

      rule "tokens are short-lived"
          @id("TEST-TOK-002") @title("Tokens live at most 90 days") @severity("low")
          @resourceType("databricks_token") @rationale("r") @remediation("m")
      when
          $t : Token( !neverExpires, lifetimeDays > 90 )
      then
          findings.fail(drools, $t, "expiry_time", "token " + $t.getId() + " lives too long");
      end
      """;

  @TempDir Path directory;
  private Path rules;

  @BeforeEach
  void writeRules() throws Exception {
    rules = Files.createDirectories(directory.resolve("rules"));
    Files.writeString(rules.resolve("tokens.drl"), RULES);
  }

  private Path snapshot(boolean neverExpiring, boolean complete) throws Exception {
    long created = 1_760_000_000_000L;
    ObjectNode longLived =
        JSON.createObjectNode()
            .put("created_by_username", "ana@example.com")
            .put("creation_time", created)
            .put("expiry_time", created + 200L * 86_400_000L);
    List<Resource> resources = new ArrayList<>();
    resources.add(new Resource("databricks_token", "tok-200d", Scope.workspace(1001), longLived));
    if (neverExpiring) {
      resources.add(
          new Resource(
              "databricks_token",
              "tok-never",
              Scope.workspace(1001),
              longLived.deepCopy().put("expiry_time", -1)));
    }
    List<Coverage> coverage = new ArrayList<>();
    coverage.add(Coverage.complete(Scope.workspace(1001), "databricks_token"));
    if (!complete) {
      coverage.add(
          Coverage.failed(
              Scope.workspace(1002),
              "databricks_token",
              new FailureReason(OptionalInt.of(429), "REQUEST_LIMIT_EXCEEDED", "slow down", 4)));
    }
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-11-21T10:00:00Z"), coverage, resources, CollectionStats.empty());
    return SnapshotFiles.write(
        Files.createDirectories(directory.resolve("snapshot-" + neverExpiring + complete)),
        snapshot);
  }

  private LaunchResult check(QuarkusMainLauncher launcher, Path snapshot, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--snapshot",
                snapshot.toString(),
                "--rules",
                rules.toString(),
                "--out",
                directory.resolve("out").toString()));
    args.addAll(List.of(more));
    return launcher.launch(args.toArray(String[]::new));
  }

  @Test
  void aHighFailureExitsOneAndEveryReportIsWritten(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult result = check(launcher, snapshot(true, true));

    assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(result.getOutput())
        .contains("TEST-TOK-001")
        .contains("tok-never never expires")
        .contains("gate: FAILED, 1 finding(s) at or above high (exit 1)");
    Path out = directory.resolve("out");
    for (String name : List.of("findings.json", "findings.csv", "findings.sarif", "report.html")) {
      assertThat(out.resolve(name)).isRegularFile();
    }
    JsonNode findings = JSON.readTree(out.resolve("findings.json").toFile());
    assertThat(findings.path("findings").findValuesAsText("verdict")).contains("FAIL");
    assertThat(findings.at("/gate/failing_findings").asInt()).isEqualTo(1);
  }

  @Test
  void failuresBelowTheThresholdExitZero(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult result = check(launcher, snapshot(false, true));

    assertThat(result.exitCode()).as(result.getOutput()).isZero();
    assertThat(result.getOutput()).contains("TEST-TOK-002").contains("gate: passed");
  }

  @Test
  void theThresholdIsAnOption(QuarkusMainLauncher launcher) throws Exception {
    assertThat(check(launcher, snapshot(false, true), "--fail-on", "low").exitCode())
        .isEqualTo(ExitCodes.FINDINGS);
    assertThat(check(launcher, snapshot(true, true), "--fail-on", "critical").exitCode()).isZero();
    assertThat(check(launcher, snapshot(true, true), "--fail-on", "none").exitCode()).isZero();
  }

  @Test
  void aWaivedFailureDoesNotFailTheGate(QuarkusMainLauncher launcher) throws Exception {
    Path waivers = Files.createDirectories(directory.resolve("policies/waivers"));
    Files.writeString(
        waivers.resolve("tokens.yaml"),
        """
        waivers:
          - id: WVR-1
            rule: TEST-TOK-001
            resource: tok-never
            justification: service token of the nightly export, rotated by hand
            owner: ana@example.com
            ticket: SEC-1
            expires: %s
        """
            .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(10)));

    LaunchResult result =
        check(
            launcher,
            snapshot(true, true),
            "--policies",
            directory.resolve("policies").toString(),
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.getOutput()).isZero();
    assertThat(result.getOutput()).contains("waiver WVR-1 expires on");
    JsonNode findings = JSON.readTree(directory.resolve("out/findings.json").toFile());
    assertThat(findings.path("findings").findValuesAsText("waiver")).contains("WVR-1");
    assertThat(directory.resolve("out/report.html")).doesNotExist();
  }

  @Test
  void anIncompleteSnapshotExitsThreeEvenWithFailures(QuarkusMainLauncher launcher)
      throws Exception {
    LaunchResult result = check(launcher, snapshot(true, false));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(result.getOutput())
        .contains("collection incomplete: 1 read(s) failed")
        .contains("gate: FAILED");
  }

  @Test
  void rulesListsTheRulePackAsJson(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult result = launcher.launch("rules", "--format", "json", "--rules", rules.toString());

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    // under test, log lines share the captured output; the document starts at its bracket
    String output = result.getOutput();
    JsonNode list = JSON.readTree(output.substring(output.indexOf("\n[") + 1));
    assertThat(list).hasSize(2);
    JsonNode first = list.get(0);
    assertThat(first.path("id").asText()).isEqualTo("TEST-TOK-001");
    assertThat(first.path("severity").asText()).isEqualTo("high");
    assertThat(first.path("resource_type").asText()).isEqualTo("databricks_token");
    assertThat(first.path("terraform").asText()).isEqualTo("databricks_token");
    assertThat(first.has("title") && first.has("rationale") && first.has("remediation")).isTrue();
  }

  @Test
  void rulesListsTheShippedRulePackAsText(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("rules");

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput()).contains("DBX-TOK-001").contains("SEVERITY");
  }
}
