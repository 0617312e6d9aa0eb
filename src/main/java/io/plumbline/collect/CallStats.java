package io.plumbline.collect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of HTTP calls, throttles, rate-limiter waits and read retries. */
public final class CallStats {

  private final Map<String, LongAdder> callsByApiAndStatus = new ConcurrentHashMap<>();
  private final LongAdder calls = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder limiterWaitNanos = new LongAdder();

  /** One HTTP exchange; {@code status} 0 when no response came (I/O error, timeout). */
  public void call(String api, int status) {
    calls.increment();
    callsByApiAndStatus
        .computeIfAbsent(
            api + " " + (status == 0 ? "error" : Integer.toString(status)), key -> new LongAdder())
        .increment();
  }

  public void throttled() {
    throttled.increment();
  }

  public void retried() {
    retries.increment();
  }

  public void waitedForRateLimit(long nanos) {
    limiterWaitNanos.add(nanos);
  }

  public long calls() {
    return calls.sum();
  }

  public long throttledCount() {
    return throttled.sum();
  }

  public long retryCount() {
    return retries.sum();
  }

  public long rateLimitWaitMillis() {
    return limiterWaitNanos.sum() / 1_000_000;
  }

  public Map<String, Long> callsByApiAndStatus() {
    Map<String, Long> copy = new TreeMap<>();
    callsByApiAndStatus.forEach((key, value) -> copy.put(key, value.sum()));
    return copy;
  }
}
