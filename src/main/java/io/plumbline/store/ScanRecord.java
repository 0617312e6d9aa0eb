package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one scan produced, stored by {@link Store#record} in one transaction.
 *
 * @param findings every finding of the evaluation, PASS included (PASS findings are counted per
 *     rule, the others stored as rows); fingerprints are unique
 * @param drift the changes since the previous stored scan's snapshot, computed by the caller
 * @param error what went wrong, for an ABORTED or FAILED scan
 * @param inputs the rule pack and policies the scan was judged with; their hashes are recorded with
 *     the scan (empty for a scan without a snapshot, or one recorded by a caller that does not know
 *     them)
 */
public record ScanRecord(
    String scanId,
    Instant startedAt,
    Instant finishedAt,
    ScanStatus status,
    Optional<Snapshot> snapshot,
    List<Finding> findings,
    Optional<Drift> drift,
    List<AppliedWaiver> waivers,
    List<ReportFile> reports,
    Optional<String> error,
    Optional<EvaluationInputs> inputs) {

  static final int MAX_ID_LENGTH = 200;

  public ScanRecord {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(status, "status is null");
    requireNonNull(snapshot, "snapshot is null");
    findings = List.copyOf(findings);
    requireNonNull(drift, "drift is null");
    waivers = List.copyOf(waivers);
    reports = List.copyOf(reports);
    requireNonNull(error, "error is null");
    requireNonNull(inputs, "inputs is null");
    if (scanId.isBlank() || scanId.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "invalid scan id \"" + scanId + "\": expected 1 to " + MAX_ID_LENGTH + " characters");
    }
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "scan "
              + scanId
              + " finished ("
              + finishedAt
              + ") before it started ("
              + startedAt
              + ")");
    }
    if (status.hasSnapshot()) {
      Snapshot taken =
          snapshot.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "a " + status + " scan needs a snapshot: scan " + scanId));
      if (status == ScanStatus.COMPLETE && !taken.isComplete()) {
        throw new IllegalArgumentException(
            "scan "
                + scanId
                + " is COMPLETE but "
                + taken.failedCoverage().size()
                + " reads of its snapshot failed: it is INCOMPLETE");
      }
      if (status == ScanStatus.INCOMPLETE && taken.isComplete()) {
        throw new IllegalArgumentException(
            "scan " + scanId + " is INCOMPLETE but every read of its snapshot is complete");
      }
      drift.ifPresent(
          changes -> {
            if (!changes.afterSnapshotId().equals(taken.id())) {
              throw new IllegalArgumentException(
                  "the drift of scan "
                      + scanId
                      + " ends at snapshot "
                      + changes.afterSnapshotId()
                      + ", not at the scan's snapshot "
                      + taken.id());
            }
          });
    } else {
      if (snapshot.isPresent() || !findings.isEmpty() || drift.isPresent()) {
        throw new IllegalArgumentException(
            "a " + status + " scan has no snapshot, findings or drift: scan " + scanId);
      }
    }
    Set<String> fingerprints = new HashSet<>();
    for (Finding finding : findings) {
      if (!fingerprints.add(finding.fingerprint())) {
        throw new IllegalArgumentException(
            "duplicate finding fingerprint "
                + finding.fingerprint()
                + " in scan "
                + scanId
                + ": "
                + finding.ruleId()
                + " on "
                + finding.resourceAddress());
      }
    }
  }

  /** A scan recorded without the inputs it was judged with. */
  public ScanRecord(
      String scanId,
      Instant startedAt,
      Instant finishedAt,
      ScanStatus status,
      Optional<Snapshot> snapshot,
      List<Finding> findings,
      Optional<Drift> drift,
      List<AppliedWaiver> waivers,
      List<ReportFile> reports,
      Optional<String> error) {
    this(
        scanId,
        startedAt,
        finishedAt,
        status,
        snapshot,
        findings,
        drift,
        waivers,
        reports,
        error,
        Optional.empty());
  }

  /** The same scan, recorded with the rule pack and policies it was judged with. */
  public ScanRecord withInputs(EvaluationInputs judgedWith) {
    return new ScanRecord(
        scanId,
        startedAt,
        finishedAt,
        status,
        snapshot,
        findings,
        drift,
        waivers,
        reports,
        error,
        Optional.of(judgedWith));
  }

  /** A scan that produced a snapshot: COMPLETE or INCOMPLETE according to its coverage. */
  public static ScanRecord of(
      String scanId,
      Instant startedAt,
      Instant finishedAt,
      Snapshot snapshot,
      List<Finding> findings,
      Optional<Drift> drift,
      List<AppliedWaiver> waivers,
      List<ReportFile> reports) {
    return new ScanRecord(
        scanId,
        startedAt,
        finishedAt,
        snapshot.isComplete() ? ScanStatus.COMPLETE : ScanStatus.INCOMPLETE,
        Optional.of(snapshot),
        findings,
        drift,
        waivers,
        reports,
        Optional.empty());
  }

  /** A scan that ended with no snapshot (ABORTED or FAILED). */
  public static ScanRecord withoutSnapshot(
      String scanId, Instant startedAt, Instant finishedAt, ScanStatus status, String error) {
    return new ScanRecord(
        scanId,
        startedAt,
        finishedAt,
        status,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.of(error));
  }
}
