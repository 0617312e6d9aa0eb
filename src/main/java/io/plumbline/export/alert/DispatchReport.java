package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a dispatch sent, per sink. */
public record DispatchReport(String scanId, List<SinkOutcome> sinks) {

  public DispatchReport {
    requireNonNull(scanId, "scanId is null");
    sinks = List.copyOf(sinks);
  }

  public boolean allDelivered() {
    return sinks.stream().allMatch(SinkOutcome::delivered);
  }

  public Optional<SinkOutcome> sink(String name) {
    return sinks.stream().filter(outcome -> outcome.sink().equals(name)).findFirst();
  }

  /**
   * @param firing firing notifications in the batch (first notifications, reminders, keep-alives)
   * @param resolved resolves in the batch
   * @param delivered true when the batch reached the sink, or there was nothing to send
   * @param problem why it did not, without secret URL parts
   */
  public record SinkOutcome(
      String sink, long firing, long resolved, boolean delivered, Optional<String> problem) {

    public SinkOutcome {
      requireNonNull(sink, "sink is null");
      requireNonNull(problem, "problem is null");
    }
  }
}
