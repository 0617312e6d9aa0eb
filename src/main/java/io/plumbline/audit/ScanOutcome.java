package io.plumbline.audit;

import static java.util.Objects.requireNonNull;

import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Drift;
import io.plumbline.model.Snapshot;
import io.plumbline.store.ScanReceipt;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one scan produced: the snapshot, its evaluation, the drift against the previous stored scan,
 * the reports written, and (when stored) the store's receipt with the lifecycle events.
 */
public record ScanOutcome(
    String scanId,
    Snapshot snapshot,
    ReportModel model,
    Optional<Drift> drift,
    List<Path> reports,
    Optional<ScanReceipt> receipt) {

  public ScanOutcome {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(model, "model is null");
    requireNonNull(drift, "drift is null");
    reports = List.copyOf(reports);
    requireNonNull(receipt, "receipt is null");
  }
}
