package io.plumbline.store;

import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.Coverage;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.snapshot.SnapshotCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one scan: everything that does not depend on the chain's state (compressing the snapshot,
 * building rows, hashing them) is done in {@link #prepare} before the transaction; {@link #write}
 * then locks the chain head, moves the lifecycles and inserts everything in the caller's
 * transaction.
 */
final class ScanWriter {

  /**
   * Fast compression: the 200-workspace snapshot is 45 MB of JSON; level 1 makes 4.0 MB of it in
   * 0.44 s, the default level 3.6 MB in 0.79 s (bench/store.md).
   */
  static final int COMPRESSION_LEVEL = Deflater.BEST_SPEED;

  private static final int BATCH_SIZE = 1000;
  private static final int ROW_HASH = Table.SCANS.index("row_hash");
  private static final int RULES_HASH = Table.SCANS.index("rules_hash");
  private static final int POLICIES_HASH = Table.SCANS.index("policies_hash");
  private static final com.fasterxml.jackson.databind.ObjectMapper FILES_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final int LOOKUP_CHUNK = 500;

  /** A scan turned into rows, with the digests of everything but its lifecycle events. */
  record Prepared(
      ScanRecord scan,
      Instant startedAt,
      Instant finishedAt,
      Optional<byte[]> snapshotData,
      Optional<Object[]> snapshotRow,
      List<Object[]> coverageRows,
      List<Object[]> findingRows,
      List<Object[]> passCountRows,
      List<Object[]> changeRows,
      List<Object[]> groupRows,
      List<Object[]> waiverRows,
      List<Object[]> reportRows,
      Map<Verdict, Long> verdicts,
      String snapshotDigest,
      String coverageDigest,
      String findingsDigest,
      String driftDigest,
      String waiversDigest,
      String reportsDigest) {}

  private ScanWriter() {}

  static Prepared prepare(ScanRecord scan, RecordProgress progress) {
    String scanId = scan.scanId();
    long start = System.nanoTime();
    Optional<byte[]> data = Optional.empty();
    Optional<Object[]> snapshotRow = Optional.empty();
    List<Object[]> coverageRows = new ArrayList<>();
    if (scan.snapshot().isPresent()) {
      Snapshot snapshot = scan.snapshot().get();
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(1 << 20);
      long jsonBytes;
      try (Counting counting = new Counting(new FastGzip(compressed))) {
        SnapshotCodec.writeCanonical(snapshot, counting);
        jsonBytes = counting.count;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compress snapshot " + snapshot.id(), e);
      }
      byte[] bytes = compressed.toByteArray();
      data = Optional.of(bytes);
      snapshotRow =
          Optional.of(
              new Object[] {
                scanId,
                snapshot.id(),
                (long) snapshot.schemaVersion(),
                Rows.stored(snapshot.takenAt()),
                snapshot.contentHash(),
                jsonBytes,
                (long) bytes.length,
                ChainDigest.hex(ChainDigest.sha256().digest(bytes))
              });
      progress.phaseDone("snapshot compressed", bytes.length, since(start));
      start = System.nanoTime();
      for (Coverage coverage : snapshot.coverage()) {
        coverageRows.add(Rows.coverage(scanId, coverage));
      }
    }

    List<Object[]> findingRows = new ArrayList<>();
    Map<String, Long> passesByRule = new TreeMap<>();
    Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    for (Verdict verdict : Verdict.values()) {
      verdicts.put(verdict, 0L);
    }
    for (Finding finding : scan.findings()) {
      verdicts.merge(finding.verdict(), 1L, Long::sum);
      if (finding.verdict() == Verdict.PASS) {
        passesByRule.merge(finding.ruleId(), 1L, Long::sum);
      } else {
        findingRows.add(Rows.finding(scanId, finding));
      }
    }
    List<Object[]> passCountRows = new ArrayList<>();
    passesByRule.forEach((rule, count) -> passCountRows.add(new Object[] {scanId, rule, count}));

    List<Object[]> changeRows = new ArrayList<>();
    List<Object[]> groupRows = new ArrayList<>();
    if (scan.drift().isPresent()) {
      Drift drift = scan.drift().get();
      Map<Change, Integer> ordinals = new HashMap<>();
      for (int ordinal = 0; ordinal < drift.changes().size(); ordinal++) {
        Change change = drift.changes().get(ordinal);
        ordinals.putIfAbsent(change, ordinal);
        changeRows.add(Rows.change(scanId, ordinal, change));
      }
      for (int ordinal = 0; ordinal < drift.groups().size(); ordinal++) {
        ChangeGroup group = drift.groups().get(ordinal);
        List<Integer> places = new ArrayList<>();
        for (Change place : group.places()) {
          Integer index = ordinals.get(place);
          if (index == null) {
            throw new IllegalArgumentException(
                "drift group \""
                    + group.cause()
                    + "\" of scan "
                    + scanId
                    + " names a change that is not among the drift's changes: "
                    + place.kind().label()
                    + " "
                    + place.resourceAddress());
          }
          places.add(index);
        }
        groupRows.add(Rows.group(scanId, ordinal, group, places));
      }
    }
    List<Object[]> waiverRows =
        scan.waivers().stream().map(waiver -> Rows.waiver(scanId, waiver)).toList();
    List<Object[]> reportRows =
        scan.reports().stream().map(report -> Rows.report(scanId, report)).toList();

    Prepared prepared =
        new Prepared(
            scan,
            Rows.stored(scan.startedAt()),
            Rows.stored(scan.finishedAt()),
            data,
            snapshotRow,
            coverageRows,
            findingRows,
            passCountRows,
            changeRows,
            groupRows,
            waiverRows,
            reportRows,
            verdicts,
            digest(Table.SNAPSHOTS, snapshotRow.map(List::<Object[]>of).orElse(List.of())),
            digest(Table.COVERAGE, coverageRows),
            ChainDigest.tables(
                digest(Table.FINDINGS, findingRows), digest(Table.PASS_COUNTS, passCountRows)),
            ChainDigest.tables(
                digest(Table.DRIFT_CHANGES, changeRows), digest(Table.DRIFT_GROUPS, groupRows)),
            digest(Table.WAIVERS, waiverRows),
            digest(Table.REPORTS, reportRows));
    progress.phaseDone("rows prepared", findingRows.size(), since(start));
    return prepared;
  }

  static String digest(Table table, List<Object[]> rows) {
    List<byte[]> hashes = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      hashes.add(table.hash(row));
    }
    return ChainDigest.rows(hashes);
  }

  /** Writes a prepared scan in the connection's open transaction; the caller commits. */
  static ScanReceipt write(Connection connection, Prepared prepared, RecordProgress progress)
      throws SQLException {
    ScanRecord scan = prepared.scan();
    String scanId = scan.scanId();
    long start = System.nanoTime();
    long headSeq;
    String headHash;
    try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT head_seq, head_hash FROM chain_head WHERE id = 1 FOR UPDATE");
        ResultSet row = lock.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException("the store's chain_head row is missing");
      }
      headSeq = row.getLong(1);
      headHash = row.getString(2);
    }
    try (PreparedStatement existing =
        connection.prepareStatement("SELECT seq FROM scans WHERE scan_id = ?")) {
      existing.setString(1, scanId);
      try (ResultSet row = existing.executeQuery()) {
        if (row.next()) {
          throw new IllegalArgumentException(
              "scan " + scanId + " is already stored (seq " + row.getLong(1) + ")");
        }
      }
    }
    long seq = headSeq + 1;
    progress.phaseDone("chain head locked", seq, since(start));

    start = System.nanoTime();
    LifecycleRules.Outcome outcome = new LifecycleRules.Outcome(List.of(), List.of(), List.of());
    Map<String, Lifecycle> known =
        scan.snapshot().isPresent() ? knownLifecycles(connection, scan.findings()) : Map.of();
    if (scan.snapshot().isPresent()) {
      outcome =
          LifecycleRules.apply(
              scanId, seq, prepared.startedAt(), scan.snapshot().get(), scan.findings(), known);
    }
    List<Object[]> eventRows = new ArrayList<>(outcome.events().size());
    Map<LifecycleEventKind, Long> eventCounts = new EnumMap<>(LifecycleEventKind.class);
    for (LifecycleEventKind kind : LifecycleEventKind.values()) {
      eventCounts.put(kind, 0L);
    }
    for (LifecycleEvent event : outcome.events()) {
      eventCounts.merge(event.kind(), 1L, Long::sum);
      eventRows.add(
          new Object[] {
            scanId,
            event.fingerprint(),
            event.kind().name(),
            event.verdict().map(Verdict::name).orElse(null)
          });
    }
    progress.phaseDone("lifecycles moved", eventRows.size(), since(start));

    start = System.nanoTime();
    Optional<Snapshot> snapshot = scan.snapshot();
    Object[] scanRow =
        new Object[] {
          scanId,
          seq,
          prepared.startedAt(),
          prepared.finishedAt(),
          scan.status().name(),
          scan.error().orElse(null),
          snapshot.map(Snapshot::id).orElse(null),
          snapshot.map(Snapshot::contentHash).orElse(null),
          (long) snapshot.map(taken -> taken.resources().size()).orElse(0),
          (long) prepared.coverageRows().size(),
          (long) snapshot.map(taken -> taken.failedCoverage().size()).orElse(0),
          prepared.verdicts().get(Verdict.PASS),
          prepared.verdicts().get(Verdict.FAIL),
          prepared.verdicts().get(Verdict.UNKNOWN),
          prepared.verdicts().get(Verdict.WAIVED),
          eventCounts.get(LifecycleEventKind.NEW),
          eventCounts.get(LifecycleEventKind.PERSISTING),
          eventCounts.get(LifecycleEventKind.REOPENED),
          eventCounts.get(LifecycleEventKind.RESOLVED),
          eventCounts.get(LifecycleEventKind.UNKNOWN),
          scan.drift().map(Drift::beforeSnapshotId).orElse(null),
          scan.drift().map(Drift::afterSnapshotId).orElse(null),
          prepared.snapshotDigest(),
          prepared.coverageDigest(),
          prepared.findingsDigest(),
          digest(Table.EVENTS, eventRows),
          prepared.driftDigest(),
          prepared.waiversDigest(),
          prepared.reportsDigest(),
          headHash,
          null,
          scan.inputs().map(EvaluationInputs::rulesHash).orElse(null),
          scan.inputs().map(EvaluationInputs::policiesHash).orElse(null)
        };
    String rowHash = rowHash(scanRow);
    scanRow[ROW_HASH] = rowHash;
    insert(connection, Table.SCANS, List.<Object[]>of(scanRow));
    if (scan.inputs().isPresent()) {
      EvaluationInputs inputs = scan.inputs().get();
      storeInputs(connection, inputs.rulesHash(), "RULES", inputs.rules());
      storeInputs(connection, inputs.policiesHash(), "POLICIES", inputs.policies());
    }

    if (prepared.snapshotRow().isPresent()) {
      Object[] row = prepared.snapshotRow().get();
      byte[] data = prepared.snapshotData().orElseThrow();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO snapshots ("
                  + Table.SNAPSHOTS.columnList()
                  + ", data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        Table.SNAPSHOTS.bind(statement, row);
        statement.setBinaryStream(row.length + 1, new ByteArrayInputStream(data), data.length);
        statement.executeUpdate();
      }
    }
    insert(connection, Table.COVERAGE, prepared.coverageRows());
    progress.phaseDone("snapshot written", prepared.coverageRows().size(), since(start));

    start = System.nanoTime();
    insert(connection, Table.FINDINGS, prepared.findingRows());
    insert(connection, Table.PASS_COUNTS, prepared.passCountRows());
    progress.phaseDone("findings written", prepared.findingRows().size(), since(start));

    start = System.nanoTime();
    insert(connection, Table.EVENTS, eventRows);
    insert(
        connection,
        Table.LIFECYCLES,
        outcome.created().stream().map(lifecycle -> Rows.lifecycle(lifecycle, scanId)).toList());
    // A finding that fails again only moves its last-seen scan: one statement for all of them
    // rather than a row-by-row update (the bulk of a scan's lifecycles, every scan).
    try (PreparedStatement persisting =
        connection.prepareStatement(
            "UPDATE lifecycles SET last_seen_scan = ?, last_seen_at = ?, updated_scan = ?"
                + " WHERE EXISTS (SELECT 1 FROM lifecycle_events e WHERE e.scan_id = ?"
                + " AND e.fingerprint = lifecycles.fingerprint AND e.event = 'PERSISTING')")) {
      persisting.setString(1, scanId);
      Table.bind(persisting, 2, Table.Type.INSTANT, prepared.startedAt());
      persisting.setString(3, scanId);
      persisting.setString(4, scanId);
      persisting.executeUpdate();
    }
    update(
        connection,
        Table.LIFECYCLES,
        "fingerprint",
        outcome.changed().stream()
            .filter(lifecycle -> !onlyLastSeenMoved(lifecycle, known.get(lifecycle.fingerprint())))
            .map(lifecycle -> Rows.lifecycle(lifecycle, scanId))
            .toList());
    progress.phaseDone(
        "lifecycles written", outcome.created().size() + outcome.changed().size(), since(start));

    start = System.nanoTime();
    insert(connection, Table.DRIFT_CHANGES, prepared.changeRows());
    insert(connection, Table.DRIFT_GROUPS, prepared.groupRows());
    insert(connection, Table.WAIVERS, prepared.waiverRows());
    insert(connection, Table.REPORTS, prepared.reportRows());
    try (PreparedStatement head =
        connection.prepareStatement(
            "UPDATE chain_head SET head_seq = ?, head_hash = ? WHERE id = 1")) {
      head.setLong(1, seq);
      head.setString(2, rowHash);
      head.executeUpdate();
    }
    progress.phaseDone(
        "drift, waivers and reports written", prepared.changeRows().size(), since(start));
    return new ScanReceipt(scanId, seq, rowHash, outcome.events());
  }

  /** Whether a lifecycle changed in nothing but its last-seen scan and time. */
  private static boolean onlyLastSeenMoved(Lifecycle after, Lifecycle before) {
    return before != null
        && after.state() == before.state()
        && after.severity() == before.severity()
        && after.waived() == before.waived()
        && after.lastVerdict().equals(before.lastVerdict())
        && after.resolvedScan().equals(before.resolvedScan())
        && after.reopenCount() == before.reopenCount()
        && after.ruleId().equals(before.ruleId())
        && after.resourceId().equals(before.resourceId())
        && after.attribute().equals(before.attribute())
        && after.firstSeenScan().equals(before.firstSeenScan());
  }

  /**
   * The row hash of a scan row: over every column but row_hash itself, prev_hash included. The rule
   * pack and policies hashes (added by migration V3) count only when the scan has them, so that the
   * rows of scans recorded before them hash as they always did.
   */
  static String rowHash(Object[] scanRow) {
    List<Object> values = new ArrayList<>(scanRow.length);
    boolean legacy = scanRow[RULES_HASH] == null && scanRow[POLICIES_HASH] == null;
    for (int index = 0; index < scanRow.length; index++) {
      if (index == ROW_HASH || (legacy && (index == RULES_HASH || index == POLICIES_HASH))) {
        continue;
      }
      values.add(scanRow[index]);
    }
    return ChainDigest.hex(Table.SCANS.hash(values.toArray()));
  }

  private static void storeInputs(
      Connection connection, String hash, String kind, Map<String, String> files)
      throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT 1 FROM evaluation_inputs WHERE content_hash = ?")) {
      exists.setString(1, hash);
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO evaluation_inputs (content_hash, kind, files) VALUES (?, ?, ?)")) {
      insert.setString(1, hash);
      insert.setString(2, kind);
      try {
        insert.setString(3, FILES_JSON.writeValueAsString(new TreeMap<>(files)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot encode evaluation inputs", e);
      }
      insert.executeUpdate();
    }
  }

  /** Every open lifecycle, and any lifecycle of a finding that fails or is waived now. */
  private static Map<String, Lifecycle> knownLifecycles(
      Connection connection, List<Finding> findings) throws SQLException {
    Map<String, Lifecycle> known = new HashMap<>();
    try (PreparedStatement open =
        connection.prepareStatement(Table.LIFECYCLES.selectSql("state = 'OPEN'"))) {
      readLifecycles(open, known);
    }
    List<String> failing = new ArrayList<>();
    for (Finding finding : findings) {
      if ((finding.verdict() == Verdict.FAIL || finding.verdict() == Verdict.WAIVED)
          && !known.containsKey(finding.fingerprint())) {
        failing.add(finding.fingerprint());
      }
    }
    for (int from = 0; from < failing.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = failing.subList(from, Math.min(failing.size(), from + LOOKUP_CHUNK));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement lookup =
          connection.prepareStatement(
              Table.LIFECYCLES.selectSql("fingerprint IN (" + marks + ")"))) {
        for (int index = 0; index < chunk.size(); index++) {
          lookup.setString(index + 1, chunk.get(index));
        }
        readLifecycles(lookup, known);
      }
    }
    return known;
  }

  private static void readLifecycles(PreparedStatement query, Map<String, Lifecycle> into)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        Lifecycle lifecycle = Rows.lifecycle(Table.LIFECYCLES.read(rows));
        into.put(lifecycle.fingerprint(), lifecycle);
      }
    }
  }

  static void insert(Connection connection, Table table, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(table.insertSql())) {
      batch(statement, rows, row -> table.bind(statement, row));
    }
  }

  private static void update(Connection connection, Table table, String key, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(table.updateSql(key))) {
      batch(statement, rows, row -> table.bindUpdate(statement, key, row));
    }
  }

  private interface Binder {
    void bind(Object[] row) throws SQLException;
  }

  private static void batch(PreparedStatement statement, List<Object[]> rows, Binder binder)
      throws SQLException {
    int pending = 0;
    for (Object[] row : rows) {
      binder.bind(row);
      statement.addBatch();
      if (++pending == BATCH_SIZE) {
        statement.executeBatch();
        pending = 0;
      }
    }
    if (pending > 0) {
      statement.executeBatch();
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(COMPRESSION_LEVEL);
    }
  }

  private static final class Counting extends FilterOutputStream {
    private long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }
}
