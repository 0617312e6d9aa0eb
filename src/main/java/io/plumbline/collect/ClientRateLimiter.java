package io.plumbline.collect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Client-side token buckets, one per endpoint family and scope (the account, or a workspace), so
 * that a scan stays under the published limits instead of discovering them through 429s. {@link
 * #acquire} blocks the calling thread until a token is free. Buckets start with one second's worth
 * of tokens: the server allows the same burst.
 */
public final class ClientRateLimiter {

  private final Map<String, Double> ratesPerSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param ratesPerSecond family name -> requests per second; absent or 0 = unlimited
   */
  public ClientRateLimiter(Map<String, Double> ratesPerSecond) {
    this.ratesPerSecond = Map.copyOf(ratesPerSecond);
  }

  public static ClientRateLimiter unlimited() {
    return new ClientRateLimiter(Map.of());
  }

  public Map<String, Double> rates() {
    return ratesPerSecond;
  }

  /** Waits for a token; returns the time spent waiting, in nanoseconds. */
  public long acquire(String family, String scope) throws InterruptedException {
    Double rate = ratesPerSecond.get(family);
    if (rate == null || rate <= 0) {
      return 0;
    }
    Bucket bucket = buckets.computeIfAbsent(family + "@" + scope, key -> new Bucket(rate));
    long waited = 0;
    while (true) {
      long wait = bucket.tryTake();
      if (wait == 0) {
        return waited;
      }
      TimeUnit.NANOSECONDS.sleep(wait);
      waited += wait;
    }
  }

  private static final class Bucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    Bucket(double ratePerSecond) {
      this.perNano = ratePerSecond / 1e9;
      // a slightly smaller burst than the server's keeps clock skew from costing a 429
      this.capacity = Math.max(1.0, Math.floor(ratePerSecond * 0.9));
      this.tokens = capacity;
      this.last = System.nanoTime();
    }

    /** 0 when a token was taken, else nanoseconds until one will be there. */
    synchronized long tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return 0;
      }
      return Math.max(1_000_000L, (long) Math.ceil((1.0 - tokens) / perNano));
    }
  }
}
