package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Drift;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Scan history in a database (H2 in a file, or PostgreSQL): snapshots, findings, finding
 * lifecycles, drift, waivers and reports, each scan a link of a hash chain that {@link #verify}
 * checks. See docs/store.md.
 *
 * <p>Thread-safe; several processes may record into one PostgreSQL database at once (the chain head
 * row serialises them). An H2 file is opened by one process at a time.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Store.class);
  private static final int POOL_SIZE = 8;
  private static final int H2_LOCK_TIMEOUT_MILLIS = 60_000;

  private final StoreSettings settings;
  private final AgroalDataSource dataSource;
  private final Uninterruptible uninterruptible = new Uninterruptible();

  private Store(StoreSettings settings, AgroalDataSource dataSource) {
    this.settings = settings;
    this.dataSource = dataSource;
  }

  /** Connects, creating or upgrading the schema (Flyway) first. */
  public static Store open(StoreSettings settings) {
    return open(settings, Migrations.FILES);
  }

  /**
   * Opens with {@code migrations} only: how a test builds a store as an earlier release left it.
   */
  static Store open(StoreSettings settings, List<String> migrations) {
    requireNonNull(settings, "settings is null");
    Vendor vendor = settings.vendor();
    AgroalDataSource dataSource;
    try {
      dataSource = AgroalDataSource.from(poolConfiguration(settings, vendor));
    } catch (SQLException | RuntimeException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "cannot open the store " + settings.displayUrl() + ": " + e.getMessage(),
          e);
    }
    try {
      MigrateResult result = Migrations.migrate(dataSource, vendor, migrations);
      if (result.migrationsExecuted > 0) {
        LOG.infof(
            "store %s: schema migrated to version %s (%d migrations)",
            settings.displayUrl(), result.targetSchemaVersion, result.migrationsExecuted);
      }
    } catch (RuntimeException e) {
      dataSource.close();
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "cannot open the store " + settings.displayUrl() + ": " + e.getMessage(),
          e);
    }
    return new Store(settings, dataSource);
  }

  private static AgroalDataSourceConfigurationSupplier poolConfiguration(
      StoreSettings settings, Vendor vendor) {
    Class<?> driver;
    try {
      driver = Class.forName(vendor.driverClass(), true, Store.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the JDBC driver " + vendor.driverClass() + " is missing", e);
    }
    AgroalDataSourceConfigurationSupplier configuration =
        new AgroalDataSourceConfigurationSupplier();
    configuration
        .connectionPoolConfiguration()
        .maxSize(POOL_SIZE)
        .minSize(0)
        .initialSize(0)
        .acquisitionTimeout(Duration.ofSeconds(60))
        .connectionFactoryConfiguration(
            factory -> {
              factory.jdbcUrl(settings.jdbcUrl()).connectionProviderClass(driver).autoCommit(true);
              settings.username().ifPresent(user -> factory.principal(new NamePrincipal(user)));
              settings
                  .password()
                  .ifPresent(secret -> factory.credential(new SimplePassword(secret.reveal())));
              String url = settings.jdbcUrl().toLowerCase(Locale.ROOT);
              if (vendor == Vendor.POSTGRESQL) {
                factory.jdbcProperty("ApplicationName", "plumbline");
                if (!url.contains("rewritebatchedinserts")) {
                  factory.jdbcProperty("reWriteBatchedInserts", "true");
                }
              } else {
                Map<String, String> named = Vendor.h2UrlSettings(settings.jdbcUrl());
                vendor.requiredSettings().entrySet().stream()
                    .filter(setting -> !named.containsKey(setting.getKey()))
                    .forEach(setting -> factory.jdbcProperty(setting.getKey(), setting.getValue()));
                if (!url.contains("lock_timeout")) {
                  // record() waits for the chain head; H2's default of one second is too short
                  factory.initialSql("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
                }
              }
              return factory;
            });
    return configuration;
  }

  public StoreSettings settings() {
    return settings;
  }

  /**
   * The pool, for other users of the same database (e.g. a clustered job store). Code that may run
   * on a thread that gets interrupted uses it inside {@link #uninterruptibly}.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work}, which uses {@link #dataSource()}, on a thread of the store's that nothing
   * interrupts: H2 closes the whole database when a thread it does file I/O for is interrupted. A
   * caller already interrupted fails at once; one interrupted meanwhile waits for the work to end.
   */
  public <T> T uninterruptibly(Supplier<T> work) {
    requireNonNull(work, "work is null");
    try {
      return uninterruptible.call(work::get);
    } catch (SQLException e) {
      throw failure("cannot use the store", e);
    }
  }

  /**
   * Stores a scan in one transaction: its row, snapshot, findings, lifecycle events and the
   * lifecycles they move, drift, waivers and reports, linked to the previous scan in the chain.
   * Either all of it is stored or nothing is.
   */
  public ScanReceipt record(ScanRecord scan) {
    return record(scan, RecordProgress.NONE);
  }

  public ScanReceipt record(ScanRecord scan, RecordProgress progress) {
    requireNonNull(scan, "scan is null");
    requireNonNull(progress, "progress is null");
    long start = System.nanoTime();
    ScanWriter.Prepared prepared = ScanWriter.prepare(scan, progress);
    ScanReceipt receipt =
        inTransaction(
            "cannot record scan " + scan.scanId(),
            connection -> ScanWriter.write(connection, prepared, progress),
            true);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    progress.phaseDone("committed", receipt.seq(), took);
    LOG.infof(
        "stored scan %s (%s) as seq %d in %d ms: %d findings stored, %d new, %d reopened,"
            + " %d resolved",
        scan.scanId(),
        scan.status(),
        receipt.seq(),
        took.toMillis(),
        prepared.findingRows().size(),
        receipt.events(LifecycleEventKind.NEW).size(),
        receipt.events(LifecycleEventKind.REOPENED).size(),
        receipt.events(LifecycleEventKind.RESOLVED).size());
    return receipt;
  }

  /**
   * Deletes the oldest scans beyond the retention (older than {@code retainFor}, or beyond the
   * newest {@code retainCount}), never the latest one, and anchors the chain at the last scan
   * pruned so that {@link #verify} still holds.
   *
   * @return how many scans were deleted
   */
  public int applyRetention(Instant now) {
    requireNonNull(now, "now is null");
    Instant cutoff = now.minus(settings.retainFor());
    int pruned =
        inTransaction(
            "cannot apply retention",
            connection -> Retention.apply(connection, cutoff, settings.retainCount(), now));
    if (pruned > 0) {
      LOG.infof(
          "store %s: pruned %d scans (older than %s%s)",
          settings.displayUrl(),
          pruned,
          cutoff,
          settings.retainCount().isPresent()
              ? " or beyond the newest " + settings.retainCount().getAsInt()
              : "");
    }
    return pruned;
  }

  /** Walks the hash chain and recomputes every scan's digests from its stored rows. */
  public VerifyResult verify() {
    return withConnection(
        "cannot verify the store",
        connection -> {
          int isolation = connection.getTransactionIsolation();
          connection.setAutoCommit(false);
          connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          try {
            return ChainVerifier.verify(connection);
          } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(true);
          }
        });
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** Every scan, oldest first; only those started at or after {@code since} when given. */
  public List<ScanSummary> scans(Optional<Instant> since) {
    return withConnection(
        "cannot list scans",
        connection ->
            since.isPresent()
                ? StoreReader.scans(connection, "started_at >= ?", Rows.stored(since.get()))
                : StoreReader.scans(connection, "1 = 1"));
  }

  public Optional<ScanSummary> scan(String scanId) {
    return withConnection(
            "cannot read scan " + scanId,
            connection -> StoreReader.scans(connection, "scan_id = ?", scanId))
        .stream()
        .findFirst();
  }

  public Optional<ScanSummary> latest() {
    return withConnection(
            "cannot read the latest scan",
            connection -> StoreReader.scans(connection, "seq = (SELECT MAX(seq) FROM scans)"))
        .stream()
        .findFirst();
  }

  /**
   * The latest scan that stored a snapshot (COMPLETE or INCOMPLETE): what the next scan is diffed
   * against, and what gauges show; an aborted or failed scan after it changes neither.
   */
  public Optional<ScanSummary> latestWithSnapshot() {
    return withConnection(
            "cannot read the latest scan with a snapshot",
            connection ->
                StoreReader.scans(
                    connection, "seq = (SELECT MAX(seq) FROM scans WHERE snapshot_id IS NOT NULL)"))
        .stream()
        .findFirst();
  }

  /** Per scope, how many resource types the scan read completely: a query, not a decompression. */
  public List<ScopeCoverage> coverageByScope(String scanId) {
    return withConnection(
        "cannot read the coverage of scan " + scanId,
        connection -> {
          List<ScopeCoverage> coverage = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT scope, SUM(CASE WHEN status = 'COMPLETE' THEN 1 ELSE 0 END), COUNT(*)"
                      + " FROM coverage WHERE scan_id = ? GROUP BY scope ORDER BY scope")) {
            statement.setString(1, scanId);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                coverage.add(
                    new ScopeCoverage(
                        Scope.parse(rows.getString(1)), rows.getLong(2), rows.getLong(3)));
              }
            }
          }
          return coverage;
        });
  }

  /** The scan's snapshot, as it was recorded; empty for a scan without one or not stored. */
  public Optional<Snapshot> snapshot(String scanId) {
    // decoded after the connection is back in the pool: at 200 workspaces decoding takes seconds,
    // and a few concurrent readers holding connections that long starved every other query
    return withConnection(
            "cannot read the snapshot of scan " + scanId,
            connection -> StoreReader.snapshotData(connection, scanId))
        .map(data -> StoreReader.decodeSnapshot(data, scanId));
  }

  /** The scan's FAIL, WAIVED and UNKNOWN findings that match the filter, in report order. */
  public List<StoredFinding> findings(String scanId, FindingFilter filter) {
    requireNonNull(filter, "filter is null");
    return withConnection(
        "cannot read the findings of scan " + scanId,
        connection -> StoreReader.findings(connection, scanId, filter));
  }

  public List<Lifecycle> lifecycles(LifecycleFilter filter) {
    requireNonNull(filter, "filter is null");
    return withConnection(
        "cannot read lifecycles", connection -> StoreReader.lifecycles(connection, filter));
  }

  /** What each stored scan did to one finding, oldest first (pruned scans are gone). */
  public List<LifecycleEvent> history(String fingerprint) {
    return withConnection(
        "cannot read the history of finding " + fingerprint,
        connection -> StoreReader.history(connection, fingerprint));
  }

  /** The drift the scan was recorded with, grouped as it was; empty when it had none. */
  public Optional<Drift> drift(String scanId) {
    return withConnection(
        "cannot read the drift of scan " + scanId,
        connection -> StoreReader.drift(connection, scanId));
  }

  public List<AppliedWaiver> waivers(String scanId) {
    return withConnection(
        "cannot read the waivers of scan " + scanId,
        connection -> StoreReader.waivers(connection, scanId));
  }

  /** A period report kept in the store (serve's schedule): one format of it, with its bytes. */
  public record StoredReport(
      String reportId,
      String format,
      Instant periodFrom,
      Instant periodTo,
      String framework,
      Instant writtenAt,
      String sha256,
      long sizeBytes,
      String mediaType) {}

  /**
   * Keeps one format of a period report; returns false (and keeps the first) when that report id
   * and format is stored already, so that replicas running the same schedule store it once.
   */
  public boolean storeReport(StoredReport report, byte[] data) {
    return inTransaction(
        "cannot store period report " + report.reportId(),
        connection -> {
          try (PreparedStatement exists =
              connection.prepareStatement(
                  "SELECT 1 FROM period_reports WHERE report_id = ? AND format = ?")) {
            exists.setString(1, report.reportId());
            exists.setString(2, report.format());
            try (ResultSet row = exists.executeQuery()) {
              if (row.next()) {
                return false;
              }
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO period_reports (report_id, format, period_from, period_to,"
                      + " framework, written_at, sha256, size_bytes, media_type, data)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, report.reportId());
            insert.setString(2, report.format());
            Table.bind(insert, 3, Table.Type.INSTANT, Rows.stored(report.periodFrom()));
            Table.bind(insert, 4, Table.Type.INSTANT, Rows.stored(report.periodTo()));
            insert.setString(5, report.framework());
            Table.bind(insert, 6, Table.Type.INSTANT, Rows.stored(report.writtenAt()));
            insert.setString(7, report.sha256());
            insert.setLong(8, data.length);
            insert.setString(9, report.mediaType());
            insert.setBytes(10, data);
            insert.executeUpdate();
          }
          return true;
        });
  }

  /** The period reports kept in the store, newest period first. */
  public List<StoredReport> storedReports() {
    return withConnection(
        "cannot list period reports",
        connection -> {
          List<StoredReport> reports = new ArrayList<>();
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT report_id, format, period_from, period_to, framework, written_at,"
                          + " sha256, size_bytes, media_type FROM period_reports"
                          + " ORDER BY period_from DESC, report_id, format");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              reports.add(
                  new StoredReport(
                      rows.getString(1),
                      rows.getString(2),
                      (Instant) Table.read(rows, 3, Table.Type.INSTANT),
                      (Instant) Table.read(rows, 4, Table.Type.INSTANT),
                      rows.getString(5),
                      (Instant) Table.read(rows, 6, Table.Type.INSTANT),
                      rows.getString(7),
                      rows.getLong(8),
                      rows.getString(9)));
            }
          }
          return reports;
        });
  }

  /** The bytes of one stored period report in one format. */
  public Optional<byte[]> storedReport(String reportId, String format) {
    return withConnection(
        "cannot read period report " + reportId,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT data FROM period_reports WHERE report_id = ? AND format = ?")) {
            query.setString(1, reportId);
            query.setString(2, format);
            try (ResultSet row = query.executeQuery()) {
              return row.next() ? Optional.of(row.getBytes(1)) : Optional.<byte[]>empty();
            }
          }
        });
  }

  /** How many findings of each rule PASSed in the scan (PASS findings are counted, not stored). */
  public Map<String, Long> passCounts(String scanId) {
    return withConnection(
        "cannot read the PASS counts of scan " + scanId,
        connection -> {
          Map<String, Long> counts = new java.util.TreeMap<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT rule_id, passed FROM pass_counts WHERE scan_id = ?")) {
            query.setString(1, scanId);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
              }
            }
          }
          return counts;
        });
  }

  /** What the scan did to finding lifecycles: every event it recorded, with its finding. */
  public List<LifecycleEvent> events(String scanId) {
    return withConnection(
        "cannot read the lifecycle events of scan " + scanId,
        connection -> StoreReader.events(connection, scanId));
  }

  /** The scan's snapshot exactly as stored: gzip of its canonical JSON. */
  public Optional<byte[]> snapshotBytes(String scanId) {
    return withConnection(
        "cannot read the snapshot of scan " + scanId,
        connection -> StoreReader.snapshotData(connection, scanId));
  }

  /**
   * The files of a rule pack or policies recorded with a scan, by their content hash: path ->
   * content.
   */
  public Optional<Map<String, String>> inputs(String contentHash) {
    return withConnection(
        "cannot read evaluation inputs " + contentHash,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT files FROM evaluation_inputs WHERE content_hash = ?")) {
            query.setString(1, contentHash);
            try (ResultSet row = query.executeQuery()) {
              if (!row.next()) {
                return Optional.<Map<String, String>>empty();
              }
              try {
                Map<String, String> files =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(
                            row.getString(1),
                            new com.fasterxml.jackson.core.type.TypeReference<
                                java.util.TreeMap<String, String>>() {});
                return Optional.of(files);
              } catch (java.io.IOException e) {
                throw new SQLException("evaluation inputs " + contentHash + " do not read", e);
              }
            }
          }
        });
  }

  /**
   * The hash chain from the retention anchor through seq {@code lastSeq}, as {@link ChainRecords}
   * exports it.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode chainRecords(long lastSeq) {
    return withConnection(
        "cannot read the hash chain", connection -> ChainRecords.chain(connection, lastSeq));
  }

  /** Every row of a scan but its snapshot blob, as {@link ChainRecords} exports them. */
  public com.fasterxml.jackson.databind.node.ObjectNode scanRecords(String scanId) {
    return withConnection(
        "cannot read the rows of scan " + scanId,
        connection -> ChainRecords.scanRows(connection, scanId));
  }

  public List<ReportFile> reports(String scanId) {
    return withConnection(
        "cannot read the reports of scan " + scanId,
        connection -> StoreReader.reports(connection, scanId));
  }

  /**
   * Closes every connection of the pool, also those still lent out: an embedded H2 database closes
   * with its last connection (the store turned off H2's own closing at JVM exit), so close the
   * store after whatever still writes to it has stopped.
   */
  @Override
  public void close() {
    dataSource.close();
    uninterruptible.close();
  }

  @Override
  public String toString() {
    return "Store[" + settings.displayUrl() + "]";
  }

  // ---- transactions -----------------------------------------------------------------------------

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    return inTransaction(what, work, false);
  }

  /**
   * @param synced whether the commit must be on disk when this returns, because the caller is told
   *     the scan is stored: PostgreSQL's commit is (synchronous_commit, its default); H2 writes the
   *     commit to the file (WRITE_DELAY=0), and CHECKPOINT SYNC forces it to the disk
   */
  private <T> T inTransaction(String what, Work<T> work, boolean synced) {
    return withConnection(
        what,
        connection -> {
          connection.setAutoCommit(false);
          try {
            T result = work.run(connection);
            connection.commit();
            if (synced && settings.vendor() == Vendor.H2) {
              syncToDisk(connection);
            }
            return result;
          } catch (SQLException | RuntimeException | Error e) {
            try {
              connection.rollback();
            } catch (SQLException rollback) {
              e.addSuppressed(rollback);
            }
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
  }

  private static void syncToDisk(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT SYNC");
    } catch (SQLException e) {
      throw new SQLException("committed, but not synced to disk: " + e.getMessage(), e);
    }
  }

  /** Every use of a connection by the store comes through here (see {@link Uninterruptible}). */
  private <T> T withConnection(String what, Work<T> work) {
    try {
      return uninterruptible.call(
          () -> {
            try (Connection connection = dataSource.getConnection()) {
              return work.run(connection);
            }
          });
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private PlumblineException failure(String what, SQLException e) {
    return new PlumblineException(
        ErrorKind.EXTERNAL, what + " (store " + settings.displayUrl() + "): " + e.getMessage(), e);
  }

  /** Pruning: a prefix of the chain, then the anchor. */
  private static final class Retention {

    private Retention() {}

    static int apply(Connection connection, Instant cutoff, OptionalInt maxCount, Instant now)
        throws SQLException {
      try (PreparedStatement lock =
              connection.prepareStatement(
                  "SELECT head_seq FROM chain_head WHERE id = 1 FOR UPDATE");
          ResultSet row = lock.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("the store's chain_head row is missing");
        }
      }
      List<Long> seqs = new ArrayList<>();
      List<Instant> starts = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT seq, started_at, row_hash FROM scans ORDER BY seq");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          seqs.add(rows.getLong(1));
          starts.add((Instant) Table.read(rows, 2, Table.Type.INSTANT));
          hashes.add(rows.getString(3));
        }
      }
      int count = seqs.size();
      int last = -1;
      // the latest scan (count - 1) is never pruned
      for (int index = 0; index < count - 1; index++) {
        boolean old = starts.get(index).isBefore(cutoff);
        boolean beyondCount = maxCount.isPresent() && count - index > maxCount.getAsInt();
        if (old || beyondCount) {
          last = index;
        }
      }
      if (last < 0) {
        return 0;
      }
      long anchorSeq = seqs.get(last);
      for (String table :
          List.of(
              "snapshots",
              "coverage",
              "findings",
              "pass_counts",
              "lifecycle_events",
              "drift_changes",
              "drift_groups",
              "waivers",
              "reports")) {
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM "
                    + table
                    + " WHERE scan_id IN (SELECT scan_id FROM scans WHERE seq <= ?)")) {
          delete.setLong(1, anchorSeq);
          delete.executeUpdate();
        }
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM scans WHERE seq <= ?")) {
        delete.setLong(1, anchorSeq);
        delete.executeUpdate();
      }
      try (PreparedStatement anchor =
          connection.prepareStatement(
              "UPDATE chain_head SET anchor_seq = ?, anchor_hash = ?, anchor_at = ? WHERE id = 1")) {
        anchor.setLong(1, anchorSeq);
        anchor.setString(2, hashes.get(last));
        Table.bind(anchor, 3, Table.Type.INSTANT, Rows.stored(now));
        anchor.executeUpdate();
      }
      return last + 1;
    }
  }
}
