package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Injected faults: a status, a corrupted body, or latency for requests whose path matches a glob
 * ({@code *} within a path segment, {@code **} across segments). Whether a fault fires is decided
 * by a hash of (seed, fault, request, how many times that same request was seen), so a run is
 * reproducible however requests interleave across threads, and a retried request gets a fresh draw.
 */
final class Faults {

  static final Set<Integer> STATUSES = Set.of(400, 401, 403, 404, 429, 500, 501, 502, 503, 504);
  static final Set<String> BODIES = Set.of("truncated", "malformed");
  private static final Set<String> FAULT_FIELDS =
      Set.of("match", "workspace", "status", "probability", "latency_ms", "body", "retry_after");

  record Fault(
      String match,
      Pattern pattern,
      OptionalLong workspace,
      Optional<Integer> status,
      double probability,
      long latencyMillis,
      Optional<String> body,
      Optional<Integer> retryAfterSeconds) {
    Fault {
      requireNonNull(match, "match is null");
      requireNonNull(pattern, "pattern is null");
      requireNonNull(workspace, "workspace is null");
      requireNonNull(status, "status is null");
      requireNonNull(body, "body is null");
      requireNonNull(retryAfterSeconds, "retryAfterSeconds is null");
    }
  }

  /** What to do to one request: all empty/zero when no fault fired. */
  record Decision(long latencyMillis, Optional<Fault> statusFault, Optional<Fault> bodyFault) {
    static final Decision NONE = new Decision(0, Optional.empty(), Optional.empty());
  }

  private final List<Fault> faults;
  private final Map<RateLimits.Family, Double> rateLimitOverrides;
  private final JsonNode document;
  private final long seed;
  private final Map<String, AtomicLong> occurrences = new ConcurrentHashMap<>();

  private Faults(
      List<Fault> faults,
      Map<RateLimits.Family, Double> rateLimitOverrides,
      JsonNode document,
      long seed) {
    this.faults = List.copyOf(faults);
    this.rateLimitOverrides = Map.copyOf(rateLimitOverrides);
    this.document = document;
    this.seed = seed;
  }

  static Faults none(long seed) {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    empty.putArray("faults");
    return new Faults(List.of(), Map.of(), empty, seed);
  }

  JsonNode document() {
    return document;
  }

  /** Rates (requests per second, 0 = unlimited) this document sets for endpoint families. */
  Map<RateLimits.Family, Double> rateLimitOverrides() {
    return rateLimitOverrides;
  }

