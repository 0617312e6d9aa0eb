package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;
import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.DBConnectionManager;

/**
 * Runs scans on the cron schedule and on demand, never two at once, on Quartz's clustered JDBC job
 * store: every replica sharing the database runs one of these, and Quartz's row locks in that
 * database decide which replica runs each scan. The schedule lives in the database, so the replicas
 * share it.
 *
 * <p>Scheduled fires missed while no replica ran, or while a scan ran past the next fire time by
 * more than a minute, are dropped (Quartz's "do nothing" misfire policy): the next scan is the next
 * cron time, not a catch-up burst.
 */
public final class ScanScheduler implements AutoCloseable {

  /** Quartz's SCHED_NAME: the replicas of one database form one cluster under this name. */
  public static final String SCHEDULER_NAME = "plumbline";

  static final JobKey JOB_KEY = JobKey.jobKey("plumbline-scan", "plumbline");
  static final TriggerKey SCHEDULE_KEY = TriggerKey.triggerKey("plumbline-schedule", "plumbline");

  /**
   * On-demand requests take one of two trigger keys. One may belong to the scan running now (its
   * trigger stays in the database until the scan ends); the other is then free or holds the one
   * request waiting, which later requests join. The database's primary key on the trigger makes
   * that join exact across replicas with no lock of our own.
   */
  static final List<TriggerKey> ON_DEMAND_KEYS =
      List.of(
          TriggerKey.triggerKey("plumbline-on-demand-1", "plumbline"),
          TriggerKey.triggerKey("plumbline-on-demand-2", "plumbline"));

  static final String REQUEST_ID = "requestId";
  static final String REQUESTED_BY = "requestedBy";
  static final String REQUESTED_AT = "requestedAt";

  private static final Logger LOG = Logger.getLogger(ScanScheduler.class);

  private static final String CONNECTION_PROVIDER = "plumbline";
  private static final int ON_DEMAND_PRIORITY = 10;
  private static final int MAX_REQUESTER_LENGTH = 100;
  private static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

  /** How long an interrupted scan gets to unwind before Quartz stops without waiting for it. */
  private static final Duration UNWIND_AFTER_INTERRUPT = Duration.ofSeconds(10);

  private final Scheduler scheduler;
  private final ScanJobRunner runner;
  private final ScheduleSettings settings;
  private final String instanceId;
  private final LocalScans localScans = new LocalScans();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Duration misfireThreshold;

  private ScanScheduler(
      Scheduler scheduler,
      ScanJobRunner runner,
      ScheduleSettings settings,
      String instanceId,
      Duration misfireThreshold) {
    this.scheduler = scheduler;
    this.misfireThreshold = misfireThreshold;
    this.runner = runner;
    this.settings = settings;
    this.instanceId = instanceId;
  }

  /**
   * Joins the cluster on {@code dataSource}, whose database must hold the tables of the Flyway
   * migrations in {@link DatabaseVendor#migrationLocation()}, writes the schedule and starts
   * scanning. {@code dataSource} stays the caller's: close this scheduler before closing it.
   */
  public static ScanScheduler start(
      DataSource dataSource,
      DatabaseVendor vendor,
      ScheduleSettings settings,
      ScanJobRunner runner) {
    requireNonNull(dataSource, "dataSource is null");
    requireNonNull(vendor, "vendor is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(runner, "runner is null");
    return start(dataSource, vendor, settings, runner, MISFIRE_THRESHOLD);
  }

  /** As {@link #start}, with Quartz's misfire threshold given (tests shorten it). */
  static ScanScheduler start(
      DataSource dataSource,
      DatabaseVendor vendor,
      ScheduleSettings settings,
      ScanJobRunner runner,
      Duration misfireThreshold) {
    Scheduler scheduler = createScheduler(dataSource, vendor, settings, misfireThreshold);
    try {
      ScanScheduler scanScheduler =
          new ScanScheduler(
              scheduler, runner, settings, scheduler.getSchedulerInstanceId(), misfireThreshold);
      scanScheduler.startScheduler();
      return scanScheduler;
    } catch (SchedulerException | RuntimeException e) {
      try {
        scheduler.shutdown(false);
      } catch (SchedulerException shutdownFailure) {
        e.addSuppressed(shutdownFailure);
      }
      if (e instanceof PlumblineException plumblineException) {
        throw plumblineException;
      }
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "cannot start the scan scheduler on "
              + vendor
              + ": "
              + firstLine(e.getMessage())
              + " (its tables come from the Flyway migrations in classpath:"
              + vendor.migrationLocation()
              + ")",
          e);
    }
  }

