package io.plumbline.scheduler;

import io.agroal.api.AgroalDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A replica in a process of its own. Quartz keys running schedulers by name in a process-wide
 * registry, so two members of one cluster cannot share a JVM. Runs until its standard input closes,
 * then shuts down gracefully; killing the process stands for a crash.
 */
public final class ClusterMember {

  static final String READY = "cluster member ready";

  private ClusterMember() {}

  /** Arguments: JDBC URL, user, password, instance id, cron expression, scan time in ms. */
  public static void main(String[] arguments) throws Exception {
    String jdbcUrl = arguments[0];
    String user = arguments[1];
    String password = arguments[2];
    String instanceId = arguments[3];
    String cron = arguments[4];
    Duration scanTime = Duration.ofMillis(Long.parseLong(arguments[5]));
    try (AgroalDataSource dataSource = TestDatabases.pool(jdbcUrl, user, password);
        ScanScheduler scheduler =
            ScanScheduler.start(
                dataSource,
                DatabaseVendor.POSTGRESQL,
                settings(cron, instanceId),
                RunTable.recorder(dataSource, scanTime))) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() != -1) {
        // runs until the parent closes our standard input
      }
    }
  }

  static ScheduleSettings settings(String cron, String instanceId) {
    return ScheduleSettings.ofCron(cron)
        .withInstanceId(instanceId)
        .withClusterCheckinInterval(Duration.ofSeconds(1))
        .withShutdownGrace(Duration.ofSeconds(5));
  }

  static Process launch(
      String jdbcUrl,
      String user,
      String password,
      String instanceId,
      String cron,
      Duration scanTime,
      Path log)
      throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-cp",
            System.getProperty("java.class.path"),
            ClusterMember.class.getName(),
            jdbcUrl,
            user,
            password,
            instanceId,
            cron,
            Long.toString(scanTime.toMillis()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static void awaitReady(Process member, Path log, Duration limit) {
    Waiting.until(
        "the cluster member in another process started",
        limit,
        () -> {
          if (!member.isAlive()) {
            throw new AssertionError("the cluster member exited early:\n" + read(log));
          }
          return read(log).contains(READY);
        });
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
