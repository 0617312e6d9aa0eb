package io.plumbline.store;

import io.plumbline.store.VerifyResult.BrokenLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the hash chain from its anchor, recomputing every scan's digests from the rows as they are
 * stored now (the snapshot blob included) and stopping at the first link that does not hold.
 */
final class ChainVerifier {

  private static final int SEQ = Table.SCANS.index("seq");
  private static final int SCAN_ID = Table.SCANS.index("scan_id");
  private static final int PREV_HASH = Table.SCANS.index("prev_hash");
  private static final int ROW_HASH = Table.SCANS.index("row_hash");

  private ChainVerifier() {}

  /** Run in one repeatable-read transaction, so that scans recorded meanwhile are not half seen. */
  static VerifyResult verify(Connection connection) throws SQLException {
    long headSeq;
    String headHash;
    long anchorSeq;
    String anchorHash;
    try (PreparedStatement head =
            connection.prepareStatement(
                "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM chain_head WHERE id = 1");
        ResultSet row = head.executeQuery()) {
      if (!row.next()) {
        return new VerifyResult(
            0,
            0,
            0,
            "",
            Optional.of(new BrokenLink(0, Optional.empty(), "the chain_head row is missing")));
      }
      headSeq = row.getLong(1);
      headHash = row.getString(2);
      anchorSeq = row.getLong(3);
      anchorHash = row.getString(4);
    }
    List<Object[]> scans = new ArrayList<>();
    try (PreparedStatement query =
            connection.prepareStatement(Table.SCANS.selectSql("1 = 1") + " ORDER BY seq");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        scans.add(Table.SCANS.read(rows));
      }
    }

    long expected = anchorSeq + 1;
    String previousHash = anchorHash;
    long checked = 0;
    for (Object[] scan : scans) {
      long seq = (Long) scan[SEQ];
      String scanId = (String) scan[SCAN_ID];
      Optional<String> problem = Optional.empty();
      if (seq > expected) {
        return broken(
            checked,
            anchorSeq,
            headSeq,
            headHash,
            new BrokenLink(
                expected,
                Optional.empty(),
                "scan "
                    + expected
                    + " missing (seq gap: seq "
                    + seq
                    + " follows seq "
                    + (expected - 1)
                    + ")"));
      }
      if (seq < expected) {
        problem =
            Optional.of(
                "seq "
                    + seq
                    + " is out of place (expected seq "
                    + expected
                    + (anchorSeq > 0 ? ", the chain is anchored at seq " + anchorSeq : "")
                    + ")");
      } else if (!previousHash.equals(scan[PREV_HASH])) {
        problem =
            Optional.of(
                "prev_hash does not match the row hash of "
                    + (seq - 1 == anchorSeq && anchorSeq > 0
                        ? "the retention anchor (seq " + anchorSeq + ")"
                        : "seq " + (seq - 1)));
      } else {
        problem = components(connection, scanId, scan);
        if (problem.isEmpty() && !ScanWriter.rowHash(scan).equals(scan[ROW_HASH])) {
          problem = Optional.of("row changed");
        }
      }
      if (problem.isPresent()) {
        return broken(
            checked,
            anchorSeq,
            headSeq,
            headHash,
            new BrokenLink(seq, Optional.of(scanId), problem.get()));
      }
      previousHash = (String) scan[ROW_HASH];
      expected = seq + 1;
      checked++;
    }
    long last = expected - 1;
    if (headSeq > last) {
      return broken(
          checked,
          anchorSeq,
          headSeq,
          headHash,
          new BrokenLink(
              expected,
              Optional.empty(),
              "scan " + expected + " missing (the chain head is at seq " + headSeq + ")"));
    }
    if (headSeq < last || !headHash.equals(previousHash)) {
      return broken(
          checked,
          anchorSeq,
          headSeq,
          headHash,
          new BrokenLink(
              last,
              Optional.empty(),
              "the chain head (seq "
                  + headSeq
                  + ") does not match the last scan (seq "
                  + last
                  + ")"));
    }
    return new VerifyResult(checked, anchorSeq, headSeq, headHash, Optional.empty());
  }

  private static VerifyResult broken(
      long checked, long anchorSeq, long headSeq, String headHash, BrokenLink link) {
    return new VerifyResult(checked, anchorSeq, headSeq, headHash, Optional.of(link));
  }

  /** What of the scan's own rows no longer hashes to the digest its row recorded, if anything. */
  private static Optional<String> components(Connection connection, String scanId, Object[] scan)
      throws SQLException {
    List<Object[]> snapshotRows = rows(connection, Table.SNAPSHOTS, scanId);
    for (Object[] snapshot : snapshotRows) {
      String stored = (String) snapshot[Table.SNAPSHOTS.index("data_sha256")];
      if (!stored.equals(blobHash(connection, scanId))) {
        return Optional.of("snapshot data changed");
      }
    }
    if (!ScanWriter.digest(Table.SNAPSHOTS, snapshotRows).equals(value(scan, "snapshot_digest"))) {
      return Optional.of("snapshot row changed");
    }
    if (!digest(connection, Table.COVERAGE, scanId).equals(value(scan, "coverage_digest"))) {
      return Optional.of("coverage changed");
    }
    String findings =
        ChainDigest.tables(
            digest(connection, Table.FINDINGS, scanId),
            digest(connection, Table.PASS_COUNTS, scanId));
    if (!findings.equals(value(scan, "findings_digest"))) {
      return Optional.of("findings changed");
    }
    if (!digest(connection, Table.EVENTS, scanId).equals(value(scan, "events_digest"))) {
      return Optional.of("lifecycle events changed");
    }
    String drift =
        ChainDigest.tables(
            digest(connection, Table.DRIFT_CHANGES, scanId),
            digest(connection, Table.DRIFT_GROUPS, scanId));
    if (!drift.equals(value(scan, "drift_digest"))) {
      return Optional.of("drift changed");
    }
    if (!digest(connection, Table.WAIVERS, scanId).equals(value(scan, "waivers_digest"))) {
      return Optional.of("waivers changed");
    }
    if (!digest(connection, Table.REPORTS, scanId).equals(value(scan, "reports_digest"))) {
      return Optional.of("reports changed");
    }
    return Optional.empty();
  }

  private static Object value(Object[] scan, String column) {
    return scan[Table.SCANS.index(column)];
  }

  private static String digest(Connection connection, Table table, String scanId)
      throws SQLException {
    List<byte[]> hashes = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(table.selectSql("scan_id = ?"))) {
      query.setString(1, scanId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          hashes.add(table.hash(table.read(rows)));
        }
      }
    }
    return ChainDigest.rows(hashes);
  }

  private static List<Object[]> rows(Connection connection, Table table, String scanId)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(table.selectSql("scan_id = ?"))) {
      query.setString(1, scanId);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(table.read(result));
        }
      }
    }
    return rows;
  }

  private static String blobHash(Connection connection, String scanId) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT data FROM snapshots WHERE scan_id = ?")) {
      query.setString(1, scanId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return "";
        }
        MessageDigest digest = ChainDigest.sha256();
        try (InputStream in = new DigestInputStream(row.getBinaryStream(1), digest)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the snapshot of scan " + scanId, e);
        }
        return ChainDigest.hex(digest.digest());
      }
    }
  }
}
