package io.plumbline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.audit.EvaluationService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.scheduler.ScheduleSettings;
import io.plumbline.serve.PlumblineService;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The service as tests drive it: the default sandbox estate on free ports, an H2 store in a
 * temporary directory, no scheduled scan in the test's lifetime (scans run on request), and three
 * bearer tokens, one per role, configured as SHA-256 digests like a real deployment.
 */
final class ServiceUnderTest {

  static final String VIEWER_TOKEN = "viewer-token-for-tests";
  static final String AUDITOR_TOKEN = "auditor-token-for-tests";
  static final String OPERATOR_TOKEN = "operator-token-for-tests";

  /** A cron that never fires while a test runs: scans run when a test asks for one. */
  static final String NEVER = "0 0 0 1 1 ? 2099";

  private static SandboxServer sandbox;
  private static Path directory;

  private ServiceUnderTest() {}

  /**
   * Tokens as configuration, and the management interface on a port chosen here, so that tests can
   * scrape /q/metrics and /q/health (read it back with {@link #managementPort()}).
   */
  public static final class Profile implements io.quarkus.test.junit.QuarkusTestProfile {
    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      java.util.Map<String, String> config = new java.util.HashMap<>(tokenConfig());
      config.put("quarkus.management.test-port", Integer.toString(freePort()));
      return config;
    }
  }

  static int managementPort() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue("quarkus.management.test-port", Integer.class);
  }

  private static int freePort() {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.util.Map<String, String> tokenConfig() {
    return java.util.Map.of(
        "plumbline.api.tokens.test-viewer.role",
        "viewer",
        "plumbline.api.tokens.test-viewer.sha256",
        sha256(VIEWER_TOKEN),
        "plumbline.api.tokens.test-auditor.role",
        "auditor",
        "plumbline.api.tokens.test-auditor.sha256",
        sha256(AUDITOR_TOKEN),
        "plumbline.api.tokens.test-operator.role",
        "operator",
        "plumbline.api.tokens.test-operator.sha256",
        sha256(OPERATOR_TOKEN));
  }

  /** Starts the sandbox and the service once per test run, and waits for the first scan. */
  static synchronized SandboxServer start(PlumblineService service) {
    if (service.isRunning()) {
      return sandbox;
    }
    try {
      sandbox = SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()).withPorts(0, 0));
      directory = Files.createTempDirectory("plumbline-service-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SandboxServer served = sandbox;
    PlumblineService.Settings settings =
        new PlumblineService.Settings(
            StoreSettings.of("jdbc:h2:file:" + directory.resolve("store/plumbline")),
            ScheduleSettings.ofCron(NEVER),
            () ->
                CollectPlan.forSandbox(
                    served.host(),
                    served.sandbox().info(),
                    CollectionRun.Settings.defaults(),
                    Duration.ofSeconds(10)),
            EvaluationService.Options.defaults(),
            directory.resolve("data"),
            EnumSet.allOf(ReportFormat.class),
            Duration.ofHours(1),
            true);
    service.start(settings, "test");
    awaitScans(service, 1);
    return sandbox;
  }

  static SandboxServer sandbox() {
    return sandbox;
  }

  /** Waits until the store holds {@code count} scans; returns the latest. */
  static ScanSummary awaitScans(PlumblineService service, int count) {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      List<ScanSummary> scans = service.store().scans(Optional.empty());
      if (scans.size() >= count) {
        return scans.get(scans.size() - 1);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    assertThat(service.store().scans(Optional.empty()))
        .as("stored scans")
        .hasSizeGreaterThanOrEqualTo(count);
    throw new AssertionError("unreachable");
  }

  static String sha256(String value) {
    return HexFormat.of().formatHex(io.plumbline.api.ApiTokens.sha256(value));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
