package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Severity;

/** A sink and the least severe finding that first fires on it. */
public record SinkRoute(AlertSink sink, Severity minSeverity) {

  public SinkRoute {
    requireNonNull(sink, "sink is null");
    requireNonNull(minSeverity, "minSeverity is null");
  }

  public String name() {
    return sink.name();
  }
}
