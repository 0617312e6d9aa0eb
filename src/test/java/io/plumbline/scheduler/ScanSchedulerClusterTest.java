package io.plumbline.scheduler;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.plumbline.scheduler.RunTable.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one real PostgreSQL: this process and a child JVM (Quartz allows one scheduler of
 * a name per process), both scheduling the same cron.
 */
class ScanSchedulerClusterTest {

  private static final String EVERY_SECOND = "* * * * * ?";
  private static final Duration SCAN_TIME = Duration.ofMillis(300);
  private static final Duration BOTH_RUNNING = Duration.ofSeconds(12);
  private static final Duration AFTER_CRASH = Duration.ofSeconds(15);

  @Test
  void twoReplicasRunEachScheduledScanOnceWithoutOverlapAndTheSurvivorTakesOverAfterACrash(
      @TempDir Path directory) throws Exception {
    List<Row> rows;
    Instant bothStarted;
    Instant crashed;
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
      try (AgroalDataSource dataSource = TestDatabases.pool(jdbcUrl, "postgres", "")) {
        TestDatabases.migrate(dataSource, DatabaseVendor.POSTGRESQL);
        RunTable.create(dataSource);
        Path log = directory.resolve("member-b.log");
        Process memberB =
            ClusterMember.launch(jdbcUrl, "postgres", "", "member-b", EVERY_SECOND, SCAN_TIME, log);
        try {
          ClusterMember.awaitReady(memberB, log, Duration.ofSeconds(60));
          try (ScanScheduler memberA =
              ScanScheduler.start(
                  dataSource,
                  DatabaseVendor.POSTGRESQL,
                  ClusterMember.settings(EVERY_SECOND, "member-a"),
                  RunTable.recorder(dataSource, SCAN_TIME))) {
            bothStarted = Instant.now();
            Waiting.sleep(BOTH_RUNNING);
            // a crash: no graceful shutdown, the replica just stops checking in
            memberB.destroyForcibly().waitFor();
            crashed = Instant.now();
            Waiting.sleep(AFTER_CRASH);
          }
        } finally {
          memberB.destroyForcibly();
        }
        rows = RunTable.rows(dataSource);
      }
    }

    List<Row> scheduled = rows.stream().filter(row -> row.trigger().equals("schedule")).toList();
    Map<Instant, Long> runsPerFireTime =
        scheduled.stream().collect(groupingBy(Row::scheduledAt, counting()));
    List<Row> whileBoth =
        rows.stream()
            .filter(row -> row.startedAt().isAfter(bothStarted) && row.endedAt().isBefore(crashed))
            .toList();
    Map<String, Long> perInstanceWhileBoth =
        whileBoth.stream().collect(groupingBy(Row::instanceId, counting()));
    List<Instant> fireTimesWhileBoth =
        whileBoth.stream()
            .filter(row -> row.trigger().equals("schedule"))
            .map(Row::scheduledAt)
            .sorted()
            .toList();
    long missedWhileBoth =
        fireTimesWhileBoth.isEmpty()
            ? 0
            : Duration.between(
                        fireTimesWhileBoth.get(0),
                        fireTimesWhileBoth.get(fireTimesWhileBoth.size() - 1))
                    .toSeconds()
                + 1
                - fireTimesWhileBoth.size();
    Instant firstAfterCrash =
        rows.stream()
            .map(Row::startedAt)
            .filter(start -> start.isAfter(crashed))
            .findFirst()
            .orElse(null);
    long survivorRuns =
        rows.stream()
            .filter(row -> row.startedAt().isAfter(crashed))
            .filter(row -> row.instanceId().equals("member-a"))
            .count();
    System.out.printf(
        "cluster test: %d scans in all; while both ran (%s): %s, %d cron times missed; first scan"
            + " %s after the crash; %d scans by member-a after it%n",
        rows.size(),
        BOTH_RUNNING,
        perInstanceWhileBoth,
        missedWhileBoth,
        firstAfterCrash == null ? "never" : Duration.between(crashed, firstAfterCrash),
        survivorRuns);

    assertThat(runsPerFireTime)
        .as("scans per scheduled fire time")
        .allSatisfy((fireTime, runs) -> assertThat(runs).isEqualTo(1));
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i).startedAt())
          .as("start of %s, after the end of %s", rows.get(i), rows.get(i - 1))
          .isAfterOrEqualTo(rows.get(i - 1).endedAt());
    }
    // 12 s of a cron firing every second, with 300 ms scans
    assertThat(whileBoth).hasSizeGreaterThanOrEqualTo(8);
    assertThat(rows).extracting(Row::instanceId).contains("member-a", "member-b");
    assertThat(rows)
        .filteredOn(row -> row.startedAt().isAfter(crashed))
        .allSatisfy(row -> assertThat(row.instanceId()).isEqualTo("member-a"));
    assertThat(survivorRuns).isGreaterThanOrEqualTo(3);
  }
}
