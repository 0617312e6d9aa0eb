package io.plumbline.collect;

import java.time.Duration;

/**
 * How plumbline retries a whole read, on top of the SDKs' own retries (the Databricks SDK retries
 * only 429/503 and connect errors; 500/502/504, truncated and malformed bodies are retried here).
 * Backoff is exponential from {@code initialBackoff}, capped, with full jitter; a Retry-After from
 * the server wins when it is longer.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
  Duration backoff(
      int attempt,
      java.util.Optional<Duration> retryAfter,
      java.util.random.RandomGenerator random) {
    long cap =
        Math.min(
            maxBackoff.toMillis(), initialBackoff.toMillis() * (1L << Math.min(attempt - 1, 20)));
    long jittered = cap <= 0 ? 0 : random.nextLong(cap / 2, cap + 1);
    long fromServer = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(
        Math.min(Math.max(jittered, fromServer), Math.max(maxBackoff.toMillis(), fromServer)));
  }
}
