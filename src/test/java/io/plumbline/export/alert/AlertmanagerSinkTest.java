package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.drifted;
import static io.plumbline.export.alert.AlertFixtures.event;
import static io.plumbline.export.alert.AlertFixtures.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alertmanager sink against a real Alertmanager on loopback. The dispatcher runs on a clock the
 * test moves; it starts an hour behind the wall clock Alertmanager judges by, so that an alert
 * whose endsAt the test sets in the future is active and a resolve (endsAt the test's now) is in
 * Alertmanager's past.
 */
class AlertmanagerSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path directory;
  private static AlertmanagerProcess alertmanager;

  private final InMemoryNotificationLog log = new InMemoryNotificationLog();
  private final MutableClock clock =
      new MutableClock(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS));
  private int scans;

  @BeforeAll
  static void startAlertmanager() throws Exception {
    alertmanager = AlertmanagerProcess.start(directory);
  }

  @AfterAll
  static void stopAlertmanager() throws Exception {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  @Test
  void aNewFindingBecomesAnActiveAlertWithTheLabelsAndAnnotationsOnCallNeeds() throws Exception {
    AlertDispatcher dispatcher = dispatcher(Duration.ofHours(4), Duration.ofHours(12));
    Finding finding = finding("DBX-WS-001", Severity.HIGH, Verdict.FAIL, 3001, "workspace-conf");
    Instant sent = clock.instant();

    DispatchReport report =
        dispatcher.dispatch(
            scan(drifted(Transition.NEW, finding, "enableIpAccessLists: true -> false", "c-ip")));

    assertThat(report.allDelivered()).isTrue();
    List<JsonNode> alerts = alertmanager.activeAlerts("fingerprint", finding.fingerprint());
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0);
    assertThat(JSON.convertValue(alert.path("labels"), Map.class))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alertname", "PlumblineFinding",
                "rule", "DBX-WS-001",
                "severity", "high",
                "scope", "workspace:3001",
                "workspace", "3001",
                "resource_type", "workspace_conf",
                "fingerprint", finding.fingerprint(),
                "cause", "c-ip"));
    assertThat(JSON.convertValue(alert.path("annotations"), Map.class))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "summary", "IP access lists are disabled",
                "resource", "workspace_conf workspace:3001 workspace-conf",
                "what_changed", "enableIpAccessLists: true -> false",
                "runbook_url", "https://runbooks.example.com/plumbline/DBX-WS-001"));
    assertThat(alert.path("generatorURL").asText()).isEqualTo("https://plumbline.example.com/");
    assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
    assertThat(Instant.parse(alert.path("startsAt").asText())).isEqualTo(sent);
    assertThat(Instant.parse(alert.path("endsAt").asText()))
        .isEqualTo(sent.plus(Duration.ofHours(12)));
  }

  @Test
  void aPersistingFindingIsRepostedAsTheSameAlertAndItsResolveEndsIt() throws Exception {
    AlertDispatcher dispatcher = dispatcher(Duration.ofHours(4), Duration.ofHours(12));
    Finding finding = finding("DBX-WS-002", Severity.CRITICAL, Verdict.FAIL, 3002, "conf");
    dispatcher.dispatch(scan(event(Transition.NEW, finding)));
    JsonNode first = alertmanager.activeAlerts("fingerprint", finding.fingerprint()).get(0);
    Instant later = clock.advance(Duration.ofMinutes(15));

    DispatchReport persisting = dispatcher.dispatch(scan(event(Transition.PERSISTING, finding)));

    assertThat(persisting.sink("alertmanager").orElseThrow().firing()).isEqualTo(1);
    List<JsonNode> alerts = alertmanager.activeAlerts("fingerprint", finding.fingerprint());
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("labels")).isEqualTo(first.path("labels"));
    assertThat(alerts.get(0).path("startsAt")).isEqualTo(first.path("startsAt"));
    assertThat(Instant.parse(alerts.get(0).path("endsAt").asText()))
        .isEqualTo(later.plus(Duration.ofHours(12)))
        .isAfter(Instant.parse(first.path("endsAt").asText()));

    DispatchReport resolved =
        dispatcher.dispatch(
            scan(event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty()))));

    assertThat(resolved.sink("alertmanager").orElseThrow().resolved()).isEqualTo(1);
    assertThat(alertmanager.activeAlerts("fingerprint", finding.fingerprint())).isEmpty();
    assertThat(log.size()).isZero();
  }

  @Test
  void anUnknownFindingKeepsItsAlertActivePastItsFirstEndsAtAndDoesNotResolveIt() throws Exception {
    AlertDispatcher dispatcher = dispatcher(Duration.ofHours(1), Duration.ofHours(2));
    Finding finding = finding("DBX-WS-003", Severity.HIGH, Verdict.FAIL, 3003, "conf");
    dispatcher.dispatch(scan(event(Transition.NEW, finding)));
    Instant firstEndsAt =
        Instant.parse(
            alertmanager
                .activeAlerts("fingerprint", finding.fingerprint())
                .get(0)
                .path("endsAt")
                .asText());

    // the next scan, half an hour before the alert would expire, cannot read the finding
    Instant unknownAt = clock.advance(Duration.ofMinutes(90));
    dispatcher.dispatch(
        scan(event(Transition.UNKNOWN, finding.withVerdict(Verdict.UNKNOWN, Optional.empty()))));

    // Alertmanager ends an alert at its endsAt: this one now lives two hours past that scan
    List<JsonNode> alerts = alertmanager.activeAlerts("fingerprint", finding.fingerprint());
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("status").path("state").asText()).isEqualTo("active");
    assertThat(Instant.parse(alerts.get(0).path("endsAt").asText()))
        .isEqualTo(unknownAt.plus(Duration.ofHours(2)))
        .isAfter(firstEndsAt);
    assertThat(log.size()).isOne();
  }

  @Test
  void fortyFindingsSharingACauseAreFortyAlertsCarryingThatCause() throws Exception {
    AlertDispatcher dispatcher = dispatcher(Duration.ofHours(4), Duration.ofHours(12));
    FindingEvent[] events =
        IntStream.range(0, 40)
            .mapToObj(
                index ->
                    drifted(
                        Transition.NEW,
                        finding("DBX-WS-004", Severity.HIGH, Verdict.FAIL, 4000 + index, "conf"),
                        "enableTokensConfig: false -> true",
                        "c-tokens"))
            .toArray(FindingEvent[]::new);

    DispatchReport report = dispatcher.dispatch(scan(events));

    assertThat(report.sink("alertmanager").orElseThrow().firing()).isEqualTo(40);
    assertThat(alertmanager.activeAlerts("cause", "c-tokens")).hasSize(40);
  }

  private AlertDispatcher dispatcher(Duration renotifyInterval, Duration resolveTimeout) {
    JsonPoster poster =
        new JsonPoster(HttpClient.newHttpClient(), Duration.ofSeconds(5), 3, Duration.ofMillis(50));
    return new AlertDispatcher(
        List.of(
            new SinkRoute(
                new AlertmanagerSink("alertmanager", SinkUrl.of(alertmanager.url()), poster),
                Severity.HIGH)),
        new AlertSettings(
            renotifyInterval,
            resolveTimeout,
            Optional.of(URI.create("https://runbooks.example.com/plumbline")),
            Optional.of(URI.create("https://plumbline.example.com/"))),
        log,
        clock);
  }

  private ScanEvents scan(FindingEvent... events) {
    scans++;
    return AlertFixtures.scan("scan-" + scans, clock.instant(), events);
  }
}
