package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link NotificationLog} in the store's {@code alert_notifications} table (migration V2), so
 * that it outlives a restart and replicas on the same database share it. The alert is kept as JSON
 * ({@link AlertJson}), exactly; {@code lastFiredAt} to the microsecond, what both databases keep.
 *
 * <p>The same SQL runs on H2 and PostgreSQL: {@link #save} updates the row and inserts it when
 * there was none, and should another replica insert the same row in between, updates again.
 */
public final class JdbcNotificationLog implements NotificationLog {

  /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final int SAVE_ATTEMPTS = 3;

  private final DataSource dataSource;

  public JdbcNotificationLog(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Optional<Notification> find(String sink, String fingerprint) {
    requireNonNull(sink, "sink is null");
    requireNonNull(fingerprint, "fingerprint is null");
    return inTransaction(
        "read the alert notification of " + key(sink, fingerprint),
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT fingerprint, status, alert, last_fired_at FROM alert_notifications"
                      + " WHERE sink = ? AND fingerprint = ?")) {
            select.setString(1, sink);
            select.setString(2, fingerprint);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(notification(sink, row)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Notification> owedResolves(String sink) {
    requireNonNull(sink, "sink is null");
    List<Notification> owed =
        inTransaction(
            "read the resolves owed to sink \"" + sink + "\"",
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT fingerprint, status, alert, last_fired_at FROM alert_notifications"
                          + " WHERE sink = ? AND status = ?")) {
                select.setString(1, sink);
                select.setString(2, AlertStatus.RESOLVED.name());
                List<Notification> notifications = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                  while (row.next()) {
                    notifications.add(notification(sink, row));
                  }
                }
                return notifications;
              }
            });
    // sorted here, not by ORDER BY: a PostgreSQL collation may order strings otherwise
    owed.sort(Comparator.comparing(Notification::fingerprint));
    return List.copyOf(owed);
  }

  @Override
  public void save(Notification notification) {
    requireNonNull(notification, "notification is null");
    String sink = notification.sink();
    String fingerprint = notification.fingerprint();
    String alert = AlertJson.write(notification.alert());
    Optional<Instant> lastFiredAt =
        notification.lastFiredAt().map(time -> time.truncatedTo(ChronoUnit.MICROS));
    String status = notification.alert().status().name();
    for (int attempt = 1; ; attempt++) {
      try {
        inTransaction(
            "save the alert notification of " + key(sink, fingerprint),
            connection -> {
              try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE alert_notifications SET status = ?, alert = ?, last_fired_at = ?"
                          + " WHERE sink = ? AND fingerprint = ?")) {
                update.setString(1, status);
                update.setString(2, alert);
                setInstant(update, 3, lastFiredAt);
                update.setString(4, sink);
                update.setString(5, fingerprint);
                if (update.executeUpdate() > 0) {
                  return null;
                }
              }
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO alert_notifications"
                          + " (sink, fingerprint, status, alert, last_fired_at)"
                          + " VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, sink);
                insert.setString(2, fingerprint);
                insert.setString(3, status);
                insert.setString(4, alert);
                setInstant(insert, 5, lastFiredAt);
                insert.executeUpdate();
              }
              return null;
            });
        return;
      } catch (PlumblineException e) {
        if (attempt == SAVE_ATTEMPTS || !insertedMeanwhile(e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public void remove(String sink, String fingerprint) {
    requireNonNull(sink, "sink is null");
    requireNonNull(fingerprint, "fingerprint is null");
    inTransaction(
        "remove the alert notification of " + key(sink, fingerprint),
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM alert_notifications WHERE sink = ? AND fingerprint = ?")) {
            delete.setString(1, sink);
            delete.setString(2, fingerprint);
            delete.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public String toString() {
    return "JdbcNotificationLog[alert_notifications]";
  }

  private static Notification notification(String sink, ResultSet row) throws SQLException {
    String fingerprint = row.getString("fingerprint");
    String status = row.getString("status");
    String text = row.getString("alert");
    OffsetDateTime lastFiredAt = row.getObject("last_fired_at", OffsetDateTime.class);
    try {
      Alert alert = AlertJson.read(text);
      if (!alert.fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "the alert's fingerprint is \"" + alert.fingerprint() + "\"");
      }
      if (!alert.status().name().equals(status)) {
        throw new IllegalArgumentException(
            "the row's status is " + status + ", the alert's " + alert.status().name());
      }
      return new Notification(
          sink, alert, Optional.ofNullable(lastFiredAt).map(OffsetDateTime::toInstant));
    } catch (IllegalArgumentException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "malformed alert notification in the store, "
              + key(sink, fingerprint)
              + " (table alert_notifications): "
              + e.getMessage(),
          e);
    }
  }

  private static void setInstant(PreparedStatement statement, int parameter, Optional<Instant> time)
      throws SQLException {
    if (time.isPresent()) {
      statement.setObject(parameter, OffsetDateTime.ofInstant(time.get(), ZoneOffset.UTC));
    } else {
      statement.setNull(parameter, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static boolean insertedMeanwhile(PlumblineException e) {
    return e.getCause() instanceof SQLException cause
        && UNIQUE_VIOLATION.equals(cause.getSQLState());
  }

  private static String key(String sink, String fingerprint) {
    return "sink \"" + sink + "\", fingerprint \"" + fingerprint + "\"";
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new PlumblineException(ErrorKind.EXTERNAL, "cannot " + what + ": " + e.getMessage(), e);
    }
  }
}
