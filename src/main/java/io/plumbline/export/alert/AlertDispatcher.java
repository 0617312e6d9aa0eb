package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.PlumblineException;
import io.plumbline.export.alert.DispatchReport.SinkOutcome;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns a scan's finding events into notifications, one batch per sink, and remembers what each
 * sink was told in the {@link NotificationLog}.
 *
 * <ul>
 *   <li>A NEW or REOPENED FAIL at or above the sink's severity fires. WAIVED and PASS never fire.
 *   <li>A finding the sink already holds as firing never fires again as new (de-duplication by
 *       fingerprint, within a scan and across scans). While it persists, Alertmanager gets it every
 *       scan (to keep it active); other sinks get a reminder once the re-notify interval has passed
 *       since the last notification that reached them.
 *   <li>RESOLVED (or a PASS or WAIVED verdict) resolves, only on a sink that was told it fired.
 *   <li>UNKNOWN, or an UNKNOWN verdict, neither fires nor resolves: a failed read says nothing
 *       about the finding. Alertmanager still gets the firing alert again, so it does not expire
 *       while the data cannot be read.
 *   <li>A notification that did not reach its sink is sent again at a later scan: a first
 *       notification while the finding still fails, a resolve at the next scan in any case.
 *   <li>Alerts are grouped by their event's cause, or else by rule and what changed.
 * </ul>
 */
public final class AlertDispatcher {

  private static final Logger LOG = Logger.getLogger(AlertDispatcher.class);

  private static final Comparator<Alert> ALERT_ORDER =
      Comparator.comparing(Alert::severity)
          .thenComparing(Alert::ruleId)
          .thenComparing(Alert::scope)
          .thenComparing(Alert::resourceType)
          .thenComparing(Alert::resourceId)
          .thenComparing(Alert::fingerprint);

  private static final Comparator<AlertGroup> GROUP_ORDER =
      Comparator.<AlertGroup, Alert>comparing(group -> group.alerts().get(0), ALERT_ORDER)
          .thenComparing(AlertGroup::cause);

  private final List<SinkRoute> routes;
  private final AlertSettings settings;
  private final NotificationLog log;
  private final Clock clock;

  public AlertDispatcher(
      List<SinkRoute> routes, AlertSettings settings, NotificationLog log, Clock clock) {
    this.routes = List.copyOf(routes);
    this.settings = requireNonNull(settings, "settings is null");
    this.log = requireNonNull(log, "log is null");
    this.clock = requireNonNull(clock, "clock is null");
    Set<String> names = new HashSet<>();
    for (SinkRoute route : this.routes) {
      if (!names.add(route.name())) {
        throw new IllegalArgumentException("two alert sinks are named \"" + route.name() + "\"");
      }
    }
  }

  /** A dispatcher for the enabled sinks of {@code config}, URLs read from the environment. */
  public static AlertDispatcher fromConfig(AlertConfig config, NotificationLog log, Clock clock) {
    return new AlertDispatcher(
        AlertSinks.routes(config, System::getenv), AlertSinks.settings(config), log, clock);
  }

  public List<SinkRoute> routes() {
    return routes;
  }

  /**
   * Sends what {@code scan} calls for to every sink. A sink that fails, or whose entries the
   * notification log cannot read or write, is reported in the result and logged once; it never
   * fails the scan.
   */
  public synchronized DispatchReport dispatch(ScanEvents scan) {
    Instant now = clock.instant();
    List<FindingEvent> events = distinct(scan.events());
    List<SinkOutcome> outcomes = new ArrayList<>();
    for (SinkRoute route : routes) {
      outcomes.add(dispatchOrReport(route, scan, events, now));
    }
    return new DispatchReport(scan.scanId(), outcomes);
  }

  private SinkOutcome dispatchOrReport(
      SinkRoute route, ScanEvents scan, List<FindingEvent> events, Instant now) {
    try {
      return dispatch(route, scan, events, now);
    } catch (PlumblineException e) {
      // the notification log failed (its database, or a malformed entry): the scan is recorded
      // already and the other sinks need not wait; this one catches up at a later scan
      LOG.errorf(
          "alerts of scan %s for sink %s stopped, to be sent at a later scan: %s",
          scan.scanId(), route.name(), e.getMessage());
      return new SinkOutcome(route.name(), 0, 0, false, Optional.of(e.getMessage()));
    }
  }

