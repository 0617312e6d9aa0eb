package io.plumbline.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.audit.EvaluationService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.scheduler.ScheduleSettings;
import io.plumbline.store.ScanStatus;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stopping the service while a scan runs: the scan gets the grace period, and one that does not
 * finish in it is recorded as ABORTED, in the hash chain like any other scan.
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.OwnApplication.class)
class GracefulShutdownTest {

  /** A profile of its own: the scheduler is one per JVM, so this test runs its own service. */
  public static final class OwnApplication implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("plumbline.serve.scan-on-start", "true");
    }
  }

  @Inject PlumblineService service;

  @Test
  void aScanThatOutlivesTheGracePeriodIsRecordedAborted() throws Exception {
    Path directory = Files.createTempDirectory("plumbline-shutdown-");
    StoreSettings store = StoreSettings.of("jdbc:h2:file:" + directory.resolve("store/plumbline"));
    // every workspace call takes a second: the scan is still running when the service stops
    SandboxOptions slow =
        SandboxOptions.of(EstateLoader.loadDefault())
            .withPorts(0, 0)
            .withFaults(
                new ObjectMapper()
                    .readTree(
                        "{\"faults\": [{\"match\": \"/api/2.0/preview/**\", \"latency_ms\": 1000}]}"));
    try (SandboxServer sandbox = SandboxServer.start(slow)) {
      service.start(
          new PlumblineService.Settings(
              store,
              ScheduleSettings.ofCron("0 0 0 1 1 ? 2099").withShutdownGrace(Duration.ofSeconds(1)),
              () ->
                  CollectPlan.forSandbox(
                      sandbox.host(),
                      sandbox.sandbox().info(),
                      CollectionRun.Settings.defaults(),
                      Duration.ofSeconds(30)),
              EvaluationService.Options.defaults(),
              directory.resolve("data"),
              EnumSet.of(ReportFormat.JSON),
              Duration.ofHours(1),
              true),
          "test");
      awaitRunningScan();

      service.stop();
    }

    try (Store reopened = Store.open(store)) {
      List<ScanSummary> scans = reopened.scans(Optional.empty());
      assertThat(scans).hasSize(1);
      assertThat(scans.get(0).status()).isEqualTo(ScanStatus.ABORTED);
      assertThat(scans.get(0).error()).isPresent();
      assertThat(reopened.verify().intact()).isTrue();
    }
    assertThat(service.lastRun())
        .get()
        .extracting(PlumblineService.LastRun::result)
        .isEqualTo("aborted");
  }

  private void awaitRunningScan() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (service.isScanRunning()) {
        Thread.sleep(500); // well inside the collection, past the rule pack's load
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no scan started within 60 s");
  }
}
