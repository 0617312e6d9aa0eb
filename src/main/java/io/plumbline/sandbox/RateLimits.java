package io.plumbline.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per endpoint family and scope (the account, or one workspace), at the rates
 * Databricks publishes. A request that finds its bucket empty is answered 429 with the seconds
 * until a token is back in {@code Retry-After}.
 */
final class RateLimits {

  /** Families with a published limit; everything else is unlimited in the sandbox. */
  enum Family {
    ACCOUNT_SCIM_GET(20),
    ACCOUNT_SCIM_LIST(240),
    WORKSPACE_SCIM(255),
    PERMISSIONS_GET(100),
    TOKEN_MANAGEMENT(40);

    private final double defaultRate;

    Family(double defaultRate) {
      this.defaultRate = defaultRate;
    }

    double defaultRate() {
      return defaultRate;
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Family, Double> rates;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimits(Map<Family, Double> rates) {
    this.rates = new EnumMap<>(rates);
  }

  static RateLimits published() {
    Map<Family, Double> rates = new EnumMap<>(Family.class);
    for (Family family : Family.values()) {
      rates.put(family, family.defaultRate());
    }
    return new RateLimits(rates);
  }

  static RateLimits unlimited() {
    return new RateLimits(new EnumMap<>(Family.class));
  }

  Map<Family, Double> rates() {
    return new EnumMap<>(rates);
  }

  /** The family of a matched endpoint ("GET /api/..." template), if it has a limit. */
  static Optional<Family> family(String endpoint) {
    if (!endpoint.startsWith("GET ")) {
      return Optional.empty();
    }
    if (endpoint.startsWith("GET " + AccountApi.PREFIX + "/scim/v2/")) {
      return Optional.of(
          endpoint.endsWith("/{id}") ? Family.ACCOUNT_SCIM_GET : Family.ACCOUNT_SCIM_LIST);
    }
    if (endpoint.startsWith("GET /api/2.0/preview/scim/v2/")) {
      return Optional.of(Family.WORKSPACE_SCIM);
    }
    if (endpoint.startsWith("GET /api/2.0/permissions/")) {
      return Optional.of(Family.PERMISSIONS_GET);
    }
    if (endpoint.startsWith("GET /api/2.0/token-management/")) {
      return Optional.of(Family.TOKEN_MANAGEMENT);
    }
    return Optional.empty();
  }

  /**
   * Takes a token for the request; empty when allowed, else the whole seconds to wait (at least 1,
   * as Retry-After carries whole seconds).
   */
  Optional<Integer> acquire(Family family, String scope) {
    Double rate = rates.get(family);
    if (rate == null || rate <= 0) {
      return Optional.empty();
    }
    Bucket bucket = buckets.computeIfAbsent(family.key() + "@" + scope, key -> new Bucket(rate));
    return bucket.take();
  }

  private static final class Bucket {
    private final double ratePerSecond;
    private final double capacity;
    private double tokens;
    private long lastRefillNanos;

    Bucket(double ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
      this.capacity = Math.max(1.0, ratePerSecond);
      this.tokens = capacity;
      this.lastRefillNanos = System.nanoTime();
    }

    synchronized Optional<Integer> take() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
      lastRefillNanos = now;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return Optional.empty();
      }
      double seconds = (1.0 - tokens) / ratePerSecond;
      return Optional.of((int) Math.max(1, Math.ceil(seconds)));
    }
  }
}
