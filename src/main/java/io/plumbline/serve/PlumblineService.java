package io.plumbline.serve;

import static java.util.Objects.requireNonNull;

import io.plumbline.audit.AuditService;
import io.plumbline.audit.EvaluationService;
import io.plumbline.audit.PolicyReloader;
import io.plumbline.audit.RunningService;
import io.plumbline.audit.ScanOutcome;
import io.plumbline.audit.ServiceNotRunningException;
import io.plumbline.collect.ApiNames;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.collect.ScanProgress;
import io.plumbline.collect.aws.AwsEstateCollector;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.export.alert.AlertConfig;
import io.plumbline.export.alert.AlertDispatcher;
import io.plumbline.export.alert.FindingEvent;
import io.plumbline.export.alert.JdbcNotificationLog;
import io.plumbline.export.alert.Notification;
import io.plumbline.export.alert.NotificationLog;
import io.plumbline.export.alert.ScanEvents;
import io.plumbline.export.alert.Transition;
import io.plumbline.export.metrics.PlumblineMetrics;
import io.plumbline.export.metrics.PlumblineMetrics.ScanResult;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.scheduler.DatabaseVendor;
import io.plumbline.scheduler.OnDemandScan;
import io.plumbline.scheduler.ScanJobRunner;
import io.plumbline.scheduler.ScanRequest;
import io.plumbline.scheduler.ScanScheduler;
import io.plumbline.scheduler.ScheduleSettings;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.ScanStatus;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The running service: the store, the rule base, the scheduler that starts scans, and what each
 * scan feeds (metrics, alerts). {@code plumbline serve} starts it; the REST API and health checks
 * read through it.
 */
@ApplicationScoped
public class PlumblineService implements RunningService {

  private static final Logger LOG = Logger.getLogger(PlumblineService.class);

  /** Everything {@code serve} decided before starting. */
  public record Settings(
      StoreSettings store,
      ScheduleSettings schedule,
      Supplier<CollectPlan> plan,
      EvaluationService.Options evaluation,
      Path dataDirectory,
      Set<ReportFormat> reportFormats,
      Duration refreshInterval,
      boolean scanOnStart) {
    public Settings {
      requireNonNull(store, "store is null");
      requireNonNull(schedule, "schedule is null");
      requireNonNull(plan, "plan is null");
      requireNonNull(evaluation, "evaluation is null");
      requireNonNull(dataDirectory, "dataDirectory is null");
      reportFormats = Set.copyOf(reportFormats);
      requireNonNull(refreshInterval, "refreshInterval is null");
    }
  }

  private record Running(
      Settings settings,
      Store store,
      EvaluationService evaluation,
      PolicyReloader policies,
      AuditService audit,
      AlertDispatcher alerts,
      ScanScheduler scheduler,
      ScheduledExecutorService refresher) {}

  /** How the latest scan this replica ran went, for health details. */
  public record LastRun(String scanId, String result, Instant at, Optional<String> error) {}

  private final PlumblineMetrics metrics;
  private final AlertConfig alertConfig;
  private final Clock clock = Clock.systemUTC();
  private final PostureReader posture = new PostureReader();
  private volatile Running running;
  private volatile boolean stopping;
  private volatile LastRun lastRun;
  private volatile String publishedScan;

  @Inject
  public PlumblineService(PlumblineMetrics metrics, AlertConfig alertConfig) {
    this.metrics = metrics;
    this.alertConfig = alertConfig;
  }

