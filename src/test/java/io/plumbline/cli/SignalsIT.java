package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.store.ScanStatus;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import io.plumbline.testing.LoopbackServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What plumbline promises when it is stopped, with the packaged jar run as a user runs it. SIGTERM
 * while the service scans: the process exits within the shutdown grace and a few seconds, the scan
 * is recorded (ABORTED, or finished if it made it) and the store verifies. SIGKILL right after
 * {@code scan} said a scan was stored: the scan is in the store.
 */
class SignalsIT {

  private static final Duration GRACE = Duration.ofSeconds(2);

  /**
   * The grace, the 10 s an aborted scan gets to unwind, and room for a JVM on a busy machine: a
   * bound against the process never exiting, which is what it did before.
   */
  private static final Duration EXIT_LIMIT = GRACE.plusSeconds(40);

  private static final Duration START_LIMIT = Duration.ofMinutes(4);
  private static final String NEVER = "0 0 0 1 1 ? 2099";
  private static final Pattern SCAN_STARTED =
      Pattern.compile("scan (scan-\\S+) started \\((manual:startup|schedule)\\)");
  private static final Pattern OPERATOR_TOKEN = Pattern.compile("operator\\s+(plb-demo-\\w+)");
  private static final Pattern STORED =
      Pattern.compile(
          "stored scan (scan-\\S+) \\(\\w+\\) as seq (\\d+)|stored as scan (scan-\\S+)");

  @Test
  void sigtermDuringTheStartUpScanExitsWithTheScanRecordedAndTheStoreIntact(@TempDir Path directory)
      throws Exception {
    try (PackagedRun demo = demo(directory, true, NEVER)) {
      demo.awaitLine(SCAN_STARTED, START_LIMIT);

      demo.terminate();

      demo.awaitExit(EXIT_LIMIT);
      assertRecordedAndIntact(directory, demo.output(), 1);
    }
  }

  @Test
  void sigtermDuringAScheduledScanExitsWithTheScanRecordedAndTheStoreIntact(@TempDir Path directory)
      throws Exception {
    try (PackagedRun demo = demo(directory, false, "0/5 * * * * ?")) {
      demo.awaitLine(SCAN_STARTED, START_LIMIT);

      demo.terminate();

      demo.awaitExit(EXIT_LIMIT);
      assertRecordedAndIntact(directory, demo.output(), 1);
    }
  }

  @Test
  void sigtermRightAfterAnOnDemandRequestExitsWithTheStoreIntact(@TempDir Path directory)
      throws Exception {
    int port = LoopbackServer.freePort();
    try (PackagedRun demo = demo(directory, false, NEVER, "-Dquarkus.http.port=" + port)) {
      String token = demo.awaitLine(OPERATOR_TOKEN, START_LIMIT).group(1);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scans"))
                      .header("Authorization", "Bearer " + token)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

      demo.terminate();

      demo.awaitExit(EXIT_LIMIT);
      // the request may not have started before the stop: then it waits in the store for the
      // next start, and nothing is recorded yet
      assertRecordedAndIntact(directory, demo.output(), 0);
    }
  }

  @Test
  void sigkillRightAfterAScanSaysStoredLeavesItInTheStoreItNamed(@TempDir Path directory)
      throws Exception {
    String storeUrl = "jdbc:h2:file:" + directory.resolve("named/plumbline").toAbsolutePath();

    String scanId = scanAndKillWhenStored(directory, "--store-url", storeUrl);

    assertListedAndVerified(directory, scanId, "--store-url", storeUrl);
  }

  @Test
  void sigkillRightAfterAScanSaysStoredLeavesItInTheDefaultStore(@TempDir Path directory)
      throws Exception {
    String scanId = scanAndKillWhenStored(directory);

    assertListedAndVerified(directory, scanId);
  }

  private static PackagedRun demo(
      Path directory, boolean scanOnStart, String cron, String... jvmOptions) {
    List<String> options = new ArrayList<>(List.of(jvmOptions));
    options.add("-Dplumbline.schedule.shutdown-grace=" + GRACE.toSeconds() + "s");
    options.add("-Dplumbline.serve.scan-on-start=" + scanOnStart);
    if (options.stream().noneMatch(option -> option.startsWith("-Dquarkus.http.port="))) {
      options.add("-Dquarkus.http.port=0");
    }
    options.add("-Dquarkus.management.port=0");
    return PackagedRun.start(
        directory,
        options,
        "demo",
        "--sandbox-port",
        "0",
        "--store-dir",
        directory.toString(),
        "--cron",
        cron);
  }

  /** The demo's store: every scan finished or ABORTED, none left RUNNING, the chain intact. */
  private static void assertRecordedAndIntact(Path directory, String output, int atLeast) {
    assertThat(output)
        .doesNotContain("Database is already closed")
        .doesNotContain("The database has been closed")
        .contains("service stopped");
    StoreSettings settings =
        StoreSettings.of("jdbc:h2:file:" + directory.resolve("store/plumbline").toAbsolutePath());
    try (Store store = Store.open(settings)) {
      List<ScanSummary> scans = store.scans(Optional.empty());
      assertThat(scans).as(output).hasSizeBetween(atLeast, 1);
      assertThat(scans)
          .extracting(ScanSummary::status)
          .allMatch(status -> status != ScanStatus.FAILED);
      assertThat(store.verify().intact()).isTrue();
    }
  }

  /** Runs {@code scan --demo} and kills it (SIGKILL) the moment it says the scan is stored. */
  private static String scanAndKillWhenStored(Path directory, String... storeOptions)
      throws Exception {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "scan",
                "--demo",
                "--fail-on",
                "none",
                "--out",
                directory.resolve("out").toString()));
    arguments.addAll(List.of(storeOptions));
    try (PackagedRun scan =
        PackagedRun.start(directory, List.of(), arguments.toArray(String[]::new))) {
      Matcher stored = scan.awaitLine(STORED, START_LIMIT);

      scan.kill();

      scan.awaitExit(EXIT_LIMIT);
      return stored.group(1) != null ? stored.group(1) : stored.group(3);
    }
  }

  private static void assertListedAndVerified(Path directory, String scanId, String... storeOptions)
      throws Exception {
    List<String> history = new ArrayList<>(List.of("history"));
    history.addAll(List.of(storeOptions));
    PackagedRun.Result listed = PackagedRun.run(directory, history.toArray(String[]::new));
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    assertThat(listed.output()).contains(scanId);

    List<String> verify = new ArrayList<>(List.of("verify"));
    verify.addAll(List.of(storeOptions));
    PackagedRun.Result verified = PackagedRun.run(directory, verify.toArray(String[]::new));
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    assertThat(verified.output()).contains("intact: 1 scan checked");
  }
}
