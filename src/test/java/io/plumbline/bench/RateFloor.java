package io.plumbline.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The floor the published Databricks rate limits set on a scan, worked out from the sandbox's own
 * request counts ({@code GET /_sandbox/requests}): for each rate-limited endpoint family, the calls
 * that family needed (answered, not throttled) divided by its rate. Account families are limited
 * per account, workspace families per workspace (so their calls spread over every workspace's
 * bucket). The endpoint-to-family rules are the sandbox's ({@code RateLimits.family}), written out
 * again here.
 */
final class RateFloor {

  private static final String ACCOUNT_SCIM = "GET /api/2.0/accounts/{account_id}/scim/v2/";

  /** A rate-limited endpoint family: its published rate and whether it is per workspace. */
  enum Family {
    ACCOUNT_SCIM_GET(20, false),
    ACCOUNT_SCIM_LIST(240, false),
    WORKSPACE_SCIM(255, true),
    PERMISSIONS_GET(100, true),
    TOKEN_MANAGEMENT(40, true);

    final double rate;
    final boolean perWorkspace;

    Family(double rate, boolean perWorkspace) {
      this.rate = rate;
      this.perWorkspace = perWorkspace;
    }
  }

  /** Calls per endpoint template and status, as {@code GET /_sandbox/requests} answers them. */
  record Counts(Map<String, Map<Integer, Long>> byEndpoint) {
    Counts {
      byEndpoint = Map.copyOf(byEndpoint);
    }

    static Counts of(JsonNode requests) {
      Map<String, Map<Integer, Long>> byEndpoint = new TreeMap<>();
      for (JsonNode row : requests.path("requests")) {
        byEndpoint
            .computeIfAbsent(row.path("endpoint").asText(), key -> new TreeMap<>())
            .merge(row.path("status").asInt(), row.path("count").asLong(), Long::sum);
      }
      return new Counts(byEndpoint);
    }

    /** Requests that were not throttled: the work a scan had to do. */
    long answered(String endpoint) {
      return byEndpoint.getOrDefault(endpoint, Map.of()).entrySet().stream()
          .filter(entry -> entry.getKey() != 429)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    long throttled(String endpoint) {
      return byEndpoint.getOrDefault(endpoint, Map.of()).getOrDefault(429, 0L);
    }

    long answered() {
      return byEndpoint.keySet().stream().mapToLong(this::answered).sum();
    }

    long throttled() {
      return byEndpoint.keySet().stream().mapToLong(this::throttled).sum();
    }

    long total() {
      return answered() + throttled();
    }
  }

  private RateFloor() {}

  static Optional<Family> family(String endpoint) {
    requireNonNull(endpoint, "endpoint is null");
    if (!endpoint.startsWith("GET ")) {
      return Optional.empty();
    }
    if (endpoint.startsWith(ACCOUNT_SCIM)) {
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
   * The floor in seconds, and each family's share. A per-workspace family's seconds are its calls
   * over (rate x workspaces): the workspaces' buckets fill side by side; {@code
   * upper_bound_seconds} is the same calls through one bucket. {@code chainSeconds} is the latency
   * no rate can hide: the first group-list page must come back before the first GET by id, and the
   * last GET must come back.
   */
  static ObjectNode floor(Counts counts, int workspaces, double chainSeconds) {
    Map<Family, long[]> byFamily = new LinkedHashMap<>();
    for (Family family : Family.values()) {
      byFamily.put(family, new long[2]);
    }
    for (String endpoint : counts.byEndpoint().keySet()) {
      family(endpoint)
          .ifPresent(
              family -> {
                byFamily.get(family)[0] += counts.answered(endpoint);
                byFamily.get(family)[1] += counts.throttled(endpoint);
              });
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode rows = result.putArray("families");
    double largest = 0;
    String dominant = "";
    for (Map.Entry<Family, long[]> entry : byFamily.entrySet()) {
      Family family = entry.getKey();
      long calls = entry.getValue()[0];
      double seconds =
          family.perWorkspace
              ? calls / (family.rate * Math.max(1, workspaces))
              : calls / family.rate;
      ObjectNode row = rows.addObject();
      row.put("family", family.name().toLowerCase(java.util.Locale.ROOT));
      row.put("scope", family.perWorkspace ? "per workspace" : "per account");
      row.put("rate_per_second", family.rate);
      row.put("calls", calls);
      row.put("throttled", entry.getValue()[1]);
      row.put("seconds", seconds);
      row.put("upper_bound_seconds", calls / family.rate);
      if (seconds > largest) {
        largest = seconds;
        dominant = row.path("family").asText();
      }
    }
    result.put("dominant_family", dominant);
    result.put("rate_seconds", largest);
    result.put("chain_seconds", chainSeconds);
    result.put("floor_seconds", largest + chainSeconds);
    return result;
  }

  /** Endpoints whose answered counts differ between two scans, and the totals. */
  static ObjectNode compare(Counts first, Counts second, List<String> names) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    TreeMap<String, Boolean> endpoints = new TreeMap<>();
    first.byEndpoint().keySet().forEach(endpoint -> endpoints.put(endpoint, true));
    second.byEndpoint().keySet().forEach(endpoint -> endpoints.put(endpoint, true));
    ArrayNode differences = result.putArray("differences");
    for (String endpoint : endpoints.keySet()) {
      long a = first.answered(endpoint);
      long b = second.answered(endpoint);
      if (a != b) {
        differences.addObject().put("endpoint", endpoint).put(names.get(0), a).put(names.get(1), b);
      }
    }
    result.put(names.get(0) + "_answered", first.answered());
    result.put(names.get(1) + "_answered", second.answered());
    result.put(
        "difference_percent",
        first.answered() == 0
            ? 0
            : 100.0 * (second.answered() - first.answered()) / (double) first.answered());
    return result;
  }
}
