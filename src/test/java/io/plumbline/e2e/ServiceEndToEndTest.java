package io.plumbline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.audit.EvaluationService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.export.alert.AlertmanagerProcess;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.scheduler.ScheduleSettings;
import io.plumbline.serve.PlumblineService;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.StoreSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service with real neighbours on loopback: it scans the sandbox, a real Prometheus scrapes its
 * management port and evaluates deploy/prometheus/plumbline-alerts.yml, and a real Alertmanager
 * receives its direct alerts. One hand-made change in the estate must raise the finding's alert in
 * both; undoing it must resolve both.
 */
@QuarkusTest
@TestProfile(ServiceEndToEndTest.Neighbours.class)
class ServiceEndToEndTest {

  private static final String RULE = "DBX-WSC-001";
  private static final String SANDBOX_TOKEN = "dapi-plumbline-sandbox-token";

  public static final class Neighbours implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.management.test-port",
              Integer.toString(io.plumbline.testing.LoopbackServer.freePort()),
          "plumbline.alert.sinks.alertmanager.type", "alertmanager",
          "plumbline.alert.sinks.alertmanager.url",
              "http://127.0.0.1:" + io.plumbline.testing.LoopbackServer.freePort() + "/",
          "plumbline.alert.renotify-interval", "1m",
          "plumbline.alert.resolve-timeout", "10m");
    }
  }

  @Inject PlumblineService service;

  private final HttpClient http = HttpClient.newHttpClient();
  private SandboxServer sandbox;
  private AlertmanagerProcess alertmanager;
  private PrometheusProcess prometheus;

  @AfterEach
  void stopEverything() throws Exception {
    service.stop();
    if (prometheus != null) {
      prometheus.close();
    }
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void aHandMadeChangeRaisesTheAlertInPrometheusAndAlertmanagerAndUndoingItResolvesBoth()
      throws Exception {
    // the ports are the ones the profile put into the configuration the service runs with
    org.eclipse.microprofile.config.Config config =
        org.eclipse.microprofile.config.ConfigProvider.getConfig();
    int managementPort = config.getValue("quarkus.management.test-port", Integer.class);
    int alertmanagerPort =
        URI.create(config.getValue("plumbline.alert.sinks.alertmanager.url", String.class))
            .getPort();
    Path directory = Files.createTempDirectory("plumbline-e2e-");
    alertmanager =
        AlertmanagerProcess.start(
            Files.createDirectories(directory.resolve("alertmanager")), alertmanagerPort);
    // the declared estate: compliant, so every alert that fires later comes from the change
    sandbox =
        SandboxServer.start(SandboxOptions.of(DemoScans.estateWith(Set.of())).withPorts(0, 0));
    startService(directory);
    ScanSummary first = awaitScans(1);
    assertThat(first.findings(io.plumbline.model.Verdict.FAIL)).isZero();
    prometheus =
        PrometheusProcess.start(
            Files.createDirectories(directory.resolve("prometheus")),
            managementPort,
            Path.of("deploy/prometheus/plumbline-alerts.yml"),
            alertmanagerPort);
    awaitUntil(
        "Prometheus scrapes the service", () -> prometheus.query("up{job=\"plumbline\"}") == 1.0);

    patchEstate(
        "[{\"op\": \"replace\", \"path\": \"/workspaces/prod/workspace_conf/enableResultsDownloading\","
            + " \"value\": \"true\"}]");
    service.requestScan("e2e-test");
    ScanSummary drifted = awaitScans(2);
    assertThat(drifted.findings(io.plumbline.model.Verdict.FAIL)).isPositive();

    awaitUntil("Alertmanager holds the direct alert for " + RULE, () -> !directAlerts().isEmpty());
    JsonNode direct = directAlerts().get(0);
    assertThat(direct.path("labels").path("severity").asText()).isEqualTo("high");
    assertThat(direct.path("labels").path("workspace").asText()).isEqualTo("1000000000000303");
    assertThat(direct.path("labels").path("fingerprint").asText()).isNotBlank();
    assertThat(direct.path("annotations").path("summary").asText()).isNotBlank();
    awaitUntil(
        "Prometheus fires PlumblineFindingOpen for " + RULE,
        () -> firingFor("PlumblineFindingOpen", RULE));
    awaitUntil(
        "Prometheus fires PlumblineNewFinding for " + RULE,
        () -> firingFor("PlumblineNewFinding", RULE));

    resetEstate();
    service.requestScan("e2e-test");
    ScanSummary reverted = awaitScans(3);
    assertThat(reverted.findings(io.plumbline.model.Verdict.FAIL)).isZero();

    awaitUntil("Alertmanager resolves the direct alert", () -> directAlerts().isEmpty());
    awaitUntil(
        "Prometheus stops firing PlumblineFindingOpen",
        () -> !firingFor("PlumblineFindingOpen", RULE));
  }

  /**
   * plumbline's own alerts for the rule; Prometheus forwards its alerts to the same Alertmanager,
   * and PlumblineNewFinding rightly stays for an hour after the fix.
   */
  private List<JsonNode> directAlerts() throws Exception {
    return alertmanager.activeAlerts("rule", RULE).stream()
        .filter(alert -> alert.path("labels").path("alertname").asText().equals("PlumblineFinding"))
        .toList();
  }

  private boolean firingFor(String alert, String rule) throws Exception {
    return prometheus.firing(alert).stream()
        .anyMatch(firing -> firing.path("labels").path("rule").asText().equals(rule));
  }

  private void startService(Path directory) {
    SandboxServer served = sandbox;
    service.start(
        new PlumblineService.Settings(
            StoreSettings.of("jdbc:h2:file:" + directory.resolve("store/plumbline")),
            ScheduleSettings.ofCron("0 0 0 1 1 ? 2099"),
            () ->
                CollectPlan.forSandbox(
                    served.host(),
                    served.sandbox().info(),
                    CollectionRun.Settings.defaults(),
                    Duration.ofSeconds(10)),
            EvaluationService.Options.defaults(),
            directory.resolve("data"),
            EnumSet.of(ReportFormat.JSON),
            Duration.ofSeconds(1),
            true),
        "e2e");
  }

  private ScanSummary awaitScans(int count) throws Exception {
    awaitUntil(
        count + " stored scan(s)", () -> service.store().scans(Optional.empty()).size() >= count);
    List<ScanSummary> scans = service.store().scans(Optional.empty());
    return scans.get(scans.size() - 1);
  }

  private void patchEstate(String patch) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.host() + "/_sandbox/estate"))
                .header("Authorization", "Bearer " + SANDBOX_TOKEN)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private void resetEstate() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.host() + "/_sandbox/reset"))
                .header("Authorization", "Bearer " + SANDBOX_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private void awaitUntil(String what, Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "timed out waiting for: "
            + what
            + (prometheus == null ? "" : "\nPrometheus log tail:\n" + tail(prometheus.log())));
  }

  private static String tail(String log) {
    return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
  }
}
