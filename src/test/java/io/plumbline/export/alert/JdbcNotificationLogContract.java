package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.START;
import static io.plumbline.export.alert.AlertFixtures.event;
import static io.plumbline.export.alert.AlertFixtures.ipAccessListsOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import io.plumbline.store.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's notification log: the {@link NotificationLogContract}, and what it is for, that a
 * restart or another replica sees what each sink was told. Run on H2 ({@link
 * JdbcNotificationLogOnH2Test}) and PostgreSQL ({@link JdbcNotificationLogOnPostgresTest}).
 */
abstract class JdbcNotificationLogContract extends NotificationLogContract {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private StoreSettings settings;
  private Store store;
  private JdbcNotificationLog log;

  protected abstract TestDatabase database();

  @BeforeEach
  void openFreshStore() {
    settings = database().freshStore();
    store = Store.open(settings);
    log = new JdbcNotificationLog(store.dataSource());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  protected NotificationLog log() {
    return log;
  }

  @Test
  void whatWasSavedIsFoundAfterTheStoreIsOpenedAgain() {
    log.save(delivered("ops", "fp-1"));
    log.save(owed("ops", "fp-2"));
    log.save(resolveOwed("ops", "fp-3"));

    restart();

    assertThat(log.find("ops", "fp-1")).contains(delivered("ops", "fp-1"));
    assertThat(log.find("ops", "fp-2")).contains(owed("ops", "fp-2"));
    assertThat(log.owedResolves("ops")).containsExactly(resolveOwed("ops", "fp-3"));
  }

  @Test
  void twoReplicasOnOneDatabaseShareTheLog() {
    try (Store otherReplica = Store.open(settings)) {
      JdbcNotificationLog other = new JdbcNotificationLog(otherReplica.dataSource());

      log.save(owed("ops", "fp-1"));
      other.save(delivered("ops", "fp-1"));

      assertThat(log.find("ops", "fp-1")).contains(delivered("ops", "fp-1"));

      other.remove("ops", "fp-1");

      assertThat(log.find("ops", "fp-1")).isEmpty();
    }
  }

  @Test
  void theLastFiredTimeIsKeptToTheMicrosecond() {
    Instant firedAt = Instant.parse("2025-03-01T08:05:00.123456789Z");

    log.save(new Notification("ops", AlertFixtures.firingAlert("fp-1"), Optional.of(firedAt)));

    assertThat(log.find("ops", "fp-1").orElseThrow().lastFiredAt())
        .contains(Instant.parse("2025-03-01T08:05:00.123456Z"));
  }

  @Test
  void aMalformedRowIsReportedWithItsSinkAndFingerprint() throws SQLException {
    String alert =
        AlertJson.write(AlertFixtures.firingAlert("fp-1").resolvedAt(START))
            .replace(START.toString(), "yesterday");
    insertRow("ops", "fp-1", "RESOLVED", alert);

    assertThatThrownBy(() -> log.find("ops", "fp-1"))
        .isInstanceOf(PlumblineException.class)
        .hasMessage(
            "malformed alert notification in the store, sink \"ops\", fingerprint \"fp-1\""
                + " (table alert_notifications): invalid \"starts_at\": \"yesterday\", expected an"
                + " ISO-8601 instant")
        .extracting(e -> ((PlumblineException) e).kind())
        .isEqualTo(ErrorKind.EXTERNAL);
    assertThatThrownBy(() -> log.owedResolves("ops"))
        .hasMessageContaining("sink \"ops\", fingerprint \"fp-1\"");
  }

  @Test
  void aRowWhoseAlertIsNotJsonIsReportedWithItsSinkAndFingerprint() throws SQLException {
    insertRow("slack", "fp-2", "FIRING", "{\"fingerprint\": \"fp-2\", ");

    assertThatThrownBy(() -> log.find("slack", "fp-2"))
        .hasMessageStartingWith(
            "malformed alert notification in the store, sink \"slack\", fingerprint \"fp-2\""
                + " (table alert_notifications): not JSON");
  }

  @Test
  void aFindingFiredBeforeARestartIsResolvedAfterIt() throws IOException {
    try (RecordingReceiver receiver = new RecordingReceiver()) {
      MutableClock clock = new MutableClock(START);
      Finding finding = ipAccessListsOff(1001);
      dispatcher(receiver, clock).dispatch(scan("scan-1", clock, event(Transition.NEW, finding)));
      JsonNode fired = onlyAlert(receiver.last().body());

      restart();
      clock.advance(Duration.ofMinutes(30));
      DispatchReport report =
          dispatcher(receiver, clock)
              .dispatch(
                  scan(
                      "scan-2",
                      clock,
                      event(
                          Transition.RESOLVED,
                          finding.withVerdict(Verdict.PASS, Optional.empty()))));

      assertThat(report.allDelivered()).isTrue();
      assertThat(receiver.requests()).hasSize(2);
      JsonNode resolved = onlyAlert(receiver.last().body());
      assertThat(resolved.path("status").asText()).isEqualTo("resolved");
      assertThat(resolved.path("fingerprint").asText()).isEqualTo(finding.fingerprint());
      assertThat(resolved.path("labels")).isEqualTo(fired.path("labels"));
      assertThat(resolved.path("starts_at").asText()).isEqualTo("2025-03-01T08:00:00Z");
      assertThat(resolved.path("ends_at").asText()).isEqualTo("2025-03-01T08:30:00Z");
      assertThat(log.find("ops", finding.fingerprint())).isEmpty();
    }
  }

  @Test
  void aFindingFiredBeforeARestartIsRemindedNotFiredAgainAfterIt() throws IOException {
    try (RecordingReceiver receiver = new RecordingReceiver()) {
      MutableClock clock = new MutableClock(START);
      Finding finding = ipAccessListsOff(1001);
      dispatcher(receiver, clock).dispatch(scan("scan-1", clock, event(Transition.NEW, finding)));

      restart();
      clock.advance(Duration.ofMinutes(30));
      AlertDispatcher restarted = dispatcher(receiver, clock);
      restarted.dispatch(scan("scan-2", clock, event(Transition.NEW, finding)));

      assertThat(receiver.requests()).hasSize(1);

      clock.advance(Duration.ofHours(4));
      restarted.dispatch(scan("scan-3", clock, event(Transition.PERSISTING, finding)));

      assertThat(receiver.requests()).hasSize(2);
      assertThat(onlyAlert(receiver.last().body()).path("transition").asText())
          .isEqualTo("persisting");
    }
  }

  @Test
  void aResolveThatFailedBeforeARestartIsSentAfterIt() throws IOException {
    try (RecordingReceiver receiver = new RecordingReceiver()) {
      MutableClock clock = new MutableClock(START);
      Finding finding = ipAccessListsOff(1001);
      AlertDispatcher before = dispatcher(receiver, clock);
      before.dispatch(scan("scan-1", clock, event(Transition.NEW, finding)));
      receiver.answer(500, 500, 500);
      before.dispatch(
          scan(
              "scan-2",
              clock,
              event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty()))));

      restart();
      clock.advance(Duration.ofMinutes(30));
      DispatchReport report = dispatcher(receiver, clock).dispatch(scan("scan-3", clock));

      assertThat(report.sink("ops").orElseThrow().resolved()).isEqualTo(1);
      assertThat(receiver.requests()).hasSize(5);
      assertThat(onlyAlert(receiver.last().body()).path("status").asText()).isEqualTo("resolved");
      assertThat(log.owedResolves("ops")).isEmpty();
    }
  }

  /** Closes the store and opens it again, with a new log: what a restarted service does. */
  private void restart() {
    store.close();
    store = Store.open(settings);
    log = new JdbcNotificationLog(store.dataSource());
  }

  private AlertDispatcher dispatcher(RecordingReceiver receiver, MutableClock clock) {
    SinkRoute ops =
        new SinkRoute(
            new WebhookSink(
                "ops",
                SinkUrl.of(receiver.url("/hooks/ops")),
                new JsonPoster(CLIENT, Duration.ofSeconds(5), 3, Duration.ofMillis(10))),
            Severity.HIGH);
    return new AlertDispatcher(
        List.of(ops),
        new AlertSettings(
            Duration.ofHours(4),
            Duration.ofHours(12),
            Optional.of(URI.create("https://runbooks.example.com/plumbline/")),
            Optional.empty()),
        log,
        clock);
  }

  private static ScanEvents scan(String scanId, MutableClock clock, FindingEvent... events) {
    return AlertFixtures.scan(scanId, clock.instant(), events);
  }

  private static JsonNode onlyAlert(JsonNode body) {
    assertThat(body.path("groups")).hasSize(1);
    assertThat(body.path("groups").path(0).path("alerts")).hasSize(1);
    return body.path("groups").path(0).path("alerts").path(0);
  }

  private void insertRow(String sink, String fingerprint, String status, String alert)
      throws SQLException {
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO alert_notifications (sink, fingerprint, status, alert)"
                    + " VALUES (?, ?, ?, ?)")) {
      insert.setString(1, sink);
      insert.setString(2, fingerprint);
      insert.setString(3, status);
      insert.setString(4, alert);
      insert.executeUpdate();
    }
  }
}
