package io.plumbline.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hash chain's rows taken out of the store, and checked again without it: what an evidence pack
 * carries so that an auditor can re-link the chain offline. A row is a JSON object of column ->
 * value (text, number, ISO instant, boolean or ISO date, or null), in the column order the chain
 * hashes; reading it back gives exactly the values the store hashed.
 */
public final class ChainRecords {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The tables that hold a scan's rows, as their digests in the scan row group them. */
  private static final List<Table> SCAN_TABLES =
      List.of(
          Table.SNAPSHOTS,
          Table.COVERAGE,
          Table.FINDINGS,
          Table.PASS_COUNTS,
          Table.EVENTS,
          Table.DRIFT_CHANGES,
          Table.DRIFT_GROUPS,
          Table.WAIVERS,
          Table.REPORTS);

  private ChainRecords() {}

  /**
   * The chain from the retention anchor through {@code lastSeq}: {@code {anchor: {seq, hash},
   * links: [scan rows]}}.
   */
  static ObjectNode chain(Connection connection, long lastSeq) throws SQLException {
    ObjectNode chain = NODES.objectNode();
    try (PreparedStatement head =
            connection.prepareStatement(
                "SELECT anchor_seq, anchor_hash FROM chain_head WHERE id = 1");
        ResultSet row = head.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException("the store's chain_head row is missing");
      }
      chain.putObject("anchor").put("seq", row.getLong(1)).put("hash", row.getString(2));
    }
    ArrayNode links = chain.putArray("links");
    try (PreparedStatement query =
        connection.prepareStatement(Table.SCANS.selectSql("seq <= ?") + " ORDER BY seq")) {
      query.setLong(1, lastSeq);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          links.add(encode(Table.SCANS, Table.SCANS.read(rows)));
        }
      }
    }
    return chain;
  }

  /** Every row of one scan but the snapshot blob: {@code {table: [rows]}}. */
  static ObjectNode scanRows(Connection connection, String scanId) throws SQLException {
    ObjectNode tables = NODES.objectNode();
    for (Table table : SCAN_TABLES) {
      ArrayNode rows = tables.putArray(table.name());
      List<Object[]> read = new ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement(table.selectSql("scan_id = ?"))) {
        query.setString(1, scanId);
        try (ResultSet result = query.executeQuery()) {
          while (result.next()) {
            read.add(table.read(result));
          }
        }
      }
      read.stream()
          .map(row -> encode(table, row))
          .sorted((left, right) -> left.toString().compareTo(right.toString()))
          .forEach(rows::add);
    }
    return tables;
  }

  /**
   * Re-links exported links from their anchor: each row hashes to its row_hash, and each names the
   * one before it (the anchor for the first). Empty when the chain holds, else what does not.
   */
  public static Optional<String> relink(JsonNode chain) {
    JsonNode anchor = chain.path("anchor");
    if (!anchor.path("hash").isTextual() || !chain.path("links").isArray()) {
      return Optional.of("expected {anchor: {seq, hash}, links: [...]}");
    }
    long expected = anchor.path("seq").asLong() + 1;
    String previous = anchor.path("hash").asText();
    for (JsonNode link : chain.path("links")) {
      Object[] row;
      try {
        row = decode(Table.SCANS, link);
      } catch (IllegalArgumentException e) {
        return Optional.of("a link is not a scan row: " + e.getMessage());
      }
      long seq = (Long) row[Table.SCANS.index("seq")];
      String scanId = (String) row[Table.SCANS.index("scan_id")];
      String where = "seq " + seq + " (scan " + scanId + ")";
      if (seq != expected) {
        return Optional.of(where + ": expected seq " + expected);
      }
      if (!previous.equals(row[Table.SCANS.index("prev_hash")])) {
        return Optional.of(where + ": prev_hash does not match the link before it");
      }
      if (!ScanWriter.rowHash(row).equals(row[Table.SCANS.index("row_hash")])) {
        return Optional.of(where + ": the row does not hash to its row_hash");
      }
      previous = (String) row[Table.SCANS.index("row_hash")];
      expected = seq + 1;
    }
    return Optional.empty();
  }

  /** The scan row of {@code scanId} among the links, if there. */
  public static Optional<JsonNode> link(JsonNode chain, String scanId) {
    for (JsonNode link : chain.path("links")) {
      if (scanId.equals(link.path("scan_id").asText())) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }

  /**
   * Checks a scan's exported rows, and the SHA-256 of its stored snapshot bytes, against the
   * digests its (already re-linked) scan row recorded. Empty when they match, else what does not.
   */
  public static Optional<String> checkScan(
      JsonNode scanRow, JsonNode tables, Optional<String> snapshotSha256) {
    Map<Table, List<Object[]>> rows = new LinkedHashMap<>();
    try {
      for (Table table : SCAN_TABLES) {
        List<Object[]> decoded = new ArrayList<>();
        for (JsonNode row : tables.path(table.name())) {
          decoded.add(decode(table, row));
        }
        rows.put(table, decoded);
      }
    } catch (IllegalArgumentException e) {
      return Optional.of("rows do not read: " + e.getMessage());
    }
    List<Object[]> snapshots = rows.get(Table.SNAPSHOTS);
    if (snapshots.size() == 1) {
      Object stored = snapshots.get(0)[Table.SNAPSHOTS.index("data_sha256")];
      if (snapshotSha256.isEmpty() || !snapshotSha256.get().equals(stored)) {
        return Optional.of("snapshot data does not match the data_sha256 of its row");
      }
    }
    Map<String, String> digests = new LinkedHashMap<>();
    digests.put("snapshot_digest", ScanWriter.digest(Table.SNAPSHOTS, snapshots));
    digests.put("coverage_digest", ScanWriter.digest(Table.COVERAGE, rows.get(Table.COVERAGE)));
    digests.put(
        "findings_digest",
        ChainDigest.tables(
            ScanWriter.digest(Table.FINDINGS, rows.get(Table.FINDINGS)),
            ScanWriter.digest(Table.PASS_COUNTS, rows.get(Table.PASS_COUNTS))));
    digests.put("events_digest", ScanWriter.digest(Table.EVENTS, rows.get(Table.EVENTS)));
    digests.put(
        "drift_digest",
        ChainDigest.tables(
            ScanWriter.digest(Table.DRIFT_CHANGES, rows.get(Table.DRIFT_CHANGES)),
            ScanWriter.digest(Table.DRIFT_GROUPS, rows.get(Table.DRIFT_GROUPS))));
    digests.put("waivers_digest", ScanWriter.digest(Table.WAIVERS, rows.get(Table.WAIVERS)));
    digests.put("reports_digest", ScanWriter.digest(Table.REPORTS, rows.get(Table.REPORTS)));
    for (Map.Entry<String, String> digest : digests.entrySet()) {
      if (!digest.getValue().equals(scanRow.path(digest.getKey()).asText())) {
        return Optional.of(
            digest.getKey().replace("_digest", "") + " rows do not match the chain's digest");
      }
    }
    return Optional.empty();
  }

  static ObjectNode encode(Table table, Object[] row) {
    ObjectNode node = NODES.objectNode();
    List<Table.Column> columns = table.columns();
    for (int index = 0; index < columns.size(); index++) {
      String name = columns.get(index).name();
      Object value = row[index];
      if (value == null) {
        node.putNull(name);
      } else if (value instanceof String text) {
        node.put(name, text);
      } else if (value instanceof Long number) {
        node.put(name, number);
      } else if (value instanceof Boolean flag) {
        node.put(name, flag);
      } else {
        node.put(name, value.toString());
      }
    }
    return node;
  }

  static Object[] decode(Table table, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected an object of " + table.name() + " columns");
    }
    List<Table.Column> columns = table.columns();
    Object[] row = new Object[columns.size()];
    for (int index = 0; index < columns.size(); index++) {
      Table.Column column = columns.get(index);
      JsonNode value = node.get(column.name());
      if (value == null) {
        // a column the exporting store did not have yet (e.g. rules_hash before migration V3)
        row[index] = null;
        continue;
      }
      if (value.isNull()) {
        row[index] = null;
        continue;
      }
      try {
        row[index] =
            switch (column.type()) {
              case TEXT -> text(value, table, column);
              case LONG -> {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                  throw new IllegalArgumentException(
                      table.name() + "." + column.name() + ": expected an integer");
                }
                yield value.longValue();
              }
              case INSTANT -> Instant.parse(text(value, table, column));
              case BOOLEAN -> {
                if (!value.isBoolean()) {
                  throw new IllegalArgumentException(
                      table.name() + "." + column.name() + ": expected true or false");
                }
                yield value.booleanValue();
              }
              case DATE -> LocalDate.parse(text(value, table, column));
            };
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            table.name() + "." + column.name() + ": " + e.getMessage());
      }
    }
    return row;
  }

  private static String text(JsonNode value, Table table, Table.Column column) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(table.name() + "." + column.name() + ": expected text");
    }
    return value.asText();
  }
}
