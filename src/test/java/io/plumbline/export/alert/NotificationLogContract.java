package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.START;
import static io.plumbline.export.alert.AlertFixtures.firingAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.model.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NotificationLog} does, run on the in-memory one ({@link
 * InMemoryNotificationLogTest}) and on the store's ({@link JdbcNotificationLogOnH2Test}, {@link
 * JdbcNotificationLogOnPostgresTest}).
 */
abstract class NotificationLogContract {

  protected static final Instant FIRED_AT = START.plus(Duration.ofMinutes(5));

  /** An empty log, the same one for the whole test. */
  protected abstract NotificationLog log();

  protected static Notification delivered(String sink, String fingerprint) {
    return new Notification(sink, firingAlert(fingerprint), Optional.of(FIRED_AT));
  }

  protected static Notification owed(String sink, String fingerprint) {
    return new Notification(sink, firingAlert(fingerprint), Optional.empty());
  }

  protected static Notification resolveOwed(String sink, String fingerprint) {
    return new Notification(
        sink,
        firingAlert(fingerprint).resolvedAt(START.plus(Duration.ofHours(1))),
        Optional.of(FIRED_AT));
  }

  @Test
  void aNotificationNeverSavedIsNotFound() {
    assertThat(log().find("ops", "fp-1")).isEmpty();
    assertThat(log().owedResolves("ops")).isEmpty();
  }

  @Test
  void aSavedNotificationIsFoundAsItWasSaved() {
    log().save(delivered("ops", "fp-1"));
    log().save(owed("ops", "fp-2"));
    log().save(resolveOwed("ops", "fp-3"));

    assertThat(log().find("ops", "fp-1")).contains(delivered("ops", "fp-1"));
    assertThat(log().find("ops", "fp-2")).contains(owed("ops", "fp-2"));
    assertThat(log().find("ops", "fp-3")).contains(resolveOwed("ops", "fp-3"));
  }

  @Test
  void anAlertWithoutItsOptionalPartsIsFoundAsItWasSaved() {
    Alert full = firingAlert("fp-1");
    Alert bare =
        new Alert(
            full.fingerprint(),
            full.status(),
            Transition.REOPENED,
            full.ruleId(),
            full.severity(),
            Scope.account("acc-1"),
            full.resourceType(),
            full.resourceId(),
            full.summary(),
            Optional.empty(),
            "rule:DBX-WS-001",
            Optional.empty(),
            Optional.empty(),
            full.startsAt(),
            full.endsAt());
    Notification notification = new Notification("ops", bare, Optional.of(FIRED_AT));

    log().save(notification);

    assertThat(log().find("ops", "fp-1")).contains(notification);
  }

  @Test
  void savingAgainReplacesWhatWasSavedForTheSinkAndFingerprint() {
    log().save(owed("ops", "fp-1"));
    log().save(delivered("ops", "fp-1"));

    assertThat(log().find("ops", "fp-1")).contains(delivered("ops", "fp-1"));

    log().save(resolveOwed("ops", "fp-1"));

    assertThat(log().find("ops", "fp-1")).contains(resolveOwed("ops", "fp-1"));
    assertThat(log().owedResolves("ops")).containsExactly(resolveOwed("ops", "fp-1"));

    log().save(delivered("ops", "fp-1"));

    assertThat(log().find("ops", "fp-1")).contains(delivered("ops", "fp-1"));
    assertThat(log().owedResolves("ops")).isEmpty();
  }

  @Test
  void eachSinkKeepsItsOwnNotificationOfAFinding() {
    log().save(delivered("ops", "fp-1"));
    log().save(resolveOwed("slack", "fp-1"));

    assertThat(log().find("ops", "fp-1")).contains(delivered("ops", "fp-1"));
    assertThat(log().find("slack", "fp-1")).contains(resolveOwed("slack", "fp-1"));
    assertThat(log().find("siem", "fp-1")).isEmpty();
    assertThat(log().owedResolves("ops")).isEmpty();
    assertThat(log().owedResolves("slack")).containsExactly(resolveOwed("slack", "fp-1"));
  }

  @Test
  void owedResolvesAreTheSinksResolvedNotificationsInFingerprintOrder() {
    // upper case before lower case, '-' before digits: String order, whatever a collation says
    log().save(resolveOwed("ops", "b-2"));
    log().save(delivered("ops", "a-1"));
    log().save(resolveOwed("ops", "a-9"));
    log().save(resolveOwed("ops", "B-1"));
    log().save(owed("ops", "a-0"));
    log().save(resolveOwed("ops", "a-"));
    log().save(resolveOwed("slack", "a-5"));

    assertThat(log().owedResolves("ops"))
        .containsExactly(
            resolveOwed("ops", "B-1"),
            resolveOwed("ops", "a-"),
            resolveOwed("ops", "a-9"),
            resolveOwed("ops", "b-2"));
  }

  @Test
  void aRemovedNotificationIsGoneAndTheOthersStay() {
    log().save(delivered("ops", "fp-1"));
    log().save(delivered("ops", "fp-2"));
    log().save(resolveOwed("slack", "fp-1"));

    log().remove("ops", "fp-1");

    assertThat(log().find("ops", "fp-1")).isEmpty();
    assertThat(log().find("ops", "fp-2")).contains(delivered("ops", "fp-2"));
    assertThat(log().find("slack", "fp-1")).contains(resolveOwed("slack", "fp-1"));
  }

  @Test
  void removingWhatWasNeverSavedChangesNothing() {
    log().save(delivered("ops", "fp-1"));

    log().remove("ops", "fp-2");
    log().remove("slack", "fp-1");

    assertThat(log().find("ops", "fp-1")).contains(delivered("ops", "fp-1"));
  }
}