  /**
   * Reads a faults document. {@code where} turns a JSON Pointer into a location for messages
   * (file:line:column for a file, the pointer for a request body).
   */
  static Faults parse(JsonNode document, long seed, Function<String, String> where) {
    List<String> problems = new ArrayList<>();
    if (!document.isObject()) {
      throw invalid(List.of(where.apply("") + ": expected an object {\"faults\": [...]}"));
    }
    document
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("faults") && !name.equals("rate_limits")) {
                problems.add(
                    where.apply("/" + name)
                        + ": unknown field \""
                        + name
                        + "\" (expected \"faults\" or \"rate_limits\")");
              }
            });
    JsonNode list = document.path("faults");
    if (!list.isArray()) {
      problems.add(where.apply("/faults") + ": \"faults\" must be a list");
      throw invalid(problems);
    }
    List<Fault> faults = new ArrayList<>();
    for (int index = 0; index < list.size(); index++) {
      String pointer = "/faults/" + index;
      JsonNode item = list.get(index);
      if (!item.isObject()) {
        problems.add(where.apply(pointer) + ": expected an object with \"match\"");
        continue;
      }
      item.fieldNames()
          .forEachRemaining(
              name -> {
                if (!FAULT_FIELDS.contains(name)) {
                  problems.add(
                      where.apply(pointer + "/" + name)
                          + ": unknown field \""
                          + name
                          + "\" (expected one of "
                          + new java.util.TreeSet<>(FAULT_FIELDS)
                          + ")");
                }
              });
      faults.add(parseFault(item, pointer, where, problems));
    }
    Map<RateLimits.Family, Double> overrides =
        parseRateLimits(document.path("rate_limits"), where, problems);
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    return new Faults(faults, overrides, document.deepCopy(), seed);
  }

  private static Map<RateLimits.Family, Double> parseRateLimits(
      JsonNode node, Function<String, String> where, List<String> problems) {
    Map<RateLimits.Family, Double> overrides = new java.util.EnumMap<>(RateLimits.Family.class);
    if (node.isMissingNode()) {
      return overrides;
    }
    if (!node.isObject()) {
      problems.add(
          where.apply("/rate_limits")
              + ": \"rate_limits\" must map an endpoint family to requests per second");
      return overrides;
    }
    Map<String, RateLimits.Family> families = new java.util.TreeMap<>();
    for (RateLimits.Family family : RateLimits.Family.values()) {
      families.put(family.key(), family);
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              String pointer = "/rate_limits/" + entry.getKey();
              RateLimits.Family family = families.get(entry.getKey());
              if (family == null) {
                problems.add(
                    where.apply(pointer)
                        + ": unknown endpoint family \""
                        + entry.getKey()
                        + "\" (expected one of "
                        + families.keySet()
                        + ")");
              } else if (!entry.getValue().isNumber() || entry.getValue().asDouble() < 0) {
                problems.add(
                    where.apply(pointer)
                        + ": a rate must be a non-negative number of requests per second (0 = unlimited), got "
                        + entry.getValue());
              } else {
                overrides.put(family, entry.getValue().asDouble());
              }
            });
    return overrides;
  }

  private static Fault parseFault(
      JsonNode item, String pointer, Function<String, String> where, List<String> problems) {
    String match = item.path("match").asText("");
    if (!item.path("match").isTextual() || match.isEmpty()) {
      problems.add(
          where.apply(pointer + "/match")
              + ": \"match\" must be a path glob such as \"/api/2.0/accounts/*/scim/v2/Groups/*\"");
    }
    OptionalLong workspace = OptionalLong.empty();
    if (item.has("workspace")) {
      if (item.path("workspace").canConvertToLong()) {
        workspace = OptionalLong.of(item.path("workspace").asLong());
      } else {
        problems.add(
            where.apply(pointer + "/workspace")
                + ": \"workspace\" must be a workspace id (a number), got "
                + item.path("workspace"));
      }
    }
    Optional<Integer> status = Optional.empty();
    if (item.has("status")) {
      int value = item.path("status").asInt(-1);
      if (!item.path("status").isInt() || !STATUSES.contains(value)) {
        problems.add(
            where.apply(pointer + "/status")
                + ": \"status\" must be one of "
                + new java.util.TreeSet<>(STATUSES)
                + ", got "
                + item.path("status"));
      } else {
        status = Optional.of(value);
      }
    }
    double probability = 1.0;
    if (item.has("probability")) {
      probability = item.path("probability").asDouble(-1);
      if (!item.path("probability").isNumber() || probability < 0 || probability > 1) {
        problems.add(
            where.apply(pointer + "/probability")
                + ": \"probability\" must be a number from 0 to 1, got "
                + item.path("probability"));
      }
    }
    long latency = 0;
    if (item.has("latency_ms")) {
      latency = item.path("latency_ms").asLong(-1);
      if (!item.path("latency_ms").canConvertToLong() || latency < 0) {
        problems.add(
            where.apply(pointer + "/latency_ms")
                + ": \"latency_ms\" must be a non-negative number, got "
                + item.path("latency_ms"));
      }
    }
    Optional<String> body = Optional.empty();
    if (item.has("body")) {
      String value = item.path("body").asText();
      if (!BODIES.contains(value)) {
        problems.add(
            where.apply(pointer + "/body")
                + ": \"body\" must be \"truncated\" or \"malformed\", got "
                + item.path("body"));
      } else {
        body = Optional.of(value);
      }
    }
    Optional<Integer> retryAfter = Optional.empty();
    if (item.has("retry_after")) {
      if (!item.path("retry_after").isInt() || item.path("retry_after").asInt() < 0) {
        problems.add(
            where.apply(pointer + "/retry_after")
                + ": \"retry_after\" must be a whole number of seconds, got "
                + item.path("retry_after"));
      } else {
        retryAfter = Optional.of(item.path("retry_after").asInt());
      }
    }
    if (status.isEmpty() && body.isEmpty() && latency == 0 && problems.isEmpty()) {
      problems.add(
          where.apply(pointer)
              + ": a fault needs at least one of \"status\", \"body\" or \"latency_ms\"");
    }
    return new Fault(match, glob(match), workspace, status, probability, latency, body, retryAfter);
  }

  private static PlumblineException invalid(List<String> problems) {
    return PlumblineException.userError(Problems.message("invalid faults document", problems));
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int index = 0; index < glob.length(); index++) {
      char c = glob.charAt(index);
      if (c == '*') {
        if (index + 1 < glob.length() && glob.charAt(index + 1) == '*') {
          regex.append(".*");
          index++;
        } else {
          regex.append("[^/]*");
        }
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** Decides which faults hit a request; {@code key} identifies the request for seeding. */
  Decision decide(String path, OptionalLong workspace, String key) {
    if (faults.isEmpty()) {
      return Decision.NONE;
    }
    long occurrence =
        occurrences.computeIfAbsent(key, ignored -> new AtomicLong()).getAndIncrement();
    long latency = 0;
    Optional<Fault> statusFault = Optional.empty();
    Optional<Fault> bodyFault = Optional.empty();
    for (int index = 0; index < faults.size(); index++) {
      Fault fault = faults.get(index);
      if (!fault.pattern().matcher(path).matches()) {
        continue;
      }
      if (fault.workspace().isPresent()
          && (workspace.isEmpty() || workspace.getAsLong() != fault.workspace().getAsLong())) {
        continue;
      }
      if (!fires(fault.probability(), index, key, occurrence)) {
        continue;
      }
      latency = Math.max(latency, fault.latencyMillis());
      if (fault.status().isPresent() && statusFault.isEmpty()) {
        statusFault = Optional.of(fault);
      }
      if (fault.body().isPresent() && bodyFault.isEmpty()) {
        bodyFault = Optional.of(fault);
      }
    }
    return new Decision(latency, statusFault, bodyFault);
  }

  private boolean fires(double probability, int faultIndex, String key, long occurrence) {
    if (probability >= 1.0) {
      return true;
    }
    if (probability <= 0.0) {
      return false;
    }
    long hash = mix(seed ^ mix(faultIndex + 1L) ^ mix(key.hashCode()) ^ mix(occurrence * 31 + 7));
    double draw = (hash >>> 11) * 0x1.0p-53;
    return draw < probability;
  }

  /** SplitMix64's finaliser: a cheap, well-distributed 64-bit mix. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The first half of a body: what a client sees when a connection drops mid-response. */
  static byte[] truncate(byte[] body) {
    return java.util.Arrays.copyOf(body, Math.max(1, body.length / 2));
  }

  /** A proxy's HTML error page where JSON or XML was expected. */
  static byte[] malformed() {
    return "<html><head><title>502 Bad Gateway</title></head><body>upstream sent an invalid response</body></html>"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static ArrayNode emptyList() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