  private SinkOutcome dispatch(
      SinkRoute route, ScanEvents scan, List<FindingEvent> events, Instant now) {
    String sink = route.name();
    List<Step> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (FindingEvent event : events) {
      seen.add(event.fingerprint());
      decide(route, event, log.find(sink, event.fingerprint()), scan, now).ifPresent(steps::add);
    }
    for (Notification owed : log.owedResolves(sink)) {
      if (!seen.contains(owed.fingerprint())) {
        steps.add(resolve(owed, now));
      }
    }
    List<Step> sending = new ArrayList<>();
    for (Step step : steps) {
      if (step.send().isPresent()) {
        sending.add(step);
      } else {
        record(sink, step.fingerprint(), step.ifDelivered());
      }
    }
    if (sending.isEmpty()) {
      return new SinkOutcome(sink, 0, 0, true, Optional.empty());
    }
    AlertBatch batch =
        new AlertBatch(
            scan.scanId(),
            scan.scannedAt(),
            group(sending.stream().map(step -> step.send().get()).toList()));
    Delivery delivery = send(route.sink(), batch);
    for (Step step : sending) {
      record(sink, step.fingerprint(), delivery.delivered() ? step.ifDelivered() : step.ifFailed());
    }
    if (delivery.delivered()) {
      LOG.infof(
          "alerts of scan %s sent to %s: %d firing, %d resolved, in %d groups",
          scan.scanId(), sink, batch.firingCount(), batch.resolvedCount(), batch.groups().size());
    } else {
      LOG.warnf(
          "alert sink %s failed: %s; %d firing and %d resolved notifications not delivered, to be"
              + " sent again at a later scan",
          route.sink(),
          delivery.problem().orElse("unknown problem"),
          batch.firingCount(),
          batch.resolvedCount());
    }
    return new SinkOutcome(
        sink, batch.firingCount(), batch.resolvedCount(), delivery.delivered(), delivery.problem());
  }

  private static Delivery send(AlertSink sink, AlertBatch batch) {
    try {
      return sink.send(batch);
    } catch (RuntimeException e) {
      // the message of an HTTP client exception may hold the sink's URL: the class says enough
      LOG.debugf("alert sink %s threw %s", sink.name(), e.getClass().getName());
      return Delivery.failed(0, "unexpected " + e.getClass().getName());
    }
  }

