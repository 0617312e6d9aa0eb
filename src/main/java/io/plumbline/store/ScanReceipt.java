package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link Store#record} stored: the scan's place in the hash chain and the lifecycle events it
 * caused, for alerting and metrics.
 */
public record ScanReceipt(String scanId, long seq, String rowHash, List<LifecycleEvent> events) {

  public ScanReceipt {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(rowHash, "rowHash is null");
    events = List.copyOf(events);
  }

  public List<LifecycleEvent> events(LifecycleEventKind kind) {
    return events.stream().filter(event -> event.kind() == kind).toList();
  }

  /** NEW and REOPENED events that are not waived. */
  public List<LifecycleEvent> alerting() {
    return events.stream().filter(LifecycleEvent::alerts).toList();
  }
}