  /*
   * Quartz keeps two process-wide registries that its API leaves no way around: connection
   * providers by name (DBConnectionManager) and running schedulers by name (SchedulerRepository).
   * A JDBC job store finds its connections only through the first; the factory returns an already
   * running scheduler of the same name from the second instead of a new one. So one ScanScheduler
   * runs per process at a time, and the provider registered under its name is replaced on each
   * start; the lock keeps two starts from interleaving.
   */
  private static Scheduler createScheduler(
      DataSource dataSource,
      DatabaseVendor vendor,
      ScheduleSettings settings,
      Duration misfireThreshold) {
    synchronized (ScanScheduler.class) {
      try {
        if (SchedulerRepository.getInstance().lookup(SCHEDULER_NAME) != null) {
          throw new IllegalStateException(
              "a scan scheduler is already running in this process; close it first");
        }
        DBConnectionManager.getInstance()
            .addConnectionProvider(
                CONNECTION_PROVIDER, new DataSourceConnectionProvider(dataSource));
        return new StdSchedulerFactory(quartzProperties(vendor, settings, misfireThreshold))
            .getScheduler();
      } catch (SchedulerException e) {
        throw new PlumblineException(
            ErrorKind.INTERNAL, "cannot create the scan scheduler: " + e.getMessage(), e);
      }
    }
  }

