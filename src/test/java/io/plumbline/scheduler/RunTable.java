package io.plumbline.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A table every replica writes its scans to, so that a test sees what each process ran. A scan
 * whose replica is killed before it ends leaves no row.
 */
final class RunTable {

  record Row(
      String requestId,
      String trigger,
      Instant scheduledAt,
      String instanceId,
      Instant startedAt,
      Instant endedAt) {}

  private RunTable() {}

  static void create(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE scan_runs (request_id VARCHAR(240) PRIMARY KEY, trigger VARCHAR(200),"
              + " scheduled_at TIMESTAMP WITH TIME ZONE, instance_id VARCHAR(200),"
              + " started_at TIMESTAMP WITH TIME ZONE, ended_at TIMESTAMP WITH TIME ZONE)");
    }
  }

  /** A runner whose scans take {@code scanTime} and are then written to the table. */
  static ScanJobRunner recorder(DataSource dataSource, Duration scanTime) {
    return new ScanJobRunner() {
      @Override
      public void run(ScanRequest request) {
        Instant start = Instant.now();
        try {
          Thread.sleep(scanTime.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        insert(dataSource, request, start, Instant.now());
      }

      @Override
      public void aborted(ScanRequest request, String reason) {}
    };
  }

  private static void insert(
      DataSource dataSource, ScanRequest request, Instant start, Instant end) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO scan_runs (request_id, trigger, scheduled_at, instance_id,"
                    + " started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, request.requestId());
      insert.setString(2, request.trigger());
      insert.setObject(3, OffsetDateTime.ofInstant(request.scheduledAt(), ZoneOffset.UTC));
      insert.setString(4, request.instanceId());
      insert.setObject(5, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
      insert.setObject(6, OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record scan " + request.requestId(), e);
    }
  }

  static List<Row> rows(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT request_id, trigger, scheduled_at, instance_id, started_at, ended_at"
                    + " FROM scan_runs ORDER BY started_at")) {
      List<Row> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(
            new Row(
                result.getString(1),
                result.getString(2),
                result.getObject(3, OffsetDateTime.class).toInstant(),
                result.getString(4),
                result.getObject(5, OffsetDateTime.class).toInstant(),
                result.getObject(6, OffsetDateTime.class).toInstant()));
      }
      return rows;
    }
  }
}
