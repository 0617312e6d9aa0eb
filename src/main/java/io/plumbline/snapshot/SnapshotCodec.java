package io.plumbline.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.CoverageStatus;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The snapshot's JSON form (see docs/snapshot-format.md): canonical (object keys sorted at every
 * level, resources and coverage in a fixed order) so that the same estate always gives the same
 * bytes and the same {@code content_hash}.
 */
public final class SnapshotCodec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String HASH_PREFIX = "sha256:";

  private SnapshotCodec() {}

  /** Thrown for a snapshot document that does not have the documented shape. */
  public static final class InvalidSnapshotException extends RuntimeException {
    public InvalidSnapshotException(String message) {
      super(message);
    }
  }

  /** Builds a snapshot, computing its content hash and an id derived from time and hash. */
  public static Snapshot create(
      Instant takenAt, List<Coverage> coverage, List<Resource> resources, CollectionStats stats) {
    List<Coverage> sortedCoverage = coverage.stream().sorted(Coverage.ORDER).toList();
    List<Resource> sortedResources = resources.stream().sorted(Resource.ORDER).toList();
    String hash = contentHash(sortedCoverage, sortedResources);
    String id =
        "snap-"
            + takenAt.toString().replace(":", "").replace("-", "").replaceAll("\\.\\d+", "")
            + "-"
            + hash.substring(HASH_PREFIX.length(), HASH_PREFIX.length() + 12);
    return new Snapshot(
        Snapshot.SCHEMA_VERSION, id, takenAt, hash, sortedCoverage, sortedResources, stats);
  }

  public static String contentHash(List<Coverage> coverage, List<Resource> resources) {
    ObjectNode content = NODES.objectNode();
    content.put("schema_version", Snapshot.SCHEMA_VERSION);
    content.set("coverage", coverageJson(coverage.stream().sorted(Coverage.ORDER).toList()));
    content.set("resources", resourcesJson(resources.stream().sorted(Resource.ORDER).toList()));
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HASH_PREFIX + HexFormat.of().formatHex(digest.digest(canonicalBytes(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  public static ObjectNode toJson(Snapshot snapshot) {
    ObjectNode root = NODES.objectNode();
    root.put("schema_version", snapshot.schemaVersion());
    root.put("id", snapshot.id());
    root.put("taken_at", snapshot.takenAt().toString());
    root.put("content_hash", snapshot.contentHash());
    CollectionStats stats = snapshot.stats();
    ObjectNode statsNode = root.putObject("stats");
    statsNode.put("api_calls", stats.apiCalls());
    statsNode.put("retries", stats.retries());
    statsNode.put("throttled", stats.throttled());
    statsNode.put("duration_ms", stats.duration().toMillis());
    ObjectNode calls = statsNode.putObject("calls_by_api_and_status");
    stats.callsByApiAndStatus().forEach(calls::put);
    root.set("coverage", coverageJson(snapshot.coverage()));
    root.set("resources", resourcesJson(snapshot.resources()));
    return canonical(root);
  }

  public static byte[] toCanonicalBytes(Snapshot snapshot) {
    return canonicalBytes(toJson(snapshot));
  }

  private static ArrayNode coverageJson(List<Coverage> coverage) {
    ArrayNode array = NODES.arrayNode();
    for (Coverage entry : coverage) {
      ObjectNode row = array.addObject();
      row.put("scope", entry.scope().toString());
      row.put("resource_type", entry.resourceType());
      row.put("status", entry.status().name());
      entry.reason().ifPresent(reason -> row.set("reason", reasonJson(reason)));
      entry.note().ifPresent(note -> row.put("note", note));
    }
    return array;
  }

  private static ObjectNode reasonJson(FailureReason reason) {
    ObjectNode node = NODES.objectNode();
    reason.httpStatus().ifPresent(status -> node.put("http_status", status));
    node.put("error_code", reason.errorCode());
    node.put("message", reason.message());
    node.put("attempts", reason.attempts());
    return node;
  }

  private static ArrayNode resourcesJson(List<Resource> resources) {
    ArrayNode array = NODES.arrayNode();
    for (Resource resource : resources) {
      ObjectNode row = array.addObject();
      row.put("type", resource.type());
      row.put("id", resource.id());
      row.put("scope", resource.scope().toString());
      row.set("attributes", resource.attributes());
    }
    return array;
  }

  /** A copy with object keys sorted at every level; array order is kept. */
  public static JsonNode canonicalNode(JsonNode node) {
    if (node.isObject()) {
      return canonical((ObjectNode) node);
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(canonicalNode(element)));
      return copy;
    }
    return node;
  }

  private static ObjectNode canonical(ObjectNode node) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      sorted.put(field.getKey(), canonicalNode(field.getValue()));
    }
    ObjectNode copy = NODES.objectNode();
    sorted.forEach(copy::set);
    return copy;
  }

  private static byte[] canonicalBytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(canonicalNode(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a snapshot", e);
    }
  }

  /** Reads the documented JSON form back; {@code source} names the file in errors. */
  public static Snapshot fromJson(JsonNode root, String source) {
    int schemaVersion = requiredInt(root, "schema_version", source);
    if (schemaVersion != Snapshot.SCHEMA_VERSION) {
      throw new InvalidSnapshotException(
          source
              + ": schema_version "
              + schemaVersion
              + " is not supported (expected "
              + Snapshot.SCHEMA_VERSION
              + ")");
    }
    Instant takenAt;
    try {
      takenAt = Instant.parse(requiredText(root, "taken_at", source));
    } catch (DateTimeParseException e) {
      throw new InvalidSnapshotException(
          source + ": taken_at is not an ISO-8601 instant: " + root.path("taken_at"));
    }
    List<Coverage> coverage = new ArrayList<>();
    JsonNode coverageNode = root.path("coverage");
    for (int index = 0; index < coverageNode.size(); index++) {
      coverage.add(coverageFromJson(coverageNode.get(index), source + " /coverage/" + index));
    }
    List<Resource> resources = new ArrayList<>();
    JsonNode resourcesNode = root.path("resources");
    for (int index = 0; index < resourcesNode.size(); index++) {
      JsonNode row = resourcesNode.get(index);
      String where = source + " /resources/" + index;
      if (!row.path("attributes").isObject()) {
        throw new InvalidSnapshotException(where + ": attributes must be an object");
      }
      resources.add(
          new Resource(
              requiredText(row, "type", where),
              requiredText(row, "id", where),
              scope(requiredText(row, "scope", where), where),
              (ObjectNode) row.path("attributes")));
    }
    JsonNode statsNode = root.path("stats");
    Map<String, Long> calls = new TreeMap<>();
    statsNode
        .path("calls_by_api_and_status")
        .fields()
        .forEachRemaining(entry -> calls.put(entry.getKey(), entry.getValue().asLong()));
    CollectionStats stats =
        new CollectionStats(
            statsNode.path("api_calls").asLong(),
            statsNode.path("retries").asLong(),
            statsNode.path("throttled").asLong(),
            Duration.ofMillis(statsNode.path("duration_ms").asLong()),
            calls);
    return new Snapshot(
        schemaVersion,
        requiredText(root, "id", source),
        takenAt,
        requiredText(root, "content_hash", source),
        coverage,
        resources,
        stats);
  }

  private static Coverage coverageFromJson(JsonNode row, String where) {
    Scope scope = scope(requiredText(row, "scope", where), where);
    String type = requiredText(row, "resource_type", where);
    String status = requiredText(row, "status", where);
    Optional<String> note =
        row.hasNonNull("note") ? Optional.of(row.path("note").asText()) : Optional.empty();
    Coverage coverage;
    if (status.equals(CoverageStatus.COMPLETE.name())) {
      coverage = Coverage.complete(scope, type);
    } else if (status.equals(CoverageStatus.FAILED.name())) {
      JsonNode reason = row.path("reason");
      coverage =
          Coverage.failed(
              scope,
              type,
              new FailureReason(
                  reason.has("http_status")
                      ? OptionalInt.of(reason.path("http_status").asInt())
                      : OptionalInt.empty(),
                  reason.path("error_code").asText(""),
                  reason.path("message").asText(""),
                  reason.path("attempts").asInt()));
    } else {
      throw new InvalidSnapshotException(
          where + ": status must be COMPLETE or FAILED, got \"" + status + "\"");
    }
    return note.map(coverage::withNote).orElse(coverage);
  }

  private static Scope scope(String text, String where) {
    try {
      return Scope.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSnapshotException(where + ": " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidSnapshotException(where + ": \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static int requiredInt(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new InvalidSnapshotException(where + ": \"" + field + "\" must be an integer");
    }
    return value.asInt();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