  private Optional<Step> decide(
      SinkRoute route,
      FindingEvent event,
      Optional<Notification> entry,
      ScanEvents scan,
      Instant now) {
    String sink = route.name();
    Notification known = entry.orElse(null);
    State state = state(event);
    switch (state) {
      case FAILING -> {
        boolean restored = false;
        if (known != null && known.resolveOwed()) {
          // the resolve never reached the sink, which still holds the alert as firing
          known =
              new Notification(
                  sink,
                  known.alert().refreshed(Transition.PERSISTING, known.alert().endsAt()),
                  known.lastFiredAt());
          restored = true;
        }
        if (known != null && known.firingOwed()) {
          Alert first = known.alert().refreshed(known.alert().transition(), expiry(now));
          return Optional.of(fire(known, first, now));
        }
        if (known != null) {
          boolean due =
              route.sink().resendsEveryScan()
                  || !now.isBefore(known.lastFiredAt().get().plus(settings.renotifyInterval()));
          if (due) {
            return Optional.of(
                fire(known, known.alert().refreshed(Transition.PERSISTING, expiry(now)), now));
          }
          return restored
              ? Optional.of(
                  new Step(
                      known.fingerprint(),
                      Optional.empty(),
                      Optional.of(known),
                      Optional.of(known)))
              : Optional.empty();
        }
        boolean first =
            event.transition() == Transition.NEW || event.transition() == Transition.REOPENED;
        if (!first || !event.finding().severity().isAtLeast(route.minSeverity())) {
          return Optional.empty();
        }
        Alert alert = newAlert(event, scan, now);
        return Optional.of(
            new Step(
                alert.fingerprint(),
                Optional.of(alert),
                Optional.of(new Notification(sink, alert, Optional.of(now))),
                Optional.of(new Notification(sink, alert, Optional.empty()))));
      }
      case CLEARED -> {
        if (known == null) {
          return Optional.empty();
        }
        if (known.firingOwed()) {
          // never told it fired: nothing to resolve
          return Optional.of(
              new Step(known.fingerprint(), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return Optional.of(resolve(known, now));
      }
      case IN_DOUBT -> {
        if (known != null && known.firingDelivered() && route.sink().resendsEveryScan()) {
          return Optional.of(
              fire(known, known.alert().refreshed(Transition.UNKNOWN, expiry(now)), now));
        }
        return Optional.empty();
      }
      default -> throw new IllegalStateException("unexpected state " + state);
    }
  }

  /** Sends {@code alert}; the log keeps the alert as first sent, with the new time on success. */
  private static Step fire(Notification known, Alert alert, Instant now) {
    return new Step(
        known.fingerprint(),
        Optional.of(alert),
        Optional.of(new Notification(known.sink(), known.alert(), Optional.of(now))),
        Optional.of(known));
  }

  private static Step resolve(Notification known, Instant now) {
    Alert resolved = known.alert().resolvedAt(now);
    return new Step(
        known.fingerprint(),
        Optional.of(resolved),
        Optional.empty(),
        Optional.of(new Notification(known.sink(), resolved, known.lastFiredAt())));
  }

  private Alert newAlert(FindingEvent event, ScanEvents scan, Instant now) {
    Finding finding = event.finding();
    String cause =
        event
            .cause()
            .orElseGet(
                () -> "rule:" + finding.ruleId() + event.whatChanged().map(" "::concat).orElse(""));
    return new Alert(
        finding.fingerprint(),
        AlertStatus.FIRING,
        event.transition(),
        finding.ruleId(),
        finding.severity(),
        finding.scope(),
        finding.resourceType(),
        finding.resourceId(),
        finding.message(),
        event.whatChanged(),
        cause,
        settings.runbookUrl(finding.ruleId()),
        settings.generatorUrl(),
        scan.scannedAt(),
        expiry(now));
  }

  private Instant expiry(Instant now) {
    return now.plus(settings.resolveTimeout());
  }

  private void record(String sink, String fingerprint, Optional<Notification> notification) {
    notification.ifPresentOrElse(log::save, () -> log.remove(sink, fingerprint));
  }

  private static List<AlertGroup> group(List<Alert> alerts) {
    Map<String, List<Alert>> byCause = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      byCause.computeIfAbsent(alert.cause(), cause -> new ArrayList<>()).add(alert);
    }
    return byCause.entrySet().stream()
        .map(
            entry ->
                AlertGroup.of(
                    entry.getKey(), entry.getValue().stream().sorted(ALERT_ORDER).toList()))
        .sorted(GROUP_ORDER)
        .toList();
  }

  /**
   * One event per fingerprint. Should a scan report a finding twice, the event that says it fails
   * wins over one in doubt, which wins over a resolve: a duplicate never hides a failure nor
   * resolves on doubt.
   */
  private static List<FindingEvent> distinct(List<FindingEvent> events) {
    Map<String, FindingEvent> byFingerprint = new LinkedHashMap<>();
    for (FindingEvent event : events) {
      byFingerprint.merge(
          event.fingerprint(),
          event,
          (kept, candidate) -> rank(candidate) < rank(kept) ? candidate : kept);
    }
    return List.copyOf(byFingerprint.values());
  }

  private static int rank(FindingEvent event) {
    return switch (state(event)) {
      case FAILING -> event.transition() == Transition.PERSISTING ? 1 : 0;
      case IN_DOUBT -> 2;
      case CLEARED -> 3;
    };
  }

  private enum State {
    FAILING,
    CLEARED,
    IN_DOUBT
  }

  private static State state(FindingEvent event) {
    Verdict verdict = event.finding().verdict();
    if (event.transition() == Transition.UNKNOWN || verdict == Verdict.UNKNOWN) {
      return State.IN_DOUBT;
    }
    if (event.transition() == Transition.RESOLVED) {
      return State.CLEARED;
    }
    return verdict == Verdict.FAIL ? State.FAILING : State.CLEARED;
  }

  /**
   * What to send for one finding, and what the log holds afterwards (empty: nothing) when the batch
   * was delivered and when it was not. A step with nothing to send only updates the log.
   */
  private record Step(
      String fingerprint,
      Optional<Alert> send,
      Optional<Notification> ifDelivered,
      Optional<Notification> ifFailed) {}
}
