package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.PlumblineException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The checked form of {@link ScheduleConfig}: a bad value fails here, naming the property and the
 * value, before anything is scheduled.
 */
public record ScheduleSettings(
    String cron,
    ZoneId timeZone,
    boolean enabled,
    String instanceId,
    Duration clusterCheckinInterval,
    Duration shutdownGrace) {

  /** The instance id that asks Quartz for a generated one (host name and start time). */
  public static final String AUTO_INSTANCE_ID = "AUTO";

  // the widths of QRTZ_CRON_TRIGGERS.CRON_EXPRESSION and QRTZ_SCHEDULER_STATE.INSTANCE_NAME
  private static final int MAX_CRON_LENGTH = 120;
  private static final int MAX_INSTANCE_ID_LENGTH = 200;

  public ScheduleSettings {
    requireNonNull(cron, "cron is null");
    requireNonNull(timeZone, "timeZone is null");
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(clusterCheckinInterval, "clusterCheckinInterval is null");
    requireNonNull(shutdownGrace, "shutdownGrace is null");
    cron = cron.strip();
    checkCron(cron, timeZone);
    instanceId = instanceId.strip();
    if (instanceId.isEmpty() || instanceId.length() > MAX_INSTANCE_ID_LENGTH) {
      throw PlumblineException.userError(
          "invalid plumbline.schedule.instance-id \""
              + instanceId
              + "\": expected 1 to "
              + MAX_INSTANCE_ID_LENGTH
              + " characters, or AUTO");
    }
    if (clusterCheckinInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw PlumblineException.userError(
          "invalid plumbline.schedule.cluster-checkin-interval "
              + clusterCheckinInterval
              + ": expected at least 100ms");
    }
    if (shutdownGrace.isNegative()) {
      throw PlumblineException.userError(
          "invalid plumbline.schedule.shutdown-grace " + shutdownGrace + ": expected 0 or more");
    }
  }

  public static ScheduleSettings from(ScheduleConfig config) {
    return new ScheduleSettings(
        config.cron(),
        config.timeZone(),
        config.enabled(),
        config.instanceId(),
        config.clusterCheckinInterval(),
        config.shutdownGrace());
  }

  /** Settings for {@code cron} with every other value at its default. */
  public static ScheduleSettings ofCron(String cron) {
    return new ScheduleSettings(
        cron,
        ZoneId.of("UTC"),
        true,
        AUTO_INSTANCE_ID,
        Duration.ofSeconds(15),
        Duration.ofMinutes(5));
  }

  public ScheduleSettings withInstanceId(String instanceId) {
    return new ScheduleSettings(
        cron, timeZone, enabled, instanceId, clusterCheckinInterval, shutdownGrace);
  }

  public ScheduleSettings withEnabled(boolean enabled) {
    return new ScheduleSettings(
        cron, timeZone, enabled, instanceId, clusterCheckinInterval, shutdownGrace);
  }

  public ScheduleSettings withClusterCheckinInterval(Duration clusterCheckinInterval) {
    return new ScheduleSettings(
        cron, timeZone, enabled, instanceId, clusterCheckinInterval, shutdownGrace);
  }

  public ScheduleSettings withShutdownGrace(Duration shutdownGrace) {
    return new ScheduleSettings(
        cron, timeZone, enabled, instanceId, clusterCheckinInterval, shutdownGrace);
  }

  boolean generatesInstanceId() {
    return instanceId.equalsIgnoreCase(AUTO_INSTANCE_ID);
  }

  private static void checkCron(String cron, ZoneId timeZone) {
    String problem = null;
    if (cron.length() > MAX_CRON_LENGTH) {
      problem = "longer than " + MAX_CRON_LENGTH + " characters";
    } else if (cron.split("\\s+").length == 5) {
      problem =
          "it has 5 fields, like a Unix cron expression; a Quartz cron expression starts with"
              + " seconds";
    } else {
      try {
        CronExpression expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getTimeZone(timeZone));
        if (expression.getNextValidTimeAfter(Date.from(Instant.now())) == null) {
          problem = "it never fires again";
        }
      } catch (ParseException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      throw PlumblineException.userError(
          "invalid plumbline.schedule.cron \""
              + cron
              + "\": "
              + problem
              + " (expected \"second minute hour day-of-month month day-of-week [year]\" with ?"
              + " in day-of-month or day-of-week, e.g. \"0 0/30 * * * ?\")");
    }
  }
}
