package io.plumbline.scheduler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/**
 * When {@code plumbline serve} scans. Replicas sharing one PostgreSQL database share one schedule:
 * whichever replica starts last writes its cron expression for all of them.
 *
 * <pre>
 * plumbline:
 *   schedule:
 *     cron: "0 0/30 * * * ?"
 *     shutdown-grace: 5m
 * </pre>
 */
@ConfigMapping(prefix = "plumbline.schedule")
public interface ScheduleConfig {

  /**
   * When scheduled scans start, as a Quartz cron expression: six or seven fields, starting with
   * seconds, {@code second minute hour day-of-month month day-of-week [year]}, with {@code ?} in
   * one of day-of-month and day-of-week. The default, {@code 0 0/30 * * * ?}, scans on the hour and
   * the half hour; {@code 0 15 2 * * ?} scans at 02:15 every day; {@code 0 0 6 ? * MON-FRI} at
   * 06:00 on weekdays. A five-field Unix cron expression is refused.
   */
  @WithDefault("0 0/30 * * * ?")
  String cron();

  /** The time zone the cron expression is read in. */
  @WithDefault("UTC")
  ZoneId timeZone();

  /**
   * Whether scans run on the schedule; on-demand scans run either way. Turning it off removes the
   * schedule for every replica sharing the database.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * This replica's name in the cluster, unique among the replicas sharing the database (at most 200
   * characters). {@code AUTO} takes the host name and the start time. A stable name, such as a
   * Kubernetes pod name, lets a restarted replica release what it held at once instead of after the
   * others notice it has gone.
   */
  @WithDefault(ScheduleSettings.AUTO_INSTANCE_ID)
  String instanceId();

  /**
   * How long {@code plumbline serve} waits at shutdown for a running scan to finish; a scan still
   * running then is interrupted and recorded as aborted.
   */
  @WithDefault("5m")
  Duration shutdownGrace();

  /**
   * How often a replica tells the others it is alive. A replica silent for this long plus 7.5
   * seconds is declared failed, and the scan it was running no longer holds the others back.
   */
  @WithDefault("15s")
  Duration clusterCheckinInterval();
}
