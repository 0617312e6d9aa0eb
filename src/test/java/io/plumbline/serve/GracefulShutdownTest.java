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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /**
   * Longer than any run of this test: a workspace call the sandbox holds this long has not answered
   * when the service stops, so the scan cannot end within the grace period.
   */
  private static final long HELD_MILLIS = Duration.ofMinutes(10).toMillis();

  @Inject PlumblineService service;

  @Test
  void aScanThatOutlivesTheGracePeriodIsRecordedAborted() throws Exception {
    Path directory = Files.createTempDirectory("plumbline-shutdown-");
    StoreSettings store = StoreSettings.of("jdbc:h2:file:" + directory.resolve("store/plumbline"));
    // no workspace call answers before the sandbox closes: the scan is still collecting when the
    // service stops, whatever the machine's speed
    SandboxOptions held =
        SandboxOptions.of(EstateLoader.loadDefault())
            .withPorts(0, 0)
            .withFaults(
                new ObjectMapper()
                    .readTree(
                        "{\"faults\": [{\"match\": \"/api/2.0/preview/**\", \"latency_ms\": "
                            + HELD_MILLIS
                            + "}]}"));
    // the scan asks for its collection plan once the rule pack is loaded, as collection begins
    CountDownLatch collecting = new CountDownLatch(1);
    try (SandboxServer sandbox = SandboxServer.start(held)) {
      service.start(
          new PlumblineService.Settings(
              store,
              ScheduleSettings.ofCron("0 0 0 1 1 ? 2099").withShutdownGrace(Duration.ofSeconds(1)),
              () -> {
                collecting.countDown();
                return CollectPlan.forSandbox(
                    sandbox.host(),
                    sandbox.sandbox().info(),
                    CollectionRun.Settings.defaults(),
                    Duration.ofMillis(HELD_MILLIS));
              },
              EvaluationService.Options.defaults(),
              directory.resolve("data"),
              EnumSet.of(ReportFormat.JSON),
              Duration.ofHours(1),
              true),
          "test");
      assertThat(collecting.await(60, TimeUnit.SECONDS))
          .as("the scan on start began collecting within 60 s")
          .isTrue();

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
}
