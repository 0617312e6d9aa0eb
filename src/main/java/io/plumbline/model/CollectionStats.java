package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a collection went: HTTP calls made (SDK retries included), reads retried by plumbline, calls
 * throttled (429 or an AWS Throttling error), and calls by API and status ({@code
 * "databricks-account 200"}). Not part of the content hash.
 */
public record CollectionStats(
    long apiCalls,
    long retries,
    long throttled,
    Duration duration,
    Map<String, Long> callsByApiAndStatus) {

  public CollectionStats {
    requireNonNull(duration, "duration is null");
    callsByApiAndStatus =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(requireNonNull(callsByApiAndStatus, "callsByApiAndStatus is null")));
  }

  public static CollectionStats empty() {
    return new CollectionStats(0, 0, 0, Duration.ZERO, Map.of());
  }
}
