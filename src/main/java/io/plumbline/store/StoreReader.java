package io.plumbline.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.snapshot.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The store's queries. */
final class StoreReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreReader() {}

  static List<ScanSummary> scans(Connection connection, String condition, Object... parameters)
      throws SQLException {
    List<ScanSummary> scans = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(Table.SCANS.selectSql(condition) + " ORDER BY seq")) {
      bindAll(query, parameters);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          scans.add(summary(Table.SCANS.read(rows)));
        }
      }
    }
    return scans;
  }

  private static ScanSummary summary(Object[] row) {
    Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    verdicts.put(Verdict.PASS, (Long) value(row, "pass_count"));
    verdicts.put(Verdict.FAIL, (Long) value(row, "fail_count"));
    verdicts.put(Verdict.UNKNOWN, (Long) value(row, "unknown_count"));
    verdicts.put(Verdict.WAIVED, (Long) value(row, "waived_count"));
    Map<LifecycleEventKind, Long> events = new EnumMap<>(LifecycleEventKind.class);
    events.put(LifecycleEventKind.NEW, (Long) value(row, "new_count"));
    events.put(LifecycleEventKind.PERSISTING, (Long) value(row, "persisting_count"));
    events.put(LifecycleEventKind.REOPENED, (Long) value(row, "reopened_count"));
    events.put(LifecycleEventKind.RESOLVED, (Long) value(row, "resolved_count"));
    events.put(LifecycleEventKind.UNKNOWN, (Long) value(row, "still_unknown_count"));
    return new ScanSummary(
        (String) value(row, "scan_id"),
        (Long) value(row, "seq"),
        (Instant) value(row, "started_at"),
        (Instant) value(row, "finished_at"),
        ScanStatus.valueOf((String) value(row, "status")),
        Optional.ofNullable((String) value(row, "error")),
        Optional.ofNullable((String) value(row, "snapshot_id")),
        Optional.ofNullable((String) value(row, "content_hash")),
        (Long) value(row, "resource_count"),
        (Long) value(row, "failed_coverage_count"),
        verdicts,
        events,
        (String) value(row, "row_hash"),
        Optional.ofNullable((String) value(row, "rules_hash")),
        Optional.ofNullable((String) value(row, "policies_hash")));
  }

  private static Object value(Object[] row, String column) {
    return row[Table.SCANS.index(column)];
  }

  /**
   * The scan's snapshot as stored (gzip): only the bytes, so the connection is not held to decode.
   */
  static Optional<byte[]> snapshotData(Connection connection, String scanId) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT data FROM snapshots WHERE scan_id = ?")) {
      query.setString(1, scanId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
      }
    }
  }

  static Snapshot decodeSnapshot(byte[] data, String scanId) {
    JsonNode root;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16)) {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the snapshot of scan " + scanId, e);
    }
    return SnapshotCodec.fromJson(root, "the snapshot of scan " + scanId);
  }

  static List<StoredFinding> findings(Connection connection, String scanId, FindingFilter filter)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(Table.FINDINGS.columnList("f."))
            .append(", e.event FROM findings f")
            .append(" LEFT JOIN lifecycle_events e")
            .append(" ON e.scan_id = f.scan_id AND e.fingerprint = f.fingerprint");
    List<Object> parameters = new ArrayList<>();
    if (filter.firstSeenSince().isPresent()) {
      sql.append(" JOIN lifecycles l ON l.fingerprint = f.fingerprint");
    }
    sql.append(" WHERE f.scan_id = ?");
    parameters.add(scanId);
    if (!filter.verdicts().isEmpty()) {
      sql.append(" AND f.verdict IN (").append(marks(filter.verdicts().size())).append(")");
      filter.verdicts().stream().map(Verdict::name).sorted().forEach(parameters::add);
    }
    if (filter.minimumSeverity().isPresent()) {
      List<String> severities = atLeast(filter.minimumSeverity().get());
      sql.append(" AND f.severity IN (").append(marks(severities.size())).append(")");
      parameters.addAll(severities);
    }
    if (filter.ruleId().isPresent()) {
      sql.append(" AND f.rule_id = ?");
      parameters.add(filter.ruleId().get());
    }
    if (filter.scope().isPresent()) {
      sql.append(" AND f.scope = ?");
      parameters.add(filter.scope().get().toString());
    }
    if (filter.firstSeenSince().isPresent()) {
      sql.append(" AND l.first_seen_at >= ?");
      parameters.add(Rows.stored(filter.firstSeenSince().get()));
    }
    List<StoredFinding> findings = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
      bindAll(query, parameters.toArray());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Object[] values = Table.FINDINGS.read(rows);
          String event = rows.getString(Table.FINDINGS.width() + 1);
          findings.add(
              new StoredFinding(
                  scanId,
                  Rows.finding(values),
                  Optional.ofNullable(event).map(LifecycleEventKind::valueOf)));
        }
      }
    }
    findings.sort((left, right) -> Finding.ORDER.compare(left.finding(), right.finding()));
    return findings;
  }

  static List<Lifecycle> lifecycles(Connection connection, LifecycleFilter filter)
      throws SQLException {
    List<String> conditions = new ArrayList<>(List.of("1 = 1"));
    List<Object> parameters = new ArrayList<>();
    filter
        .state()
        .ifPresent(
            state -> {
              conditions.add("state = ?");
              parameters.add(state.name());
            });
    filter
        .fingerprint()
        .ifPresent(
            fingerprint -> {
              conditions.add("fingerprint = ?");
              parameters.add(fingerprint);
            });
    filter
        .ruleId()
        .ifPresent(
            rule -> {
              conditions.add("rule_id = ?");
              parameters.add(rule);
            });
    filter
        .scope()
        .ifPresent(
            scope -> {
              conditions.add("scope = ?");
              parameters.add(scope.toString());
            });
    filter
        .minimumSeverity()
        .ifPresent(
            minimum -> {
              List<String> severities = atLeast(minimum);
              conditions.add("severity IN (" + marks(severities.size()) + ")");
              parameters.addAll(severities);
            });
    List<Lifecycle> lifecycles = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            Table.LIFECYCLES.selectSql(String.join(" AND ", conditions))
                + " ORDER BY fingerprint")) {
      bindAll(query, parameters.toArray());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          lifecycles.add(Rows.lifecycle(Table.LIFECYCLES.read(rows)));
        }
      }
    }
    return lifecycles;
  }

  static List<LifecycleEvent> history(Connection connection, String fingerprint)
      throws SQLException {
    String sql =
        "SELECT e.scan_id, s.seq, s.started_at, e.event, e.verdict, "
            + Table.FINDINGS.columnList("f.")
            + " FROM lifecycle_events e JOIN scans s ON s.scan_id = e.scan_id"
            + " LEFT JOIN findings f ON f.scan_id = e.scan_id AND f.fingerprint = e.fingerprint"
            + " WHERE e.fingerprint = ? ORDER BY s.seq";
    List<LifecycleEvent> events = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, fingerprint);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Object[] finding = new Object[Table.FINDINGS.width()];
          boolean stored = false;
          for (int index = 0; index < finding.length; index++) {
            finding[index] = Table.read(rows, 6 + index, Table.Type.TEXT);
            stored |= finding[index] != null;
          }
          events.add(
              new LifecycleEvent(
                  rows.getString(1),
                  rows.getLong(2),
                  (Instant) Table.read(rows, 3, Table.Type.INSTANT),
                  fingerprint,
                  LifecycleEventKind.valueOf(rows.getString(4)),
                  Optional.ofNullable(rows.getString(5)).map(Verdict::valueOf),
                  stored ? Optional.of(Rows.finding(finding)) : Optional.empty()));
        }
      }
    }
    return events;
  }

  static List<LifecycleEvent> events(Connection connection, String scanId) throws SQLException {
    String sql =
        "SELECT e.scan_id, s.seq, s.started_at, e.event, e.verdict, e.fingerprint, "
            + Table.FINDINGS.columnList("f.")
            + " FROM lifecycle_events e JOIN scans s ON s.scan_id = e.scan_id"
            + " LEFT JOIN findings f ON f.scan_id = e.scan_id AND f.fingerprint = e.fingerprint"
            + " WHERE e.scan_id = ? ORDER BY e.fingerprint";
    List<LifecycleEvent> events = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, scanId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Object[] finding = new Object[Table.FINDINGS.width()];
          boolean stored = false;
          for (int index = 0; index < finding.length; index++) {
            finding[index] = Table.read(rows, 7 + index, Table.Type.TEXT);
            stored |= finding[index] != null;
          }
          events.add(
              new LifecycleEvent(
                  rows.getString(1),
                  rows.getLong(2),
                  (Instant) Table.read(rows, 3, Table.Type.INSTANT),
                  rows.getString(6),
                  LifecycleEventKind.valueOf(rows.getString(4)),
                  Optional.ofNullable(rows.getString(5)).map(Verdict::valueOf),
                  stored ? Optional.of(Rows.finding(finding)) : Optional.empty()));
        }
      }
    }
    return events;
  }

  static Optional<Drift> drift(Connection connection, String scanId) throws SQLException {
    String before;
    String after;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT drift_before, drift_after FROM scans WHERE scan_id = ?")) {
      query.setString(1, scanId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next() || row.getString(1) == null) {
          return Optional.empty();
        }
        before = row.getString(1);
        after = row.getString(2);
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Object[] row : rows(connection, Table.DRIFT_CHANGES, scanId, "ordinal")) {
      changes.add(Rows.change(row));
    }
    List<ChangeGroup> groups = new ArrayList<>();
    for (Object[] row : rows(connection, Table.DRIFT_GROUPS, scanId, "ordinal")) {
      groups.add(Rows.group(row, changes));
    }
    return Optional.of(new Drift(before, after, changes, groups));
  }

  static List<AppliedWaiver> waivers(Connection connection, String scanId) throws SQLException {
    return rows(connection, Table.WAIVERS, scanId, "waiver_id").stream().map(Rows::waiver).toList();
  }

  static List<ReportFile> reports(Connection connection, String scanId) throws SQLException {
    return rows(connection, Table.REPORTS, scanId, "path").stream().map(Rows::report).toList();
  }

  private static List<Object[]> rows(
      Connection connection, Table table, String scanId, String orderBy) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(table.selectSql("scan_id = ?") + " ORDER BY " + orderBy)) {
      query.setString(1, scanId);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(table.read(result));
        }
      }
    }
    return rows;
  }

  private static List<String> atLeast(Severity minimum) {
    return Arrays.stream(Severity.values())
        .filter(severity -> severity.isAtLeast(minimum))
        .map(Severity::name)
        .toList();
  }

  private static String marks(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static void bindAll(PreparedStatement statement, Object... parameters)
      throws SQLException {
    for (int index = 0; index < parameters.length; index++) {
      Object parameter = parameters[index];
      Table.Type type =
          parameter instanceof Instant
              ? Table.Type.INSTANT
              : parameter instanceof Long ? Table.Type.LONG : Table.Type.TEXT;
      Table.bind(statement, index + 1, type, parameter);
    }
  }
}
