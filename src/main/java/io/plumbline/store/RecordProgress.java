package io.plumbline.store;

import java.time.Duration;

/**
 * Told when each phase of {@link Store#record} ends, with what it handled and how long it took: for
 * a progress line or a log line per phase.
 */
@FunctionalInterface
public interface RecordProgress {

  RecordProgress NONE = (phase, count, took) -> {};

  void phaseDone(String phase, long count, Duration took);
}
