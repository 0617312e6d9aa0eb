package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.TriggerKey;

/**
 * The Quartz job behind every scan. {@link DisallowConcurrentExecution} is what keeps two scans
 * from running at once: with the clustered job store it holds across every replica sharing the
 * database, because Quartz blocks the job's other triggers in the database while one fires.
 */
@DisallowConcurrentExecution
final class ScanJob implements Job {

  private static final Logger LOG = Logger.getLogger(ScanJob.class);

  /** Hands an on-demand request back to the cluster when this replica is shutting down. */
  interface Requeue {
    void requeue(ScanRequest request);
  }

  private final ScanJobRunner runner;
  private final LocalScans localScans;

  /** Keeps an on-demand request waiting behind this scan from misfiring once it ends. */
  interface RearmWaiting {
    void rearm(TriggerKey firing);
  }

  private final Requeue requeue;
  private final RearmWaiting rearmWaiting;
  private final String instanceId;

  ScanJob(
      ScanJobRunner runner,
      LocalScans localScans,
      Requeue requeue,
      RearmWaiting rearmWaiting,
      String instanceId) {
    this.runner = requireNonNull(runner, "runner is null");
    this.localScans = requireNonNull(localScans, "localScans is null");
    this.requeue = requireNonNull(requeue, "requeue is null");
    this.rearmWaiting = requireNonNull(rearmWaiting, "rearmWaiting is null");
    this.instanceId = requireNonNull(instanceId, "instanceId is null");
  }

  @Override
  public void execute(JobExecutionContext context) {
    ScanRequest request = requestOf(context);
    Date nextFire = context.getNextFireTime();
    if (!request.isManual() && nextFire != null && nextFire.toInstant().isBefore(Instant.now())) {
      // Quartz fires every cron time missed by less than the misfire threshold, one after the
      // other (after a scan that ran long, or while a crashed replica still held the job); only
      // the latest of them runs
      LOG.debugf(
          "skipped the scan due at %s: the one due at %s is due too",
          request.scheduledAt(), nextFire.toInstant());
      return;
    }
    if (!localScans.begin(request)) {
      // fired in the instant between the last acquisition and shutdown
      if (request.isManual()) {
        requeue.requeue(request);
        LOG.infof("shutting down: on-demand scan %s left for another replica", request.requestId());
      } else {
        LOG.infof("shutting down: skipped the scan scheduled at %s", request.scheduledAt());
      }
      return;
    }
    LOG.infof(
        "scan %s started (%s, due %s) on %s",
        request.requestId(), request.trigger(), request.scheduledAt(), request.instanceId());
    Instant start = Instant.now();
    RuntimeException failure = null;
    boolean aborted;
    try {
      runner.run(request);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      aborted = localScans.end();
    }
    if (!aborted) {
      rearmWaiting.rearm(context.getTrigger().getKey());
    }
    Duration took = Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.MILLIS);
    if (aborted) {
      LOG.infof("scan %s aborted after %s", request.requestId(), took);
    } else if (failure != null) {
      // the runner records its own failures; the schedule goes on
      LOG.warnf(failure, "scan %s failed after %s: %s", request.requestId(), took, failure);
    } else {
      LOG.infof("scan %s ended after %s", request.requestId(), took);
    }
  }

  private ScanRequest requestOf(JobExecutionContext context) {
    JobDataMap data = context.getTrigger().getJobDataMap();
    if (data.containsKey(ScanScheduler.REQUEST_ID)) {
      return new ScanRequest(
          ScanRequest.MANUAL_PREFIX + data.getString(ScanScheduler.REQUESTED_BY),
          Instant.parse(data.getString(ScanScheduler.REQUESTED_AT)),
          instanceId,
          data.getString(ScanScheduler.REQUEST_ID));
    }
    return new ScanRequest(
        ScanRequest.SCHEDULE,
        context.getScheduledFireTime().toInstant(),
        instanceId,
        context.getFireInstanceId());
  }
}
