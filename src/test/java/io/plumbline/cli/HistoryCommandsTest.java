package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scan remembers, and history, diff and verify read what it remembered: two scans of the sandbox
 * with a hand-made change between them, through the CLI as users run it.
 */
@QuarkusMainTest
class HistoryCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "dapi-plumbline-sandbox-token";

  @TempDir Path directory;

  @Test
  void twoScansWithAChangeBetweenThemShowInHistoryDiffAndVerify(QuarkusMainLauncher launcher)
      throws Exception {
    String store = "jdbc:h2:file:" + directory.resolve("store/plumbline");
    try (SandboxServer sandbox =
        SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()).withPorts(0, 0))) {
      LaunchResult first = scan(launcher, sandbox, store, "first");
      assertThat(first.getOutput()).contains("stored as scan").contains("first stored scan");

      patch(
          sandbox,
          "[{\"op\": \"replace\", \"path\": \"/workspaces/dev/workspace_conf/enableResultsDownloading\","
              + " \"value\": \"true\"}]");
      LaunchResult second = scan(launcher, sandbox, store, "second");
      assertThat(second.getOutput())
          .contains("lifecycle: 2 new")
          .contains("drift since the previous scan: 0 added, 0 removed, 1 changed, 0 unknown");
    }

    LaunchResult history = launcher.launch("history", "--store-url", store, "--format", "json");
    assertThat(history.exitCode()).as(history.getErrorOutput()).isZero();
    JsonNode document = JSON.readTree(history.getOutput());
    List<String> scanIds = new ArrayList<>();
    document.path("scans").forEach(scan -> scanIds.add(scan.path("scan_id").asText()));
    assertThat(scanIds).hasSize(2).allMatch(id -> id.startsWith("scan-"));
    assertThat(document.path("scans").get(1).path("finished_at").asText()).endsWith("Z");
    // the reference estate's 22 FAILs, plus the two the test's change opens
    assertThat(document.path("scans").get(1).path("findings").path("fail").asInt()).isEqualTo(24);
    JsonNode opened = null;
    for (JsonNode lifecycle : document.path("lifecycles")) {
      if (lifecycle.path("rule_id").asText().equals("DBX-WSC-001")
          && lifecycle.path("scope").asText().equals("workspace:1000000000000101")) {
        opened = lifecycle;
      }
    }
    assertThat(opened).as("the DBX-WSC-001 lifecycle in dev").isNotNull();
    assertThat(opened.path("state").asText()).isEqualTo("open");
    assertThat(opened.path("first_seen_scan").asText()).isEqualTo(scanIds.get(1));

    LaunchResult one =
        launcher.launch(
            "history", "--store-url", store, "--finding", opened.path("fingerprint").asText());
    assertThat(one.exitCode()).isZero();
    assertThat(one.getOutput()).contains("DBX-WSC-001").contains("new");
    LaunchResult oneJson =
        launcher.launch(
            "history",
            "--store-url",
            store,
            "--format",
            "json",
            "--finding",
            opened.path("fingerprint").asText());
    assertThat(oneJson.exitCode()).as(oneJson.getErrorOutput()).isZero();
    JsonNode lifecycle = JSON.readTree(oneJson.getOutput());
    assertThat(lifecycle.path("rule_id").asText()).isEqualTo("DBX-WSC-001");
    assertThat(lifecycle.path("history")).hasSize(1);
    assertThat(lifecycle.path("history").get(0).path("event").asText()).isEqualTo("new");
    assertThat(lifecycle.path("history").get(0).path("scan_id").asText()).isEqualTo(scanIds.get(1));

    LaunchResult diff =
        launcher.launch(
            "diff", scanIds.get(0), scanIds.get(1), "--store-url", store, "--format", "json");
    assertThat(diff.exitCode()).as(diff.getErrorOutput()).isZero();
    JsonNode changes = JSON.readTree(diff.getOutput()).path("changes");
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).path("kind").asText()).isEqualTo("changed");
    assertThat(changes.get(0).path("scope").asText()).isEqualTo("workspace:1000000000000101");

    LaunchResult files =
        launcher.launch(
            "diff",
            directory.resolve("first").toString(),
            directory.resolve("second").resolve("snapshot.json.gz").toString());
    assertThat(files.exitCode()).as(files.getErrorOutput()).isZero();
    assertThat(files.getOutput()).contains("changed").contains("enableResultsDownloading");

    LaunchResult intact = launcher.launch("verify", "--store-url", store);
    assertThat(intact.exitCode()).as(intact.getOutput()).isZero();

    try (Connection connection = DriverManager.getConnection(store);
        Statement statement = connection.createStatement()) {
      int changed =
          statement.executeUpdate(
              "UPDATE findings SET verdict = 'WAIVED' WHERE rule_id = 'DBX-WSC-001'"
                  + " AND scan_id = '"
                  + scanIds.get(1)
                  + "'");
      assertThat(changed).isPositive();
    }
    LaunchResult tampered = launcher.launch("verify", "--store-url", store);
    assertThat(tampered.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(tampered.getOutput()).contains(scanIds.get(1)).contains("findings changed");
  }

  private LaunchResult scan(
      QuarkusMainLauncher launcher, SandboxServer sandbox, String store, String out) {
    LaunchResult result =
        launcher.launch(
            "scan",
            "--sandbox-url",
            sandbox.host().toString(),
            "--store-url",
            store,
            "--out",
            directory.resolve(out).toString(),
            "--fail-on",
            "none");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    return result;
  }

  private static void patch(SandboxServer sandbox, String patch) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.host() + "/_sandbox/estate"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
