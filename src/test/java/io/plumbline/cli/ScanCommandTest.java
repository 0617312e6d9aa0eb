package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.snapshot.SnapshotFiles;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline scan} as CI runs it: against a sandbox with faults, checking exit codes, the
 * written snapshot and that nothing that failed is passed off as absent.
 */
@QuarkusMainTest
class ScanCommandTest {

  private static SandboxServer sandbox;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path directory;
  private Path fastRetries;

  @BeforeAll
  static void startSandbox() {
    sandbox = SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() throws Exception {
    post("/_sandbox/reset", "{}");
    fastRetries = directory.resolve("fast.yaml");
    Files.writeString(
        fastRetries,
        """
        plumbline:
          collect:
            retry:
              max-attempts: 3
              initial-backoff: 5ms
              max-backoff: 20ms
        """);
  }

  private static void post(String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(sandbox.host() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private LaunchResult scan(QuarkusMainLauncher launcher, Path out) {
    return launcher.launch(
        "scan",
        "--config",
        fastRetries.toString(),
        "--sandbox-url",
        sandbox.host().toString(),
        "--out",
        out.toString());
  }

  private static long workspace(int index) {
    return sandbox.sandbox().estate().workspaces().get(index).id();
  }

  @Test
  void aDemoScanWritesACompleteSnapshotAndItsReportsAndExitsOneOnTheEstatesDrift(
      QuarkusMainLauncher launcher) throws Exception {
    Path out = directory.resolve("demo");

    LaunchResult result = launcher.launch("scan", "--demo", "--out", out.toString());

    // the reference estate carries drift by design (a token that never expires among it)
    assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(result.getOutput())
        .contains("snapshot snap-")
        .contains("0 failed")
        .contains("databricks_mws_workspaces")
        // the console lists the 20 most severe failures first, then a count of the rest
        .contains("AWS-IAM-001")
        .contains("... and 8 more (see the reports)")
        .contains("gate: FAILED");
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    assertThat(snapshot.isComplete()).isTrue();
    assertThat(snapshot.resources("databricks_mws_workspaces")).hasSize(4);
    assertThat(snapshot.resources("aws_iam_role")).isNotEmpty();
    for (String report :
        List.of("findings.json", "findings.csv", "findings.sarif", "report.html")) {
      assertThat(out.resolve(report)).isRegularFile();
    }
    JsonNode findings = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
    assertThat(findings.at("/snapshot/id").asText()).isEqualTo(snapshot.id());
    assertThat(findings.path("findings").findValuesAsText("rule_id")).contains("DBX-TOK-001");
  }

  @Test
  void theGateThresholdAndFormatsAreOptionsOfTheScan(QuarkusMainLauncher launcher) {
    Path out = directory.resolve("gate-off");

    LaunchResult result =
        launcher.launch(
            "scan", "--demo", "--out", out.toString(), "--fail-on", "none", "--format", "sarif");

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(out.resolve("findings.sarif")).isRegularFile();
    assertThat(out.resolve("findings.json")).doesNotExist();
    assertThat(out.resolve("report.html")).doesNotExist();
  }

  @Test
  void scanningTheSameEstateTwiceGivesTheSameContentHash(QuarkusMainLauncher launcher) {
    LaunchResult first = scan(launcher, directory.resolve("one"));
    LaunchResult second = scan(launcher, directory.resolve("two"));

    assertThat(first.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(second.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    Snapshot a = SnapshotFiles.read(directory.resolve("one/snapshot.json.gz"));
    Snapshot b = SnapshotFiles.read(directory.resolve("two/snapshot.json.gz"));
    assertThat(b.contentHash()).isEqualTo(a.contentHash());
    assertThat(b.id()).isNotEqualTo(a.id());
  }

  @Test
  void aForbiddenWorkspaceMakesTheScanIncompleteWhileTheOthersAreRead(QuarkusMainLauncher launcher)
      throws Exception {
    long forbidden = workspace(1);
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/**\", \"workspace\": "
            + forbidden
            + ", \"status\": 403}]}");
    Path out = directory.resolve("forbidden");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(result.getOutput())
        .contains("FAILED workspace:" + forbidden)
        .contains("collection incomplete");
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    Scope failedScope = Scope.workspace(forbidden);
    assertThat(snapshot.failedCoverage())
        .isNotEmpty()
        .allSatisfy(coverage -> assertThat(coverage.scope()).isEqualTo(failedScope));
    assertThat(snapshot.coverage(Scope.workspace(workspace(0)), "databricks_cluster_policy"))
        .get()
        .matches(Coverage::isComplete);
    for (Coverage failed : snapshot.failedCoverage()) {
      assertThat(failed.reason().orElseThrow().httpStatus()).hasValue(403);
    }
  }

  @Test
  void aTruncatedPageIsFailedNotAnEmptyList(QuarkusMainLauncher launcher) throws Exception {
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/2.1/clusters/list\", \"body\": \"truncated\"}]}");
    Path out = directory.resolve("truncated");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    List<Coverage> clusters =
        snapshot.coverage().stream()
            .filter(c -> c.resourceType().equals("databricks_cluster"))
            .toList();
    assertThat(clusters).isNotEmpty().noneMatch(Coverage::isComplete);
    assertThat(snapshot.resources("databricks_cluster")).isEmpty();
  }

  @Test
  void malformedAccountResponsesFailTheirReadsAndTheScan(QuarkusMainLauncher launcher)
      throws Exception {
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/2.0/accounts/*/log-delivery\", \"body\": \"malformed\"}]}");
    Path out = directory.resolve("malformed");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    assertThat(snapshot.failedCoverage())
        .extracting(Coverage::resourceType)
        .containsExactly("databricks_mws_log_delivery");
  }

  @Test
  void persistentServerErrorsOnGroupReadsAreFailedWithTheirAttempts(QuarkusMainLauncher launcher)
      throws Exception {
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/2.0/accounts/*/scim/v2/Groups/*\", \"status\": 500}]}");
    Path out = directory.resolve("errors");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    Coverage members =
        snapshot
            .coverage(
                Scope.account(sandbox.sandbox().estate().accountId()), "databricks_group_member")
            .orElseThrow();
    assertThat(members.isComplete()).isFalse();
    assertThat(members.reason().orElseThrow().attempts()).isEqualTo(3);
  }

  @Test
  void intermittentThrottlingAndUnavailabilityEndComplete(QuarkusMainLauncher launcher)
      throws Exception {
    post(
        "/_sandbox/faults",
        "{\"faults\": ["
            + "{\"match\": \"/api/2.0/preview/scim/v2/**\", \"status\": 429, \"probability\": 0.3, \"retry_after\": 0},"
            + "{\"match\": \"/api/2.0/policies/**\", \"status\": 503, \"probability\": 0.3, \"retry_after\": 0},"
            + "{\"match\": \"/api/**\", \"latency_ms\": 5}]}");
    Path out = directory.resolve("flaky");

    LaunchResult result = scan(launcher, out);

    // complete: the exit code is the gate's (the reference estate's drift), not 3
    assertThat(result.exitCode()).as(result.getOutput()).isEqualTo(ExitCodes.FINDINGS);
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    assertThat(snapshot.isComplete()).isTrue();
    assertThat(snapshot.stats().throttled()).isPositive();
    Snapshot clean = SnapshotFiles.read(scanCleanly(launcher));
    assertThat(snapshot.contentHash()).isEqualTo(clean.contentHash());
  }

  private Path scanCleanly(QuarkusMainLauncher launcher) throws Exception {
    post("/_sandbox/faults", "{\"faults\": []}");
    Path out = directory.resolve("clean");
    assertThat(scan(launcher, out).exitCode()).isEqualTo(ExitCodes.FINDINGS);
    return out.resolve("snapshot.json.gz");
  }

  @Test
  void aThrottleStormOnOneWorkspaceEndsFailedForItsScimReads(QuarkusMainLauncher launcher)
      throws Exception {
    long throttled = workspace(2);
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/2.0/preview/scim/v2/**\", \"workspace\": "
            + throttled
            + ", \"status\": 429, \"retry_after\": 0}]}");
    Path out = directory.resolve("storm");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    Snapshot snapshot = SnapshotFiles.read(out.resolve("snapshot.json.gz"));
    assertThat(snapshot.failedCoverage())
        .isNotEmpty()
        .allSatisfy(
            coverage -> {
              assertThat(coverage.scope()).isEqualTo(Scope.workspace(throttled));
              assertThat(coverage.reason().orElseThrow().httpStatus()).hasValue(429);
            });
    List<Resource> usersOfThrottled =
        snapshot.resources("databricks_user").stream()
            .filter(r -> r.scope().equals(Scope.workspace(throttled)))
            .toList();
    assertThat(usersOfThrottled).isEmpty();
  }

  @Test
  void noSecretAppearsInTheOutputOrTheSnapshot(QuarkusMainLauncher launcher) throws Exception {
    String token = sandbox.sandbox().info().path("token").asText();
    // a failing read puts error messages (which name requests) into output and snapshot too
    post(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"/api/2.0/token-management/**\", \"status\": 500}]}");
    Path out = directory.resolve("secrets");

    LaunchResult result = scan(launcher, out);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    byte[] compressed = Files.readAllBytes(out.resolve("snapshot.json.gz"));
    String snapshot =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(token).isNotBlank();
    assertThat(snapshot).doesNotContain(token).doesNotContain("sandbox-secret");
    assertThat(result.getOutput()).doesNotContain(token);
    assertThat(result.getErrorOutput()).doesNotContain(token);
    for (String report :
        List.of("findings.json", "findings.csv", "findings.sarif", "report.html")) {
      assertThat(Files.readString(out.resolve(report))).doesNotContain(token);
    }
  }

  /**
   * The reference estate's sixteen drift entries, and the (rule, resource) failures each must
   * cause. A demo scan fails exactly these and nothing else: a new rule that fails the declared
   * estate, or a drift no rule sees any more, breaks this test.
   */
  private static final Map<String, List<String>> FAILURES_BY_DRIFT =
      Map.ofEntries(
          Map.entry(
              "prod-admin-user-added",
              List.of(
                  "DBX-BL-015 7400000000000031|7100000000000011",
                  "DBX-ID-004 7400000000000031|7100000000000011")),
          Map.entry(
              "qa-policy-autotermination-raised",
              List.of("DBX-BL-019 BD0C621DE49F145F", "DBX-CP-001 BD0C621DE49F145F")),
          Map.entry("prod-results-download-enabled", List.of("DBX-BL-022 _", "DBX-WSC-001 _")),
          Map.entry(
              "workspace-without-metastore",
              List.of(
                  "DBX-BL-002 1000000000000404",
                  "DBX-BL-004 1000000000000404|907a70c3-1012-4037-b64c-e4228c38fb29",
                  "DBX-BL-031 sandbox-ml-cross-account",
                  "DBX-UC-001 1000000000000404")),
          Map.entry(
              "cross-account-trust-external-id-removed",
              List.of("AWS-IAM-001 dev-cross-account", "DBX-BL-032 dev-cross-account")),
          Map.entry(
              "token-without-expiry",
              List.of(
                  "DBX-TOK-001 58b081006f7e3dfc967a64cb14028d512c9791e558e08baa7196b50ac2f86702")),
          Map.entry(
              "instance-profile-s3-star",
              List.of("AWS-IAM-005 qa-data-engineering", "DBX-BL-033 qa-data-engineering")),
          Map.entry(
              "unknown-group",
              List.of(
                  "DBX-BL-008 1000000000000303|7200000000000099", "DBX-BL-011 7200000000000099")),
          Map.entry(
              "init-script-added-by-hand",
              List.of("DBX-GIS-001 D4E7A19C3B8F0526", "DBX-GIS-002 D4E7A19C3B8F0526")),
          Map.entry("job-runs-as-user", List.of("DBX-BL-101 303012", "DBX-JOB-001 303012")),
          Map.entry(
              "users-manage-job", List.of("DBX-BL-105 /jobs/101011", "DBX-JOB-002 /jobs/101011")),
          // qa is Structural: a cluster ACL changed by hand there is observed, not drift
          Map.entry("cluster-restart-granted-in-structural-qa", List.of()),
          Map.entry(
              "repo-from-unapproved-host",
              List.of("DBX-BL-104 101000777", "DBX-WSO-003 101000777")),
          Map.entry("security-group-ssh-open", List.of("AWS-NET-001 sgr-0f9e8d7c6b5a43210")),
          Map.entry("peering-to-unknown-account", List.of("AWS-NET-003 pcx-0f1e2d3c4b5a69788")),
          Map.entry(
              "root-bucket-public-access-block-removed", List.of("AWS-S3-001 example-qa-root")));

  @Test
  void theDemoEstateFailsExactlyOnItsDriftEntries(QuarkusMainLauncher launcher) throws Exception {
    Path out = directory.resolve("drift");

    LaunchResult result =
        launcher.launch("scan", "--demo", "--fail-on", "none", "--out", out.toString());

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    JsonNode findings =
        new ObjectMapper().readTree(out.resolve("findings.json").toFile()).path("findings");
    List<String> failed = new ArrayList<>();
    for (JsonNode finding : findings) {
      if (finding.path("verdict").asText().equals("FAIL")) {
        failed.add(finding.path("rule_id").asText() + " " + finding.path("resource_id").asText());
      }
    }
    List<String> expected = FAILURES_BY_DRIFT.values().stream().flatMap(List::stream).toList();
    assertThat(failed).containsExactlyInAnyOrderElementsOf(expected);
    List<String> driftIds = new ArrayList<>();
    sandbox
        .sandbox()
        .estate()
        .document()
        .path("drift")
        .forEach(entry -> driftIds.add(entry.path("id").asText()));
    assertThat(FAILURES_BY_DRIFT.keySet()).containsExactlyInAnyOrderElementsOf(driftIds);
  }

  @Test
  void anUnreachableSandboxIsAnIncompleteScan(QuarkusMainLauncher launcher) {
    LaunchResult result =
        launcher.launch(
            "scan", "--sandbox-url", "http://127.0.0.1:9", "--out", directory.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(result.getErrorOutput()).contains("cannot reach the sandbox");
  }
}
