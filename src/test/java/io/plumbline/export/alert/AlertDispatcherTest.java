package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.START;
import static io.plumbline.export.alert.AlertFixtures.changed;
import static io.plumbline.export.alert.AlertFixtures.drifted;
import static io.plumbline.export.alert.AlertFixtures.event;
import static io.plumbline.export.alert.AlertFixtures.finding;
import static io.plumbline.export.alert.AlertFixtures.ipAccessListsOff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.export.alert.DispatchReport.SinkOutcome;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatch rules, seen through the generic webhook sink and a receiver on loopback. */
class AlertDispatcherTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String SECRET_PATH = "/services/T0001/B0001/s3cr3t-t0ken";

  private RecordingReceiver receiver;
  private MutableClock clock;
  private InMemoryNotificationLog log;
  private AlertDispatcher dispatcher;
  private int scans;

  @BeforeEach
  void start() throws IOException {
    receiver = new RecordingReceiver();
    clock = new MutableClock(START);
    log = new InMemoryNotificationLog();
    dispatcher = dispatcher(webhook("ops", Severity.HIGH));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aNewFailingFindingIsPostedWithTheWorkspaceTheResourceWhatChangedAndTheRunbook() {
    DispatchReport report =
        scan(
            drifted(
                Transition.NEW,
                ipAccessListsOff(1001),
                "enableIpAccessLists: true -> false",
                "cause-ip"));

    assertThat(report.allDelivered()).isTrue();
    assertThat(receiver.requests()).hasSize(1);
    RecordingReceiver.Request request = receiver.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(SECRET_PATH + "/ops");
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = request.body();
    assertThat(body.path("version").asText()).isEqualTo("1");
    assertThat(body.path("status").asText()).isEqualTo("firing");
    assertThat(body.path("scan_id").asText()).isEqualTo("scan-1");
    assertThat(body.path("scanned_at").asText()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(body.path("firing").asInt()).isEqualTo(1);
    assertThat(body.path("resolved").asInt()).isZero();
    JsonNode group = body.path("groups").path(0);
    assertThat(group.path("cause").asText()).isEqualTo("cause-ip");
    assertThat(group.path("summary").asText())
        .isEqualTo("DBX-WS-001: enableIpAccessLists: true -> false (1 firing)");
    JsonNode alert = group.path("alerts").path(0);
    assertThat(alert.path("status").asText()).isEqualTo("firing");
    assertThat(alert.path("transition").asText()).isEqualTo("new");
    assertThat(alert.path("fingerprint").asText()).isEqualTo("DBX-WS-001-1001-workspace-conf");
    assertThat(alert.path("rule").asText()).isEqualTo("DBX-WS-001");
    assertThat(alert.path("severity").asText()).isEqualTo("high");
    assertThat(alert.path("scope").asText()).isEqualTo("workspace:1001");
    assertThat(alert.path("workspace").asText()).isEqualTo("1001");
    assertThat(alert.path("resource_type").asText()).isEqualTo("workspace_conf");
    assertThat(alert.path("resource_id").asText()).isEqualTo("workspace-conf");
    assertThat(alert.path("summary").asText()).isEqualTo("IP access lists are disabled");
    assertThat(alert.path("what_changed").asText()).isEqualTo("enableIpAccessLists: true -> false");
    assertThat(alert.path("runbook_url").asText())
        .isEqualTo("https://runbooks.example.com/plumbline/DBX-WS-001");
    assertThat(alert.path("link").asText()).isEqualTo("https://plumbline.example.com/findings");
    assertThat(alert.path("starts_at").asText()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(alert.path("ends_at").isNull()).isTrue();
    assertThat(alert.path("labels").path("cause").asText()).isEqualTo("cause-ip");
  }

  @Test
  void fortyFindingsSharingACauseArriveAsOneGroupOfFortyInOneRequest() {
    FindingEvent[] events =
        IntStream.range(0, 40)
            .mapToObj(
                index ->
                    drifted(
                        Transition.NEW,
                        ipAccessListsOff(2000 + index),
                        "enableIpAccessLists: true -> false",
                        "cause-ip"))
            .toArray(FindingEvent[]::new);

    DispatchReport report = scan(events);

    assertThat(report.sink("ops")).get().extracting(SinkOutcome::firing).isEqualTo(40L);
    assertThat(receiver.requests()).hasSize(1);
    JsonNode groups = receiver.last().body().path("groups");
    assertThat(groups).hasSize(1);
    assertThat(groups.path(0).path("cause").asText()).isEqualTo("cause-ip");
    assertThat(groups.path(0).path("alerts")).hasSize(40);
    assertThat(groups.path(0).path("summary").asText())
        .isEqualTo("DBX-WS-001: enableIpAccessLists: true -> false (40 firing)");
  }

  @Test
  void findingsWithoutACauseAreGroupedByRuleAndWhatChanged() {
    scan(
        changed(Transition.NEW, ipAccessListsOff(1), "enableIpAccessLists: true -> false"),
        changed(Transition.NEW, ipAccessListsOff(2), "enableIpAccessLists: true -> false"),
        changed(Transition.NEW, ipAccessListsOff(3), "enableIpAccessLists: true -> null"),
        event(
            Transition.NEW,
            finding("DBX-TOKEN-002", Severity.CRITICAL, Verdict.FAIL, 1, "token-1")));

    JsonNode groups = receiver.last().body().path("groups");
    assertThat(causes(groups))
        .containsExactly(
            "rule:DBX-TOKEN-002",
            "rule:DBX-WS-001 enableIpAccessLists: true -> false",
            "rule:DBX-WS-001 enableIpAccessLists: true -> null");
    assertThat(groups.path(1).path("alerts")).hasSize(2);
  }

  @Test
  void aFindingReportedTwiceInOneScanIsSentOnceAndTheFailureWins() {
    Finding finding = ipAccessListsOff(1001);

    scan(
        event(Transition.RESOLVED, finding),
        event(Transition.NEW, finding),
        event(Transition.UNKNOWN, finding),
        event(Transition.NEW, finding));

    assertThat(receiver.requests()).hasSize(1);
    JsonNode alerts = receiver.last().body().path("groups").path(0).path("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.path(0).path("status").asText()).isEqualTo("firing");
  }

  @Test
  void aFindingTheSinkAlreadyHoldsAsFiringIsNotSentAgainWhenItIsReportedNewAgain() {
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));
    clock.advance(Duration.ofMinutes(30));

    DispatchReport report =
        scan(event(Transition.NEW, finding), event(Transition.REOPENED, finding));

    assertThat(report.sink("ops")).get().extracting(SinkOutcome::firing).isEqualTo(0L);
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void aPersistingFindingIsRemindedOnlyOnceTheRenotifyIntervalHasPassed() {
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));

    clock.advance(Duration.ofHours(1));
    scan(event(Transition.PERSISTING, finding));
    clock.advance(Duration.ofMinutes(179));
    scan(event(Transition.PERSISTING, finding));
    assertThat(receiver.requests()).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    scan(event(Transition.PERSISTING, finding));
    assertThat(receiver.requests()).hasSize(2);
    JsonNode reminder = receiver.last().body().path("groups").path(0).path("alerts").path(0);
    assertThat(reminder.path("transition").asText()).isEqualTo("persisting");
    assertThat(reminder.path("starts_at").asText()).isEqualTo("2025-03-01T08:00:00Z");

    clock.advance(Duration.ofHours(1));
    scan(event(Transition.PERSISTING, finding));
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void aPersistingFindingThatNeverFiredStaysSilent() {
    DispatchReport report = scan(event(Transition.PERSISTING, ipAccessListsOff(1001)));

    assertThat(report.allDelivered()).isTrue();
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void aResolvedFindingSendsOneResolveOnlyAfterItsFiringWasSent() {
    Finding fired = ipAccessListsOff(1001);
    Finding neverFired = finding("DBX-WS-009", Severity.LOW, Verdict.FAIL, 1001, "conf");
    scan(event(Transition.NEW, fired), event(Transition.NEW, neverFired));
    assertThat(receiver.requests()).hasSize(1);
    clock.advance(Duration.ofMinutes(30));

    scan(
        event(Transition.RESOLVED, fired.withVerdict(Verdict.PASS, Optional.empty())),
        event(Transition.RESOLVED, neverFired.withVerdict(Verdict.PASS, Optional.empty())));

    assertThat(receiver.requests()).hasSize(2);
    JsonNode body = receiver.last().body();
    assertThat(body.path("status").asText()).isEqualTo("resolved");
    assertThat(body.path("resolved").asInt()).isEqualTo(1);
    JsonNode alert = body.path("groups").path(0).path("alerts").path(0);
    assertThat(alert.path("fingerprint").asText()).isEqualTo(fired.fingerprint());
    assertThat(alert.path("status").asText()).isEqualTo("resolved");
    assertThat(alert.path("transition").asText()).isEqualTo("resolved");
    assertThat(alert.path("ends_at").asText()).isEqualTo("2025-03-01T08:30:00Z");

    scan(event(Transition.RESOLVED, fired.withVerdict(Verdict.PASS, Optional.empty())));
    assertThat(receiver.requests()).hasSize(2);
    assertThat(log.size()).isZero();
  }

  @Test
  void anUnknownFindingNeitherFiresNorResolvesUntilItCanBeReadAgain() {
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));
    Finding unreadable = finding.withVerdict(Verdict.UNKNOWN, Optional.empty());

    clock.advance(Duration.ofHours(5));
    scan(event(Transition.UNKNOWN, unreadable));
    scan(event(Transition.RESOLVED, unreadable));
    scan(event(Transition.UNKNOWN, ipAccessListsOff(1002)));
    assertThat(receiver.requests()).hasSize(1);

    scan(event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty())));
    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.last().body().path("status").asText()).isEqualTo("resolved");
  }

  @Test
  void aWaivedFindingDoesNotFireAndWaivingAFiringFindingResolvesIt() {
    Finding firing = ipAccessListsOff(1001);
    scan(
        event(Transition.NEW, firing),
        event(
            Transition.NEW, ipAccessListsOff(1002).withVerdict(Verdict.WAIVED, Optional.of("w"))));
    assertThat(receiver.last().body().path("firing").asInt()).isEqualTo(1);

    scan(event(Transition.PERSISTING, firing.withVerdict(Verdict.WAIVED, Optional.of("w"))));

    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.last().body().path("status").asText()).isEqualTo("resolved");
  }

  @Test
  void eachSinkFiresFromItsOwnSeverityThreshold() {
    dispatcher = dispatcher(webhook("pager", Severity.HIGH), webhook("channel", Severity.MEDIUM));

    scan(
        event(Transition.NEW, finding("R-MEDIUM", Severity.MEDIUM, Verdict.FAIL, 1, "a")),
        event(Transition.NEW, finding("R-LOW", Severity.LOW, Verdict.FAIL, 1, "b")),
        event(Transition.REOPENED, finding("R-CRITICAL", Severity.CRITICAL, Verdict.FAIL, 1, "c")));

    List<String> rulesByPath = new ArrayList<>();
    for (RecordingReceiver.Request request : receiver.requests()) {
      for (JsonNode group : request.body().path("groups")) {
        for (JsonNode alert : group.path("alerts")) {
          rulesByPath.add(
              request.path().substring(request.path().lastIndexOf('/') + 1)
                  + " "
                  + alert.path("rule").asText());
        }
      }
    }
    assertThat(rulesByPath)
        .containsExactlyInAnyOrder("pager R-CRITICAL", "channel R-CRITICAL", "channel R-MEDIUM");
  }

  @Test
  void aSinkWhoseNotificationLogFailsIsReportedAndTheOtherSinksAreServed() {
    NotificationLog failingForPager =
        new NotificationLog() {
          @Override
          public Optional<Notification> find(String sink, String fingerprint) {
            check(sink);
            return log.find(sink, fingerprint);
          }

          @Override
          public List<Notification> owedResolves(String sink) {
            check(sink);
            return log.owedResolves(sink);
          }

          @Override
          public void save(Notification notification) {
            check(notification.sink());
            log.save(notification);
          }

          @Override
          public void remove(String sink, String fingerprint) {
            check(sink);
            log.remove(sink, fingerprint);
          }

          private void check(String sink) {
            if (sink.equals("pager")) {
              throw new PlumblineException(
                  ErrorKind.EXTERNAL, "malformed alert notification of sink \"pager\"");
            }
          }
        };
    dispatcher =
        dispatcher(
            failingForPager, webhook("pager", Severity.HIGH), webhook("channel", Severity.HIGH));

    DispatchReport report = scan(event(Transition.NEW, ipAccessListsOff(1001)));

    assertThat(report.sink("pager").orElseThrow())
        .isEqualTo(
            new SinkOutcome(
                "pager",
                0,
                0,
                false,
                Optional.of("malformed alert notification of sink \"pager\"")));
    assertThat(report.sink("channel").orElseThrow().delivered()).isTrue();
    assertThat(receiver.requests())
        .extracting(RecordingReceiver.Request::path)
        .containsExactly(SECRET_PATH + "/channel");
  }

  @Test
  void aSinkAnswering503IsRetriedUntilItAccepts() {
    receiver.answer(503, 503);

    DispatchReport report = scan(event(Transition.NEW, ipAccessListsOff(1001)));

    assertThat(receiver.requests()).hasSize(3);
    assertThat(report.allDelivered()).isTrue();
    clock.advance(Duration.ofHours(1));
    scan(event(Transition.PERSISTING, ipAccessListsOff(1001)));
    assertThat(receiver.requests()).hasSize(3);
  }

  @Test
  void aSinkFailingWith500IsReportedWithoutFailingTheScanAndTheAlertGoesOutAtTheNextScan() {
    receiver.answer(500, 500, 500);

    DispatchReport failed = scan(event(Transition.NEW, ipAccessListsOff(1001)));

    assertThat(receiver.requests()).hasSize(3);
    assertThat(failed.allDelivered()).isFalse();
    SinkOutcome outcome = failed.sink("ops").orElseThrow();
    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.firing()).isEqualTo(1);
    assertThat(outcome.problem())
        .get()
        .asString()
        .startsWith("HTTP 500")
        .endsWith("after 3 attempts");

    clock.advance(Duration.ofMinutes(30));
    DispatchReport next = scan(event(Transition.PERSISTING, ipAccessListsOff(1001)));

    assertThat(next.allDelivered()).isTrue();
    assertThat(receiver.requests()).hasSize(4);
    JsonNode alert = receiver.last().body().path("groups").path(0).path("alerts").path(0);
    assertThat(alert.path("transition").asText()).isEqualTo("new");
  }

  @Test
  void aFindingWhoseFirstNotificationNeverArrivedIsForgottenWhenItResolves() {
    receiver.answer(500, 500, 500);
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));

    scan(event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty())));

    assertThat(receiver.requests()).hasSize(3);
    assertThat(log.size()).isZero();
  }

  @Test
  void aResolveThatDidNotArriveIsSentAtTheNextScan() {
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));
    receiver.answer(502, 502, 502);
    scan(event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty())));
    assertThat(receiver.requests()).hasSize(4);

    DispatchReport next = scan();

    assertThat(next.sink("ops")).get().extracting(SinkOutcome::resolved).isEqualTo(1L);
    assertThat(receiver.requests()).hasSize(5);
    assertThat(receiver.last().body().path("status").asText()).isEqualTo("resolved");
    assertThat(log.size()).isZero();
  }

  @Test
  void aResolveThatDidNotArriveIsDroppedWhenTheFindingFailsAgainSinceTheSinkStillHoldsItFiring() {
    Finding finding = ipAccessListsOff(1001);
    scan(event(Transition.NEW, finding));
    receiver.answer(500, 500, 500);
    scan(event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty())));
    clock.advance(Duration.ofHours(1));

    scan(event(Transition.REOPENED, finding));

    assertThat(receiver.requests()).hasSize(4);
    assertThat(log.find("ops", finding.fingerprint()))
        .get()
        .satisfies(notification -> assertThat(notification.firingDelivered()).isTrue());
    clock.advance(Duration.ofHours(3));
    scan(event(Transition.PERSISTING, finding));
    assertThat(receiver.requests()).hasSize(5);
    assertThat(receiver.last().body().path("status").asText()).isEqualTo("firing");
  }

  @Test
  void aRefusedPayloadIsNotRetried() {
    receiver.answer(400);

    DispatchReport report = scan(event(Transition.NEW, ipAccessListsOff(1001)));

    assertThat(receiver.requests()).hasSize(1);
    assertThat(report.sink("ops").orElseThrow().problem()).get().asString().startsWith("HTTP 400");
  }

  @Test
  void aSinkThatCannotBeReachedIsReportedWithoutItsSecretPath() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI secretUrl = URI.create("http://127.0.0.1:" + closedPort + SECRET_PATH);
    WebhookSink sink = new WebhookSink("unreachable", SinkUrl.of(secretUrl), poster());
    dispatcher = dispatcher(new SinkRoute(sink, Severity.HIGH));

    DispatchReport report = scan(event(Transition.NEW, ipAccessListsOff(1001)));

    assertThat(report.allDelivered()).isFalse();
    assertThat(report.sink("unreachable").orElseThrow().problem())
        .get()
        .asString()
        .contains("after 3 attempts")
        .doesNotContain("s3cr3t");
    assertThat(sink.toString())
        .isEqualTo("unreachable (webhook http://127.0.0.1:" + closedPort + "/****)")
        .doesNotContain("s3cr3t");
  }

  private DispatchReport scan(FindingEvent... events) {
    scans++;
    return dispatcher.dispatch(AlertFixtures.scan("scan-" + scans, clock.instant(), events));
  }

  private AlertDispatcher dispatcher(SinkRoute... routes) {
    return dispatcher(log, routes);
  }

  private AlertDispatcher dispatcher(NotificationLog notificationLog, SinkRoute... routes) {
    return new AlertDispatcher(
        List.of(routes),
        new AlertSettings(
            Duration.ofHours(4),
            Duration.ofHours(12),
            Optional.of(URI.create("https://runbooks.example.com/plumbline/")),
            Optional.of(URI.create("https://plumbline.example.com/findings"))),
        notificationLog,
        clock);
  }

  private SinkRoute webhook(String name, Severity minSeverity) {
    return new SinkRoute(
        new WebhookSink(name, SinkUrl.of(receiver.url(SECRET_PATH + "/" + name)), poster()),
        minSeverity);
  }

  private static JsonPoster poster() {
    return new JsonPoster(CLIENT, Duration.ofSeconds(5), 3, Duration.ofMillis(10));
  }

  private static List<String> causes(JsonNode groups) {
    return StreamSupport.stream(groups.spliterator(), false)
        .map(group -> group.path("cause").asText())
        .toList();
  }
}
