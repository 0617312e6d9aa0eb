package io.plumbline.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.JsonKinds;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.CoverageStatus;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
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
    String hash = hashOfSorted(sortedCoverage, sortedResources);
    String id =
        "snap-"
            + takenAt.toString().replace(":", "").replace("-", "").replaceAll("\\.\\d+", "")
            + "-"
            + hash.substring(HASH_PREFIX.length(), HASH_PREFIX.length() + 12);
    return new Snapshot(
        Snapshot.SCHEMA_VERSION, id, takenAt, hash, sortedCoverage, sortedResources, stats);
  }

  public static String contentHash(List<Coverage> coverage, List<Resource> resources) {
    return hashOfSorted(
        coverage.stream().sorted(Coverage.ORDER).toList(),
        resources.stream().sorted(Resource.ORDER).toList());
  }

  /**
   * Streams the canonical JSON of the hashed content straight into the digest: a 200-workspace
   * estate is about 100,000 resources, and building its JSON as one array first was the peak of a
   * scan's heap.
   */
  private static String hashOfSorted(List<Coverage> coverage, List<Resource> resources) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
        JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeFieldName("coverage");
      writeCoverage(generator, coverage);
      generator.writeFieldName("resources");
      writeResources(generator, resources);
      generator.writeNumberField("schema_version", Snapshot.SCHEMA_VERSION);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash a snapshot", e);
    }
    return HASH_PREFIX + HexFormat.of().formatHex(digest.digest());
  }

  public static ObjectNode toJson(Snapshot snapshot) {
    ObjectNode root = NODES.objectNode();
    root.put("schema_version", snapshot.schemaVersion());
    root.put("id", snapshot.id());
    root.put("taken_at", snapshot.takenAt().toString());
    root.put("content_hash", snapshot.contentHash());
    root.set("stats", statsJson(snapshot.stats()));
    root.set("coverage", coverageJson(snapshot.coverage()));
    root.set("resources", resourcesJson(snapshot.resources()));
    return canonical(root);
  }

  public static byte[] toCanonicalBytes(Snapshot snapshot) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      writeCanonical(snapshot, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise a snapshot", e);
    }
    return out.toByteArray();
  }

  /** Writes the canonical JSON form to {@code out}, without building it in memory first. */
  public static void writeCanonical(Snapshot snapshot, OutputStream out) throws IOException {
    try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      generator.writeStartObject();
      generator.writeStringField("content_hash", snapshot.contentHash());
      generator.writeFieldName("coverage");
      writeCoverage(generator, snapshot.coverage());
      generator.writeStringField("id", snapshot.id());
      generator.writeFieldName("resources");
      writeResources(generator, snapshot.resources());
      generator.writeNumberField("schema_version", snapshot.schemaVersion());
      generator.writeFieldName("stats");
      writeSorted(generator, statsJson(snapshot.stats()));
      generator.writeStringField("taken_at", snapshot.takenAt().toString());
      generator.writeEndObject();
    }
  }

  private static ObjectNode statsJson(CollectionStats stats) {
    ObjectNode statsNode = NODES.objectNode();
    statsNode.put("api_calls", stats.apiCalls());
    statsNode.put("retries", stats.retries());
    statsNode.put("throttled", stats.throttled());
    statsNode.put("duration_ms", stats.duration().toMillis());
    ObjectNode calls = statsNode.putObject("calls_by_api_and_status");
    stats.callsByApiAndStatus().forEach(calls::put);
    return statsNode;
  }

  private static void writeCoverage(JsonGenerator generator, List<Coverage> coverage)
      throws IOException {
    generator.writeStartArray();
    for (JsonNode row : coverageJson(coverage)) {
      writeSorted(generator, row);
    }
    generator.writeEndArray();
  }

  private static void writeResources(JsonGenerator generator, List<Resource> resources)
      throws IOException {
    generator.writeStartArray();
    for (Resource resource : resources) {
      // keys in sorted order: attributes, id, scope, type
      generator.writeStartObject();
      generator.writeFieldName("attributes");
      writeSorted(generator, resource.attributes());
      generator.writeStringField("id", resource.id());
      generator.writeStringField("scope", resource.scope().toString());
      generator.writeStringField("type", resource.type());
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  /** Writes a node with object keys sorted at every level, without copying it. */
  private static void writeSorted(JsonGenerator generator, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      java.util.Collections.sort(names);
      generator.writeStartObject();
      for (String name : names) {
        generator.writeFieldName(name);
        writeSorted(generator, node.get(name));
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode element : node) {
        writeSorted(generator, element);
      }
      generator.writeEndArray();
    } else {
      JSON.writeTree(generator, node);
    }
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
      if (!entry.unknownAttributes().isEmpty()) {
        ArrayNode unknown = row.putArray("unknown_attributes");
        entry.unknownAttributes().forEach(unknown::add);
      }
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

  /**
   * The types whose ids schema version 1 wrote in a syntax of their own ({@code role:name}, {@code
   * role/policy_arn}); version 2 writes every composite id as its declaration says ({@code a|b}).
   */
  private static final java.util.Set<String> V1_COMPOSITE_IDS =
      java.util.Set.of(
          ResourceCatalogue.IAM_ROLE_POLICY.name(),
          ResourceCatalogue.IAM_ROLE_POLICY_ATTACHMENT.name());

  /**
   * A version-1 id in today's syntax, rebuilt from the attributes it was made of. The snapshot
   * keeps its version and content hash: the hash was taken over what the file holds.
   */
  private static String upgradedId(String type, String id, ObjectNode attributes, String where) {
    try {
      return ResourceCatalogue.get(type).id(attributes);
    } catch (IllegalArgumentException e) {
      throw new InvalidSnapshotException(where + ": " + type + " " + id + ": " + e.getMessage());
    }
  }

  /**
   * Reads the documented JSON form back; {@code source} names the file in errors. A version-1
   * snapshot is read with its composite ids brought into version 2's syntax.
   */
  public static Snapshot fromJson(JsonNode root, String source) {
    int schemaVersion = requiredInt(root, "schema_version", source);
    if (schemaVersion < Snapshot.OLDEST_READABLE_SCHEMA_VERSION
        || schemaVersion > Snapshot.SCHEMA_VERSION) {
      throw new InvalidSnapshotException(
          source
              + ": schema_version "
              + schemaVersion
              + " is not supported (expected "
              + Snapshot.OLDEST_READABLE_SCHEMA_VERSION
              + " to "
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
    JsonNode coverageNode = optionalArray(root, "coverage", source);
    for (int index = 0; index < coverageNode.size(); index++) {
      coverage.add(coverageFromJson(coverageNode.get(index), source + " /coverage/" + index));
    }
    List<Resource> resources = new ArrayList<>();
    JsonNode resourcesNode = optionalArray(root, "resources", source);
    for (int index = 0; index < resourcesNode.size(); index++) {
      JsonNode row = resourcesNode.get(index);
      String where = source + " /resources/" + index;
      if (!row.isObject()) {
        throw new InvalidSnapshotException(
            where + ": expected a resource object, found " + JsonKinds.describe(row));
      }
      if (!row.path("attributes").isObject()) {
        throw new InvalidSnapshotException(where + ": attributes must be an object");
      }
      String type = requiredText(row, "type", where);
      String id = requiredText(row, "id", where);
      ObjectNode attributes = (ObjectNode) row.path("attributes");
      if (schemaVersion == 1 && V1_COMPOSITE_IDS.contains(type)) {
        id = upgradedId(type, id, attributes, where);
      }
      resources.add(
          new Resource(type, id, scope(requiredText(row, "scope", where), where), attributes));
    }
    JsonNode statsNode = root.path("stats");
    if (!statsNode.isMissingNode() && !statsNode.isObject()) {
      throw new InvalidSnapshotException(
          source + " /stats: expected an object, found " + JsonKinds.describe(statsNode));
    }
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
    if (!row.isObject()) {
      throw new InvalidSnapshotException(
          where + ": expected a coverage object, found " + JsonKinds.describe(row));
    }
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
    coverage = note.map(coverage::withNote).orElse(coverage);
    JsonNode unknown = row.path("unknown_attributes");
    if (unknown.isArray() && !unknown.isEmpty()) {
      List<String> attributes = new ArrayList<>();
      unknown.forEach(attribute -> attributes.add(attribute.asText()));
      coverage = coverage.withUnknownAttributes(attributes);
    }
    return coverage;
  }

  private static Scope scope(String text, String where) {
    try {
      return Scope.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSnapshotException(where + ": " + e.getMessage());
    }
  }

  /** An array, or an empty one when the field is absent (rule fixtures leave lists out). */
  private static JsonNode optionalArray(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return NODES.arrayNode();
    }
    if (!value.isArray()) {
      throw new InvalidSnapshotException(
          where + " /" + field + ": expected an array, found " + JsonKinds.describe(value));
    }
    return value;
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidSnapshotException(
          where + ": \"" + field + "\": expected a string, found " + JsonKinds.describe(value));
    }
    return value.asText();
  }

  private static int requiredInt(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new InvalidSnapshotException(
          where + ": \"" + field + "\": expected an integer, found " + JsonKinds.describe(value));
    }
    return value.asInt();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
