package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** What one sink is sent for one scan: every notification due, grouped by cause. */
public record AlertBatch(String scanId, Instant scannedAt, List<AlertGroup> groups) {

  public AlertBatch {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(scannedAt, "scannedAt is null");
    groups = List.copyOf(groups);
  }

  public List<Alert> alerts() {
    return groups.stream().flatMap(group -> group.alerts().stream()).toList();
  }

  /** FIRING when anything in the batch fires, RESOLVED when it only resolves. */
  public AlertStatus status() {
    return firingCount() > 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED;
  }

  public long firingCount() {
    return groups.stream().mapToLong(AlertGroup::firingCount).sum();
  }

  public long resolvedCount() {
    return groups.stream().mapToLong(AlertGroup::resolvedCount).sum();
  }
}
