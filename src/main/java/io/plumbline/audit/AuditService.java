package io.plumbline.audit;

import static java.util.Objects.requireNonNull;

import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.ScanProgress;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.Evaluation;
import io.plumbline.snapshot.SnapshotFiles;
import io.plumbline.store.AppliedWaiver;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.LifecycleState;
import io.plumbline.store.ReportFile;
import io.plumbline.store.ScanReceipt;
import io.plumbline.store.ScanRecord;
import io.plumbline.store.ScanStatus;
import io.plumbline.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The use case of a scan: collect, evaluate, write the snapshot and reports, diff against the
 * previous stored scan, and store everything in one transaction. Without a store the same scan runs
 * and nothing is remembered.
 */
public final class AuditService {

  private static final Logger LOG = Logger.getLogger(AuditService.class);
  private static final DateTimeFormatter SCAN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EvaluationService evaluation;
  private final Optional<Store> store;
  private final Clock clock;

  public AuditService(EvaluationService evaluation, Optional<Store> store, Clock clock) {
    this.evaluation = requireNonNull(evaluation, "evaluation is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Where a scan writes its files, and which report formats. */
  public record Output(Path directory, Set<ReportFormat> formats) {
    public Output {
      requireNonNull(directory, "directory is null");
      formats = Set.copyOf(formats);
    }
  }

  /** A scan id people can sort and read: {@code scan-20261121T120000Z-1a2b3c4d}. */
  public static String newScanId(Instant startedAt) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return "scan-" + SCAN_ID_TIME.format(startedAt) + "-" + HexFormat.of().formatHex(random);
  }

  /**
   * The scan use case, for {@code plumbline scan} and the service alike: collects with {@code
   * plan}, then judges, writes and stores what was collected.
   */
  public ScanOutcome scan(
      String scanId,
      Instant startedAt,
      CollectPlan plan,
      EvaluationService.Prepared prepared,
      ScanProgress progress,
      Output output) {
    Snapshot snapshot = new ScanService().collect(plan, progress);
    progress.collected();
    return judgeAndStore(scanId, startedAt, snapshot, prepared, output);
  }

  /** Judges, writes and stores a snapshot already collected. */
  public ScanOutcome judgeAndStore(
      String scanId,
      Instant startedAt,
      Snapshot snapshot,
      EvaluationService.Prepared prepared,
      Output output) {
    try {
      SnapshotFiles.write(output.directory(), snapshot);
    } catch (IOException e) {
      throw new PlumblineException(
          ErrorKind.USER_ERROR, "cannot write the snapshot to " + output.directory() + ": " + e);
    }
    ReportModel model = evaluation.evaluate(prepared, snapshot);
    if (store.isPresent() && !snapshot.isComplete()) {
      model = withUnseenFindings(model, snapshot, store.get());
    }
    List<Path> written = evaluation.writeReports(model, output.directory(), output.formats());
    if (store.isEmpty()) {
      return new ScanOutcome(scanId, snapshot, model, Optional.empty(), written, Optional.empty());
    }
    Store history = store.get();
    Optional<Drift> drift = previousSnapshot(history).map(before -> diff(before, snapshot));
    Instant finishedAt = clock.instant();
    List<ReportFile> reports = new ArrayList<>();
    for (Path file : written) {
      reports.add(ReportFile.of(formatOf(file), file, finishedAt));
    }
    List<AppliedWaiver> waivers = model.waivers().stream().map(AppliedWaivers::of).toList();
    ScanRecord scan =
        ScanRecord.of(
            scanId, startedAt, finishedAt, snapshot, model.findings(), drift, waivers, reports);
    // the rule pack and policies as evaluated, by their content hashes (evidence packs re-run them)
    if (!prepared.inputs().rules().isEmpty()) {
      scan = scan.withInputs(prepared.inputs());
    }
    ScanReceipt receipt = history.record(scan);
    int pruned = history.applyRetention(finishedAt);
    if (pruned > 0) {
      LOG.infof("retention: removed %d scan(s) older than the retention settings", pruned);
    }
    return new ScanOutcome(scanId, snapshot, model, drift, written, Optional.of(receipt));
  }

  /** Records a scan that produced no snapshot (it failed or was aborted) in the history. */
  public Optional<ScanReceipt> recordWithoutSnapshot(
      String scanId, Instant startedAt, ScanStatus status, String error) {
    return store.map(
        history ->
            history.record(
                new ScanRecord(
                    scanId,
                    startedAt,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    status,
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    List.of(),
                    List.of(),
                    Optional.of(error))));
  }

  /** The report model with the open findings this scan could not see, as UNKNOWN. */
  private static ReportModel withUnseenFindings(
      ReportModel model, Snapshot snapshot, Store history) {
    Set<String> judged =
        model.findings().stream().map(Finding::fingerprint).collect(Collectors.toSet());
    List<Finding> unseen =
        UnseenFindings.of(
            history.lifecycles(LifecycleFilter.all().withState(LifecycleState.OPEN)),
            snapshot,
            judged);
    if (unseen.isEmpty()) {
      return model;
    }
    List<Finding> findings = new ArrayList<>(model.findings());
    findings.addAll(unseen);
    return new ReportModel(
        model.toolVersion(),
        model.evaluatedAt(),
        model.snapshot(),
        new Evaluation(findings, model.rules()),
        model.waivers(),
        model.frameworks(),
        model.failOn(),
        model.rulePack());
  }

  private static Optional<Snapshot> previousSnapshot(Store history) {
    return history.latestWithSnapshot().flatMap(latest -> history.snapshot(latest.scanId()));
  }

  private static Drift diff(Snapshot before, Snapshot after) {
    long started = System.nanoTime();
    Drift drift = Diffs.compare(before, after);
    LOG.infof(
        "drift against %s: %s in %d ms",
        before.id(), drift.countsByKind(), (System.nanoTime() - started) / 1_000_000);
    return drift;
  }

  private static String formatOf(Path file) {
    String name = file.getFileName().toString();
    return ReportFormat.byFileName(name)
        .map(ReportFormat::label)
        .orElseThrow(() -> new IllegalStateException("no report writer writes " + name));
  }
}