  public synchronized void start(Settings settings, String toolVersion) {
    if (running != null) {
      throw new IllegalStateException("the service is already running");
    }
    stopping = false;
    Store store = Store.open(settings.store());
    try {
      EvaluationService evaluation = new EvaluationService(clock, toolVersion, Path.of(""));
      PolicyReloader policies = new PolicyReloader(evaluation, settings.evaluation(), clock);
      AuditService audit = new AuditService(evaluation, Optional.of(store), clock);
      AlertDispatcher alerts =
          AlertDispatcher.fromConfig(
              alertConfig,
              new UninterruptibleNotificationLog(
                  new JdbcNotificationLog(store.dataSource()), store),
              clock);
      ScheduledExecutorService refresher =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "plumbline-metrics-refresh");
                thread.setDaemon(true);
                return thread;
              });
      ScanScheduler scheduler =
          ScanScheduler.start(
              store.dataSource(),
              DatabaseVendor.fromJdbcUrl(settings.store().jdbcUrl()),
              settings.schedule(),
              new Runner());
      running =
          new Running(settings, store, evaluation, policies, audit, alerts, scheduler, refresher);
      store
          .latestWithSnapshot()
          .ifPresent(latest -> metrics.lastSuccessfulScan(latest.finishedAt()));
      metrics.rules(policies.current().engine().rules());
      metrics.apis(declaredApis());
      refreshPosture();
      refresher.scheduleWithFixedDelay(
          this::refreshQuietly,
          settings.refreshInterval().toMillis(),
          settings.refreshInterval().toMillis(),
          TimeUnit.MILLISECONDS);
      // a stop that came while the service started (SIGTERM during the rule pack's load) waits
      // for this method: it should not find a scan it started for nothing
      if (settings.scanOnStart() && !stopping) {
        scheduler.triggerNow("startup");
      }
      LOG.infof(
          "service started: store %s, schedule %s, %d rules",
          settings.store().displayUrl(),
          settings.schedule().cron(),
          policies.current().engine().rules().size());
    } catch (RuntimeException e) {
      store.close();
      running = null;
      throw e;
    }
  }

  /**
   * Stops in the one order that loses no scan: no new scans (requests are refused, readiness goes
   * down, the gauges stop reading the store), the running scan finishes within the shutdown grace
   * or is recorded ABORTED, Quartz stops, and only then does the store close. {@code serve} and
   * {@code demo} call it when asked to stop (SIGTERM, Ctrl-C), the container at its shutdown;
   * whichever comes second waits for the first.
   */
  @PreDestroy
  public void stop() {
    stopping = true;
    stopRunning();
  }

  private synchronized void stopRunning() {
    Running current = running;
    if (current == null) {
      return;
    }
    LOG.info("stopping: no new scans from now on");
    current.refresher().shutdownNow();
    try {
      current.scheduler().close();
    } finally {
      current.store().close();
      running = null;
      LOG.infof("service stopped; store %s closed", current.settings().store().displayUrl());
    }
  }

  /** Whether the service runs and is not stopping: what readiness reports. */
  public boolean isRunning() {
    return running != null && !stopping;
  }

  @Override
  public Store store() {
    return current().store();
  }

  @Override
  public List<RuleMetadata> rules() {
    return current().policies().current().engine().rules();
  }

  public PolicyReloader.ReloadResult lastRuleReload() {
    return current().policies().lastReload();
  }

  public Optional<LastRun> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  public boolean isScanRunning() {
    return current().scheduler().isScanRunning();
  }

  public Optional<Instant> nextScheduledScan() {
    return current().scheduler().nextScheduledScan();
  }

  /** Asks for a scan now; it runs when no scan runs anywhere in the cluster. */
  @Override
  public String requestScan(String requestedBy) {
    if (stopping) {
      throw new ServiceNotRunningException(
          "the plumbline service is shutting down; ask again once it runs");
    }
    OnDemandScan scan = current().scheduler().triggerNow(requestedBy);
    return scan.requestId();
  }

  private Running current() {
    Running current = running;
    if (current == null) {
      throw new ServiceNotRunningException("the plumbline service is not running");
    }
    return current;
  }

  /** What a scheduled or requested scan does, on whichever replica Quartz chose. */
  private final class Runner implements ScanJobRunner {

    /** The scan a request started, so that an abort records that scan and not another. */
    private record Active(String scanId, Instant startedAt, AtomicBoolean aborted) {}

    private final Map<String, Active> active = new ConcurrentHashMap<>();

    @Override
    public void run(ScanRequest request) {
      Running current = current();
      Instant startedAt = clock.instant();
      String scanId = AuditService.newScanId(startedAt);
      Active scan = new Active(scanId, startedAt, new AtomicBoolean());
      active.put(request.requestId(), scan);
      try {
        runScan(current, request, scan);
      } finally {
        active.remove(request.requestId());
      }
    }

    private void runScan(Running current, ScanRequest request, Active scan) {
      String scanId = scan.scanId();
      Instant startedAt = scan.startedAt();
      LOG.infof("scan %s started (%s)", scanId, request.trigger());
      try {
        current.policies().reload();
        Path directory = current.settings().dataDirectory().resolve("scans").resolve(scanId);
        ScanOutcome outcome =
            current
                .audit()
                .scan(
                    scanId,
                    startedAt,
                    current.settings().plan().get(),
                    current.policies().current(),
                    ScanProgress.NONE,
                    new AuditService.Output(directory, current.settings().reportFormats()));
        Instant finishedAt = clock.instant();
        ScanResult result =
            outcome.snapshot().isComplete() ? ScanResult.SUCCESS : ScanResult.INCOMPLETE;
        metrics.scanFinished(result, Duration.between(startedAt, finishedAt), finishedAt);
        metrics.apiCalls(outcome.snapshot().stats().callsByApiAndStatus());
        metrics.rules(current.policies().current().engine().rules());
        if (outcome.drift().isPresent()) {
          // the first scan of an empty store is the starting point, not news: nothing counts
          metrics.findingsOpened(opened(outcome));
        }
        lastRun = new LastRun(scanId, result.label(), finishedAt, Optional.empty());
        refreshPosture();
        outcome
            .receipt()
            .ifPresent(
                receipt ->
                    current
                        .alerts()
                        .dispatch(
                            new ScanEvents(
                                scanId,
                                finishedAt,
                                findingEvents(
                                    current.store(), receipt.events(), outcome.drift()))));
        LOG.infof("scan %s %s", scanId, result.label());
      } catch (RuntimeException e) {
        // only the scheduler's abort at shutdown interrupts a scan, and it calls aborted() right
        // after: the scan is recorded there, as ABORTED, not here as FAILED
        if (scan.aborted().get() || Thread.currentThread().isInterrupted()) {
          LOG.infof("scan %s stopped after it was aborted: %s", scanId, e.toString());
          return;
        }
        Instant finishedAt = clock.instant();
        LOG.errorf("scan %s failed: %s", scanId, e.toString());
        metrics.scanFinished(
            ScanResult.FAILED, Duration.between(startedAt, finishedAt), finishedAt);
        lastRun =
            new LastRun(scanId, ScanResult.FAILED.label(), finishedAt, Optional.of(e.toString()));
        recordQuietly(current, scanId, startedAt, ScanStatus.FAILED, e.toString());
      }
    }

    @Override
    public void aborted(ScanRequest request, String reason) {
      Running current = running;
      Instant now = clock.instant();
      Active scan = active.get(request.requestId());
      String scanId = scan != null ? scan.scanId() : AuditService.newScanId(now);
      Instant startedAt = scan != null ? scan.startedAt() : request.scheduledAt();
      if (scan != null) {
        scan.aborted().set(true);
      }
      // recorded first: what follows touches beans the container may be stopping too
      if (current != null) {
        if (isStored(current, scanId)) {
          LOG.infof("scan %s was stored before the abort; what it did after is cut short", scanId);
          return;
        }
        recordQuietly(current, scanId, startedAt, ScanStatus.ABORTED, reason);
      }
      lastRun = new LastRun(scanId, ScanResult.ABORTED.label(), now, Optional.of(reason));
      metrics.scanFinished(ScanResult.ABORTED, Duration.between(startedAt, now), now);
    }
  }

  /**
   * The alert log's database work, out of reach of the interrupt that aborts a scan whose thread
   * dispatches alerts ({@link Store#uninterruptibly}).
   */
  private record UninterruptibleNotificationLog(NotificationLog log, Store store)
      implements NotificationLog {
    @Override
    public Optional<Notification> find(String sink, String fingerprint) {
      return store.uninterruptibly(() -> log.find(sink, fingerprint));
    }

    @Override
    public List<Notification> owedResolves(String sink) {
      return store.uninterruptibly(() -> log.owedResolves(sink));
    }

    @Override
    public void save(Notification notification) {
      store.uninterruptibly(
          () -> {
            log.save(notification);
            return null;
          });
    }

    @Override
    public void remove(String sink, String fingerprint) {
      store.uninterruptibly(
          () -> {
            log.remove(sink, fingerprint);
            return null;
          });
    }
  }

  /** The api label values of every call the collectors declare (ApiNames, docs/metrics.md). */
  static Set<String> declaredApis() {
    Set<String> names = new java.util.TreeSet<>();
    List<ResourceTypeSpec> specs = new ArrayList<>(DatabricksCollector.declaredResourceTypes());
    specs.addAll(IamCollector.declaredResourceTypes());
    specs.addAll(AwsEstateCollector.declaredResourceTypes());
    for (ResourceTypeSpec spec : specs) {
      for (String call : spec.apiCalls()) {
        names.add(
            spec.scopeKind() == io.plumbline.model.ScopeKind.AWS
                ? ApiNames.awsAction(call)
                : ApiNames.databricks(call.substring(call.indexOf(' ') + 1)));
      }
    }
    return names;
  }

  private static List<Finding> opened(ScanOutcome outcome) {
    return outcome.receipt().stream()
        .flatMap(receipt -> receipt.events().stream())
        .filter(
            event ->
                event.kind() == LifecycleEventKind.NEW
                    || event.kind() == LifecycleEventKind.REOPENED)
        .flatMap(event -> event.finding().stream())
        .filter(finding -> finding.verdict() == Verdict.FAIL)
        .toList();
  }

  private static boolean isStored(Running current, String scanId) {
    try {
      return current.store().scan(scanId).isPresent();
    } catch (RuntimeException e) {
      return false; // recording it says what is wrong with the store
    }
  }

  private static void recordQuietly(
      Running current, String scanId, Instant startedAt, ScanStatus status, String error) {
    try {
      current.audit().recordWithoutSnapshot(scanId, startedAt, status, error);
    } catch (RuntimeException e) {
      LOG.errorf("could not record %s scan %s: %s", status, scanId, e.toString());
    }
  }

  /** Maps the store's lifecycle events onto alert events, with the drift that caused them. */
  static List<FindingEvent> findingEvents(
      Store store, List<LifecycleEvent> events, Optional<Drift> drift) {
    Map<String, ChangeGroup> groupByAddress = new HashMap<>();
    drift.ifPresent(
        changes -> {
          for (ChangeGroup group : changes.groups()) {
            for (Change place : group.places()) {
              groupByAddress.put(place.resourceAddress(), group);
            }
          }
        });
    List<FindingEvent> mapped = new ArrayList<>();
    for (LifecycleEvent event : events) {
      Optional<Finding> finding =
          event.finding().or(() -> lastKnownFinding(store, event.fingerprint()));
      if (finding.isEmpty()) {
        continue;
      }
      Optional<ChangeGroup> group =
          Optional.ofNullable(groupByAddress.get(finding.get().resourceAddress()));
      mapped.add(
          new FindingEvent(
              Transition.valueOf(event.kind().name()),
              finding.get(),
              group.map(ChangeGroup::summary),
              group.map(ChangeGroup::cause)));
    }
    return mapped;
  }

  private static Optional<Finding> lastKnownFinding(Store store, String fingerprint) {
    List<LifecycleEvent> history = store.history(fingerprint);
    for (int index = history.size() - 1; index >= 0; index--) {
      if (history.get(index).finding().isPresent()) {
        return history.get(index).finding();
      }
    }
    return Optional.empty();
  }

  private void refreshQuietly() {
    try {
      refreshPosture();
    } catch (RuntimeException e) {
      if (!stopping) { // stopping interrupts the refresh: nothing to act on
        LOG.warnf("could not refresh the metrics from the store: %s", e.toString());
      }
    }
  }

  /** Shows the latest stored scan in the gauges, whichever replica ran it. */
  private void refreshPosture() {
    Running current = running;
    if (current == null) {
      return;
    }
    Optional<ScanSummary> latest = current.store().latest();
    if (latest.isEmpty() || latest.get().scanId().equals(publishedScan)) {
      return;
    }
    metrics.publish(
        posture.read(current.store(), latest.get(), clock.instant(), LifecycleFilter.open()));
    // a scan another replica ran counts as this one's last success too: every replica reports it
    current
        .store()
        .latestWithSnapshot()
        .ifPresent(scan -> metrics.lastSuccessfulScan(scan.finishedAt()));
    publishedScan = latest.get().scanId();
  }
}
