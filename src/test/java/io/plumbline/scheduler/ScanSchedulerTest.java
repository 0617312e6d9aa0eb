package io.plumbline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.plumbline.error.PlumblineException;
import io.plumbline.scheduler.RecordingRunner.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanSchedulerTest {

  private static final String EVERY_SECOND = "* * * * * ?";
  // a schedule that exists but does not fire while a test runs
  private static final String NEW_YEAR_2099 = "0 0 0 1 1 ? 2099";

  @TempDir Path directory;
  private AgroalDataSource dataSource;

  @BeforeEach
  void openDatabase() {
    dataSource = TestDatabases.migratedH2(directory);
  }

  @AfterEach
  void closeDatabase() {
    dataSource.close();
  }

  private ScanScheduler start(String cron, ScanJobRunner runner) {
    return start(settings(cron), runner);
  }

  private ScanScheduler start(ScheduleSettings settings, ScanJobRunner runner) {
    return ScanScheduler.start(dataSource, DatabaseVendor.H2, settings, runner);
  }

  private static ScheduleSettings settings(String cron) {
    return ScheduleSettings.ofCron(cron)
        .withInstanceId("h2-test")
        .withClusterCheckinInterval(Duration.ofSeconds(1));
  }

  @Test
  void aCronFiringEverySecondRunsTheRunnerWithTheScheduledTime() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMillis(50));
    try (ScanScheduler scheduler = start(EVERY_SECOND, runner)) {
      Waiting.until("two scans ran", Duration.ofSeconds(10), () -> runner.runs().size() >= 2);
    }

    List<ScanRequest> requests = runner.runs().stream().map(Run::request).toList();
    assertThat(requests)
        .allSatisfy(
            request -> {
              assertThat(request.trigger()).isEqualTo("schedule");
              assertThat(request.instanceId()).isEqualTo("h2-test");
              assertThat(request.scheduledAt().getNano()).isZero();
            });
    assertThat(requests).extracting(ScanRequest::scheduledAt).doesNotHaveDuplicates();
    assertThat(requests).extracting(ScanRequest::requestId).doesNotHaveDuplicates();
  }

  @Test
  void triggerNowRunsExactlyOneScanMore() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMillis(50));
    try (ScanScheduler scheduler = start(NEW_YEAR_2099, runner)) {
      Instant asked = Instant.now();
      OnDemandScan ack = scheduler.triggerNow("alice");

      Waiting.until(
          "the on-demand scan ran", Duration.ofSeconds(10), () -> !runner.runs().isEmpty());
      Waiting.sleep(Duration.ofMillis(1500));

      assertThat(ack.coalesced()).isFalse();
      assertThat(runner.runs()).hasSize(1);
      ScanRequest request = runner.runs().get(0).request();
      assertThat(request.trigger()).isEqualTo("manual:alice");
      assertThat(request.requestId()).isEqualTo(ack.requestId());
      assertThat(request.scheduledAt()).isBetween(asked, Instant.now());
      assertThat(scheduler.isScanRunning()).isFalse();
    }
  }

  @Test
  void anOnDemandRequestDuringAScanWaitsForItThenRunsOnceForAllWhoAsked() {
    RecordingRunner runner = RecordingRunner.heldOpen();
    OnDemandScan second;
    try (ScanScheduler scheduler = start(NEW_YEAR_2099, runner)) {
      scheduler.triggerNow("first");
      Waiting.until(
          "the first scan started", Duration.ofSeconds(10), () -> !runner.started().isEmpty());

      second = scheduler.triggerNow("second");
      OnDemandScan third = scheduler.triggerNow("third");
      OnDemandScan fourth = scheduler.triggerNow("fourth");
      Waiting.sleep(Duration.ofSeconds(1));

      assertThat(runner.started()).hasSize(1);
      assertThat(scheduler.isScanRunning()).isTrue();
      assertThat(second.coalesced()).isFalse();
      assertThat(third).isEqualTo(new OnDemandScan(second.requestId(), true));
      assertThat(fourth).isEqualTo(new OnDemandScan(second.requestId(), true));

      runner.releaseOne();
      Waiting.until(
          "the second scan started", Duration.ofSeconds(10), () -> runner.started().size() == 2);
      runner.releaseOne();
      Waiting.until(
          "the second scan ended", Duration.ofSeconds(10), () -> runner.runs().size() == 2);
      Waiting.sleep(Duration.ofMillis(1500));

      assertThat(runner.started()).hasSize(2);
      assertThat(scheduler.isScanRunning()).isFalse();
    }
    List<Run> runs = runner.runs();
    assertThat(runs.get(1).request().trigger()).isEqualTo("manual:second");
    assertThat(runs.get(1).request().requestId()).isEqualTo(second.requestId());
    assertThat(runs.get(1).start()).isAfterOrEqualTo(runs.get(0).end());
    assertThat(runner.maxConcurrent()).isEqualTo(1);
  }

  @Test
  void anOnDemandRequestThatWaitedLongerThanTheMisfireThresholdRunsAsSoonAsTheScanEnds() {
    // found by the soak benchmark: behind a two-minute scan, the request waited for Quartz's
    // misfire handler (up to one threshold more) and the next cron time could overtake it
    Duration misfireThreshold = Duration.ofSeconds(12);
    RecordingRunner runner = RecordingRunner.heldOpen();
    try (ScanScheduler scheduler =
        ScanScheduler.start(
            dataSource, DatabaseVendor.H2, settings(NEW_YEAR_2099), runner, misfireThreshold)) {
      scheduler.triggerNow("first");
      Waiting.until(
          "the first scan started", Duration.ofSeconds(10), () -> !runner.started().isEmpty());
      scheduler.triggerNow("second");
      Waiting.sleep(misfireThreshold.plusSeconds(1));

      runner.releaseOne();
      Waiting.until(
          "the second scan started", Duration.ofSeconds(30), () -> runner.started().size() == 2);
      runner.releaseOne();
      Waiting.until(
          "the second scan ended", Duration.ofSeconds(10), () -> runner.runs().size() == 2);
    }

    List<Run> runs = runner.runs();
    assertThat(runs.get(1).request().trigger()).isEqualTo("manual:second");
    assertThat(Duration.between(runs.get(0).end(), runs.get(1).start()))
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void scansLongerThanTheCronIntervalAndOnDemandScansNeverOverlap() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMillis(1300));
    try (ScanScheduler scheduler = start(EVERY_SECOND, runner)) {
      for (int i = 0; i < 4; i++) {
        Waiting.sleep(Duration.ofMillis(900));
        scheduler.triggerNow("operator");
      }
      Waiting.until("five scans ran", Duration.ofSeconds(20), () -> runner.runs().size() >= 5);
    }

    List<Run> runs = runner.runs();
    assertThat(runner.maxConcurrent()).isEqualTo(1);
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).start()).isAfterOrEqualTo(runs.get(i - 1).end());
    }
    assertThat(runs)
        .extracting(run -> run.request().trigger())
        .contains("schedule", "manual:operator");
  }

  @Test
  void cronTimesMissedDuringALongScanRunOnceAfterItNotOnceEach() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMillis(3500));
    try (ScanScheduler scheduler = start(EVERY_SECOND, runner)) {
      Waiting.until("three scans ran", Duration.ofSeconds(20), () -> runner.runs().size() >= 3);
    }

    List<Run> runs = runner.runs();
    for (int i = 1; i < runs.size(); i++) {
      // the latest cron time due when the previous scan ended, not the first one it held up
      assertThat(runs.get(i).request().scheduledAt())
          .isAfter(runs.get(i - 1).end().minusSeconds(1));
      assertThat(runs.get(i).start()).isAfterOrEqualTo(runs.get(i - 1).end());
    }
  }

  @Test
  void closeDuringAScanWaitsForItToEnd() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMillis(1500));
    ScanScheduler scheduler = start(NEW_YEAR_2099, runner);
    scheduler.triggerNow("alice");
    Waiting.until("the scan started", Duration.ofSeconds(10), () -> !runner.started().isEmpty());

    scheduler.close();

    assertThat(runner.runs()).hasSize(1);
    assertThat(runner.runs().get(0).interrupted()).isFalse();
    assertThat(runner.aborts()).isEmpty();
  }

  @Test
  void closeWithAShortGraceInterruptsTheScanAndReportsItAborted() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ofMinutes(1));
    ScanScheduler scheduler =
        start(settings(NEW_YEAR_2099).withShutdownGrace(Duration.ofMillis(300)), runner);
    OnDemandScan ack = scheduler.triggerNow("alice");
    Waiting.until("the scan started", Duration.ofSeconds(10), () -> !runner.started().isEmpty());

    Instant closing = Instant.now();
    scheduler.close();

    assertThat(Duration.between(closing, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(runner.aborts())
        .singleElement()
        .satisfies(
            abort -> {
              assertThat(abort.request().requestId()).isEqualTo(ack.requestId());
              assertThat(abort.reason())
                  .contains("h2-test")
                  .contains("PT0.3S")
                  .contains("plumbline.schedule.shutdown-grace");
            });
    assertThat(runner.runs()).singleElement().extracting(Run::interrupted).isEqualTo(true);
  }

  @Test
  void closeEndsWhenTheDatabaseIsGoneBeforeQuartzRecordsTheScansEnd() throws Exception {
    RecordingRunner runner = RecordingRunner.heldOpen();
    ScanScheduler scheduler = start(NEW_YEAR_2099, runner);
    scheduler.triggerNow("alice");
    Waiting.until("the scan started", Duration.ofSeconds(10), () -> !runner.started().isEmpty());
    // what a store closed under the service did: every later connection fails
    dataSource.close();
    runner.releaseOne();
    Waiting.until("the scan ended", Duration.ofSeconds(10), () -> !runner.runs().isEmpty());

    Thread closing = new Thread(scheduler::close, "closing");
    closing.start();
    // Quartz retried its after-scan bookkeeping every 15 s for as long as it ran, and its shutdown
    // waited for that: close() never returned
    closing.join(ShutdownSafeJobStore.RETRY_WHILE_STOPPING.plusSeconds(60).toMillis());

    assertThat(closing.isAlive()).as("close() still running").isFalse();
    assertThat(runner.aborts()).isEmpty();
  }

  @Test
  void nextScheduledScanFollowsTheCronAndARestartWithAnotherCronReplacesIt() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ZERO);
    Instant now = Instant.now();
    try (ScanScheduler scheduler = start("0 15 3 * * ?", runner)) {
      assertThat(scheduler.nextScheduledScan()).contains(nextAt(now, 3, 15));
    }
    try (ScanScheduler scheduler = start("0 45 4 * * ?", runner)) {
      assertThat(scheduler.nextScheduledScan()).contains(nextAt(now, 4, 45));
    }
    try (ScanScheduler scheduler = start(settings("0 45 4 * * ?").withEnabled(false), runner)) {
      assertThat(scheduler.nextScheduledScan()).isEmpty();
    }
  }

  private static Instant nextAt(Instant after, int hour, int minute) {
    ZonedDateTime candidate =
        after.atZone(ZoneOffset.UTC).withHour(hour).withMinute(minute).withSecond(0).withNano(0);
    return (candidate.toInstant().isAfter(after) ? candidate : candidate.plusDays(1)).toInstant();
  }

  @Test
  void onlyOneSchedulerRunsPerProcess() {
    RecordingRunner runner = RecordingRunner.taking(Duration.ZERO);
    try (ScanScheduler scheduler = start(NEW_YEAR_2099, runner)) {
      assertThatThrownBy(() -> start(NEW_YEAR_2099, runner))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already running");
    }
  }

  @Test
  void aDatabaseWithoutTheSchedulerTablesIsAnErrorNamingTheMigrations(@TempDir Path empty) {
    try (AgroalDataSource unmigrated = TestDatabases.h2(empty)) {
      assertThatThrownBy(
              () ->
                  ScanScheduler.start(
                      unmigrated,
                      DatabaseVendor.H2,
                      settings(NEW_YEAR_2099),
                      RecordingRunner.taking(Duration.ZERO)))
          .isInstanceOf(PlumblineException.class)
          .hasMessageContaining("classpath:db/quartz/h2");
    }
  }
}