  private static Properties quartzProperties(
      DatabaseVendor vendor, ScheduleSettings settings, Duration misfireThreshold) {
    Properties properties = new Properties();
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
    properties.setProperty(
        StdSchedulerFactory.PROP_SCHED_INSTANCE_ID,
        settings.generatesInstanceId()
            ? StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID
            : settings.instanceId());
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
    // scans run with the class loader of the code that started the scheduler (Quarkus's)
    properties.setProperty(
        "org.quartz.scheduler.threadsInheritContextClassLoaderOfInitializer", "true");
    properties.setProperty(
        StdSchedulerFactory.PROP_THREAD_POOL_CLASS, SimpleThreadPool.class.getName());
    // one scan at a time: a replica that is scanning does not even acquire the next fire
    properties.setProperty("org.quartz.threadPool.threadCount", "1");
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "plumbline-scan");
    // a scan stuck past the shutdown grace must not keep the process alive
    properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    properties.setProperty(
        StdSchedulerFactory.PROP_JOB_STORE_CLASS, ShutdownSafeJobStore.class.getName());
    properties.setProperty("org.quartz.jobStore.driverDelegateClass", vendor.driverDelegateClass());
    properties.setProperty("org.quartz.jobStore.dataSource", CONNECTION_PROVIDER);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(settings.clusterCheckinInterval().toMillis()));
    properties.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
    // job data as string properties, not serialized Java objects
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    return properties;
  }

  private void startScheduler() throws SchedulerException {
    scheduler.setJobFactory(
        (bundle, ignored) -> {
          if (bundle.getJobDetail().getJobClass() != ScanJob.class) {
            throw new SchedulerException(
                "unexpected job " + bundle.getJobDetail().getKey() + " in the plumbline schedule");
          }
          return new ScanJob(runner, localScans, this::requeue, this::rearmWaiting, instanceId);
        });
    writeSchedule();
    scheduler.start();
    LOG.infof(
        "scan scheduler %s started: %s",
        instanceId,
        settings.enabled()
            ? "cron \"" + settings.cron() + "\" in " + settings.timeZone()
            : "on demand only");
  }

  private void writeSchedule() throws SchedulerException {
    JobDetail job =
        newJob(ScanJob.class)
            .withIdentity(JOB_KEY)
            .withDescription("a plumbline scan")
            .storeDurably()
            .requestRecovery(false)
            .build();
    scheduler.addJob(job, true);
    if (!settings.enabled()) {
      if (scheduler.unscheduleJob(SCHEDULE_KEY)) {
        LOG.info("plumbline.schedule.enabled is false: removed the schedule the replicas shared");
      }
      return;
    }
    CronTrigger wanted =
        newTrigger()
            .withIdentity(SCHEDULE_KEY)
            .forJob(JOB_KEY)
            .withDescription("plumbline.schedule.cron")
            .withSchedule(
                cronSchedule(settings.cron())
                    .inTimeZone(TimeZone.getTimeZone(settings.timeZone()))
                    .withMisfireHandlingInstructionDoNothing())
            .build();
    Trigger existing = scheduler.getTrigger(SCHEDULE_KEY);
    if (existing == null) {
      try {
        scheduler.scheduleJob(wanted);
      } catch (ObjectAlreadyExistsException e) {
        // another replica starting at the same moment wrote it
      }
    } else if (!sameSchedule(existing, wanted)) {
      scheduler.rescheduleJob(SCHEDULE_KEY, wanted);
      LOG.infof(
          "schedule changed to cron \"%s\" in %s for every replica",
          settings.cron(), settings.timeZone());
    }
  }

  private static boolean sameSchedule(Trigger existing, CronTrigger wanted) {
    return existing instanceof CronTrigger cron
        && cron.getCronExpression().equals(wanted.getCronExpression())
        && cron.getTimeZone().getID().equals(wanted.getTimeZone().getID())
        && cron.getMisfireInstruction() == wanted.getMisfireInstruction();
  }

  /** This replica's name in the cluster, as Quartz knows it. */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Asks for a scan as soon as possible, on whichever replica is free. If a scan is running, the
   * request waits for it to end; if an on-demand scan is already waiting, the request joins it
   * instead of queueing a second one.
   *
   * @param requestedBy who asked, recorded as the scan's trigger {@code manual:<requestedBy>}
   */
  public OnDemandScan triggerNow(String requestedBy) {
    requireNonNull(requestedBy, "requestedBy is null");
    String requester = requestedBy.strip();
    if (requester.isEmpty() || requester.length() > MAX_REQUESTER_LENGTH) {
      throw PlumblineException.userError(
          "invalid scan requester \""
              + requestedBy
              + "\": expected 1 to "
              + MAX_REQUESTER_LENGTH
              + " characters");
    }
    checkOpen();
    return queueOnDemand(UUID.randomUUID().toString(), requester, Instant.now());
  }

  private OnDemandScan queueOnDemand(String requestId, String requester, Instant requestedAt) {
    try {
      // a slot can be freed between two reads, hence a few rounds
      for (int round = 0; round < 5; round++) {
        for (TriggerKey key : ON_DEMAND_KEYS) {
          try {
            scheduler.scheduleJob(onDemandTrigger(key, requestId, requester, requestedAt));
            LOG.infof("on-demand scan %s requested by %s", requestId, requester);
            return new OnDemandScan(requestId, false);
          } catch (ObjectAlreadyExistsException e) {
            Trigger waiting = scheduler.getTrigger(key);
            TriggerState state = scheduler.getTriggerState(key);
            if (waiting != null
                && (state == TriggerState.NORMAL || state == TriggerState.BLOCKED)) {
              String waitingId = waiting.getJobDataMap().getString(REQUEST_ID);
              LOG.infof("scan request by %s joins on-demand scan %s", requester, waitingId);
              return new OnDemandScan(waitingId, true);
            }
            // COMPLETE: that slot's scan is running; NONE: it has just ended
          }
        }
      }
    } catch (SchedulerException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL, "cannot queue an on-demand scan: " + e.getMessage(), e);
    }
    throw new PlumblineException(
        ErrorKind.INTERNAL, "cannot queue an on-demand scan: both on-demand slots stay taken");
  }

  private static Trigger onDemandTrigger(
      TriggerKey key, String requestId, String requester, Instant requestedAt) {
    return newTrigger()
        .withIdentity(key)
        .forJob(JOB_KEY)
        .withDescription("on-demand scan requested by " + requester)
        .usingJobData(REQUEST_ID, requestId)
        .usingJobData(REQUESTED_BY, requester)
        .usingJobData(REQUESTED_AT, requestedAt.toString())
        .withPriority(ON_DEMAND_PRIORITY)
        .startNow()
        // however long it waited behind a running scan, it runs once
        .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  private void requeue(ScanRequest request) {
    try {
      queueOnDemand(
          request.requestId(),
          request.trigger().substring(ScanRequest.MANUAL_PREFIX.length()),
          request.scheduledAt());
    } catch (RuntimeException e) {
      LOG.warnf(
          "on-demand scan %s was dropped at shutdown; ask for it again: %s",
          request.requestId(), e.getMessage());
    }
  }

  /**
   * Keeps the on-demand request waiting behind the scan that is ending from counting as misfired.
   * Quartz releases it when the scan's job completes, with its original fire time: after a scan
   * longer than the misfire threshold (a minute) that time counts as misfired, and only Quartz's
   * misfire handler, which runs once per threshold, makes it due again. The request then waited up
   * to a minute more and could lose to the next cron time. A request older than half the threshold
   * is moved to half the threshold ago: still earlier than a cron time missed during the last half
   * threshold, so it goes first, and far enough from misfiring. Called while the job still runs, so
   * the request stays blocked until the scan ends.
   */
  private void rearmWaiting(TriggerKey firing) {
    for (TriggerKey key : ON_DEMAND_KEYS) {
      if (key.equals(firing)) {
        continue;
      }
      try {
        Trigger waiting = scheduler.getTrigger(key);
        Date due = Date.from(Instant.now().minus(misfireThreshold.dividedBy(2)));
        if (waiting != null
            && scheduler.getTriggerState(key) == TriggerState.BLOCKED
            && waiting.getNextFireTime() != null
            && waiting.getNextFireTime().before(due)) {
          scheduler.rescheduleJob(key, waiting.getTriggerBuilder().startAt(due).build());
        }
      } catch (SchedulerException e) {
        // the request still runs, once the misfire handler gets to it
        LOG.debugf(e, "cannot keep on-demand scan %s from misfiring: %s", key, e.getMessage());
      }
    }
  }

  /**
   * Whether a scan is running: on this replica, or on any replica sharing the database as far as
   * the database shows it (a scan on a replica that died counts as running until the cluster
   * notices, one check-in interval plus 7.5 seconds later).
   */
  public boolean isScanRunning() {
    checkOpen();
    if (localScans.isRunning()) {
      return true;
    }
    try {
      // while the job runs, Quartz marks its other triggers BLOCKED and a one-shot trigger that
      // fired COMPLETE until the job ends
      if (scheduler.getTriggerState(SCHEDULE_KEY) == TriggerState.BLOCKED) {
        return true;
      }
      for (TriggerKey key : ON_DEMAND_KEYS) {
        TriggerState state = scheduler.getTriggerState(key);
        if (state == TriggerState.BLOCKED || state == TriggerState.COMPLETE) {
          return true;
        }
      }
      return false;
    } catch (SchedulerException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL, "cannot read the scan schedule: " + e.getMessage(), e);
    }
  }

  /** When the schedule fires next; empty when scheduled scans are off. */
  public Optional<Instant> nextScheduledScan() {
    checkOpen();
    try {
      return Optional.ofNullable(scheduler.getTrigger(SCHEDULE_KEY))
          .map(Trigger::getNextFireTime)
          .map(Date::toInstant);
    } catch (SchedulerException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL, "cannot read the scan schedule: " + e.getMessage(), e);
    }
  }

  /**
   * Shuts down gracefully: takes no new fires, waits up to the shutdown grace for the scan running
   * here, then interrupts it and reports it to {@link ScanJobRunner#aborted}. Scans running on
   * other replicas are not affected, and the schedule stays for them.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.standby();
    } catch (SchedulerException e) {
      LOG.debugf(e, "cannot put the scheduler on standby");
    }
    Optional<ScanRequest> running = localScans.close();
    boolean idle = true;
    if (running.isPresent()) {
      LOG.infof(
          "shutting down: waiting up to %s for scan %s to end",
          settings.shutdownGrace(), running.get().requestId());
      idle = awaitIdle(settings.shutdownGrace());
      if (!idle) {
        Optional<ScanRequest> aborted = localScans.abort();
        if (aborted.isPresent()) {
          reportAborted(aborted.get());
        }
        idle = awaitIdle(UNWIND_AFTER_INTERRUPT);
      }
    }
    try {
      // if the interrupted scan ignores its interrupt, stop without it: its thread is a daemon,
      // and the other replicas release the job once this one stops checking in
      scheduler.shutdown(idle);
    } catch (SchedulerException e) {
      LOG.debugf(e, "cannot shut the scheduler down");
    }
    LOG.infof("scan scheduler %s stopped", instanceId);
  }

  private void reportAborted(ScanRequest request) {
    String reason =
        "plumbline was shutting down on "
            + instanceId
            + " and the scan did not end within the shutdown grace of "
            + settings.shutdownGrace()
            + " (plumbline.schedule.shutdown-grace)";
    LOG.infof("shutting down: scan %s aborted", request.requestId());
    try {
      runner.aborted(request, reason);
    } catch (RuntimeException e) {
      LOG.warnf(e, "cannot record scan %s as aborted: %s", request.requestId(), e.getMessage());
    }
  }

  private boolean awaitIdle(Duration timeout) {
    try {
      return localScans.awaitIdle(timeout);
    } catch (InterruptedException e) {
      // asked to hurry: treat the grace as spent
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Drivers append the failed statement to their messages on further lines. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    return message.lines().findFirst().orElse("").replaceFirst(";? *SQL statement:$", "").strip();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the scan scheduler is closed");
    }
  }
}
