package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** The finding events of one scan. */
public record ScanEvents(String scanId, Instant scannedAt, List<FindingEvent> events) {

  public ScanEvents {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(scannedAt, "scannedAt is null");
    events = List.copyOf(events);
  }
}
