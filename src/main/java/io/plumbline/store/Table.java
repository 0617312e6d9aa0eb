package io.plumbline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as the chain sees it: its columns in a fixed order, how each is bound and read, so that
 * what {@link Store#record} hashes before writing is exactly what {@link Store#verify} hashes after
 * reading back. Values are String, Long, Instant (microseconds), Boolean or LocalDate, or null.
 */
final class Table {

  enum Type {
    TEXT,
    LONG,
    INSTANT,
    BOOLEAN,
    DATE
  }

  record Column(String name, Type type) {}

  static final Table SCANS =
      new Table(
          "scans",
          text("scan_id"),
          number("seq"),
          instant("started_at"),
          instant("finished_at"),
          text("status"),
          text("error"),
          text("snapshot_id"),
          text("content_hash"),
          number("resource_count"),
          number("coverage_count"),
          number("failed_coverage_count"),
          number("pass_count"),
          number("fail_count"),
          number("unknown_count"),
          number("waived_count"),
          number("new_count"),
          number("persisting_count"),
          number("reopened_count"),
          number("resolved_count"),
          number("still_unknown_count"),
          text("drift_before"),
          text("drift_after"),
          text("snapshot_digest"),
          text("coverage_digest"),
          text("findings_digest"),
          text("events_digest"),
          text("drift_digest"),
          text("waivers_digest"),
          text("reports_digest"),
          text("prev_hash"),
          text("row_hash"),
          text("rules_hash"),
          text("policies_hash"));

  /** The snapshot row without its data, which is hashed as a stream into data_sha256. */
  static final Table SNAPSHOTS =
      new Table(
          "snapshots",
          text("scan_id"),
          text("snapshot_id"),
          number("schema_version"),
          instant("taken_at"),
          text("content_hash"),
          number("json_bytes"),
          number("data_bytes"),
          text("data_sha256"));

  static final Table COVERAGE =
      new Table(
          "coverage",
          text("scan_id"),
          text("scope"),
          text("resource_type"),
          text("status"),
          text("reason"),
          text("note"));

  static final Table FINDINGS =
      new Table(
          "findings",
          text("scan_id"),
          text("fingerprint"),
          text("rule_id"),
          text("severity"),
          text("verdict"),
          text("resource_type"),
          text("scope"),
          text("resource_id"),
          text("attribute"),
          text("message"),
          text("evidence"),
          text("location"),
          text("waiver"));

  static final Table PASS_COUNTS =
      new Table("pass_counts", text("scan_id"), text("rule_id"), number("passed"));

  static final Table EVENTS =
      new Table(
          "lifecycle_events", text("scan_id"), text("fingerprint"), text("event"), text("verdict"));

  static final Table DRIFT_CHANGES =
      new Table(
          "drift_changes",
          text("scan_id"),
          number("ordinal"),
          text("kind"),
          text("resource_type"),
          text("scope"),
          text("resource_id"),
          text("attributes"),
          text("reason"));

  static final Table DRIFT_GROUPS =
      new Table(
          "drift_groups",
          text("scan_id"),
          number("ordinal"),
          text("cause"),
          text("kind"),
          text("resource_type"),
          text("summary"),
          text("attributes"),
          text("places"));

  static final Table WAIVERS =
      new Table(
          "waivers",
          text("scan_id"),
          text("waiver_id"),
          text("state"),
          date("expires"),
          text("owner"),
          text("ticket"),
          text("justification"),
          text("source"),
          text("findings"));

  static final Table REPORTS =
      new Table(
          "reports",
          text("scan_id"),
          text("path"),
          text("format"),
          text("sha256"),
          number("size_bytes"),
          instant("written_at"));

  /**
   * The current state of lifecycles: not part of the chain (it changes), used for bind and read.
   */
  static final Table LIFECYCLES =
      new Table(
          "lifecycles",
          text("fingerprint"),
          text("rule_id"),
          text("severity"),
          text("resource_type"),
          text("scope"),
          text("resource_id"),
          text("attribute"),
          text("state"),
          flag("waived"),
          text("last_verdict"),
          text("first_seen_scan"),
          instant("first_seen_at"),
          text("last_seen_scan"),
          instant("last_seen_at"),
          text("resolved_scan"),
          instant("resolved_at"),
          number("reopen_count"),
          text("updated_scan"));

  private final String name;
  private final List<Column> columns;

  private Table(String name, Column... columns) {
    this.name = name;
    this.columns = List.of(columns);
  }

  String name() {
    return name;
  }

  int width() {
    return columns.size();
  }

  List<Column> columns() {
    return columns;
  }

  int index(String column) {
    for (int index = 0; index < columns.size(); index++) {
      if (columns.get(index).name().equals(column)) {
        return index;
      }
    }
    throw new IllegalArgumentException("table " + name + " has no column " + column);
  }

  String columnList() {
    return columnList("");
  }

  /** The column names, each prefixed, e.g. with a table alias ({@code "f."}). */
  String columnList(String prefix) {
    return columns.stream().map(column -> prefix + column.name()).collect(Collectors.joining(", "));
  }

  /**
   * {@code UPDATE table SET every other column = ? WHERE key = ?}; bind with {@link #bindUpdate}.
   */
  String updateSql(String key) {
    return "UPDATE "
        + name
        + " SET "
        + columns.stream()
            .filter(column -> !column.name().equals(key))
            .map(column -> column.name() + " = ?")
            .collect(Collectors.joining(", "))
        + " WHERE "
        + key
        + " = ?";
  }

  void bindUpdate(PreparedStatement statement, String key, Object[] values) throws SQLException {
    int keyIndex = index(key);
    int parameter = 1;
    for (int index = 0; index < values.length; index++) {
      if (index != keyIndex) {
        bind(statement, parameter++, columns.get(index).type(), values[index]);
      }
    }
    bind(statement, parameter, columns.get(keyIndex).type(), values[keyIndex]);
  }

  String insertSql() {
    return "INSERT INTO "
        + name
        + " ("
        + columnList()
        + ") VALUES ("
        + columns.stream().map(column -> "?").collect(Collectors.joining(", "))
        + ")";
  }

  String selectSql(String condition) {
    return "SELECT " + columnList() + " FROM " + name + " WHERE " + condition;
  }

  byte[] hash(Object[] values) {
    return ChainDigest.row(name, values);
  }

  void bind(PreparedStatement statement, Object[] values) throws SQLException {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          name + " has " + columns.size() + " columns, got " + values.length + " values");
    }
    for (int index = 0; index < values.length; index++) {
      bind(statement, index + 1, columns.get(index).type(), values[index]);
    }
  }

  static void bind(PreparedStatement statement, int parameter, Type type, Object value)
      throws SQLException {
    switch (type) {
      case TEXT -> {
        if (value == null) {
          statement.setNull(parameter, Types.VARCHAR);
        } else {
          statement.setString(parameter, (String) value);
        }
      }
      case LONG -> {
        if (value == null) {
          statement.setNull(parameter, Types.BIGINT);
        } else {
          statement.setLong(parameter, (Long) value);
        }
      }
      case INSTANT -> {
        if (value == null) {
          statement.setNull(parameter, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          statement.setObject(parameter, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        }
      }
      case BOOLEAN -> {
        if (value == null) {
          statement.setNull(parameter, Types.BOOLEAN);
        } else {
          statement.setBoolean(parameter, (Boolean) value);
        }
      }
      case DATE -> {
        if (value == null) {
          statement.setNull(parameter, Types.DATE);
        } else {
          statement.setObject(parameter, (LocalDate) value);
        }
      }
    }
  }

  /** The row the result set is on, read from its first {@link #width()} columns. */
  Object[] read(ResultSet row) throws SQLException {
    Object[] values = new Object[columns.size()];
    for (int index = 0; index < values.length; index++) {
      values[index] = read(row, index + 1, columns.get(index).type());
    }
    return values;
  }

  static Object read(ResultSet row, int column, Type type) throws SQLException {
    return switch (type) {
      case TEXT -> row.getString(column);
      case LONG -> {
        long value = row.getLong(column);
        yield row.wasNull() ? null : value;
      }
      case INSTANT -> {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        yield value == null ? null : value.toInstant();
      }
      case BOOLEAN -> {
        boolean value = row.getBoolean(column);
        yield row.wasNull() ? null : value;
      }
      case DATE -> row.getObject(column, LocalDate.class);
    };
  }

  private static Column text(String name) {
    return new Column(name, Type.TEXT);
  }

  private static Column number(String name) {
    return new Column(name, Type.LONG);
  }

  private static Column instant(String name) {
    return new Column(name, Type.INSTANT);
  }

  private static Column flag(String name) {
    return new Column(name, Type.BOOLEAN);
  }

  private static Column date(String name) {
    return new Column(name, Type.DATE);
  }
}
