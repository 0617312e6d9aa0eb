package io.plumbline.drift;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift as JSON (docs/drift.md), for {@code plumbline diff --format json} and for the store:
 *
 * <pre>
 * {"before": "snap-...", "after": "snap-...",
 *  "counts": {"added": 0, "removed": 0, "changed": 1, "unknown": 0},
 *  "changes": [{"kind": "changed", "resource_type": "databricks_workspace_conf",
 *               "scope": "workspace:101", "resource_id": "_",
 *               "attributes": [{"path": "/custom_config/enableIpAccessLists",
 *                               "before": "true", "after": "false"}]}],
 *  "groups": [{"cause": "3f2a...", "kind": "changed", "resource_type": "databricks_workspace_conf",
 *              "summary": "...", "attributes": [...],
 *              "places": [{"scope": "workspace:101", "resource_id": "_"}]}]}
 * </pre>
 *
 * An attribute absent on one side has no {@code before} (or {@code after}) field; one that is null
 * there has the field with value null: reading gives back exactly the values written. {@code
 * reason} is present only on unknown changes, {@code attributes} always (empty unless changed).
 * Groups name their places by scope and resource id, which with the group's type identify a change
 * in {@code changes}. Written and read as a stream, one change at a time: a drift can be as large
 * as a snapshot.
 */
public final class DriftJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DriftJson() {}

  /** Thrown for a document that does not have the documented shape; says where and what. */
  public static final class InvalidDriftException extends RuntimeException {
    public InvalidDriftException(String message) {
      super(message);
    }
  }

  public static String toJson(Drift drift) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(drift, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes {@code drift} to {@code out}, which is left open. */
  public static void write(Drift drift, OutputStream out) {
    requireNonNull(drift, "drift is null");
    requireNonNull(out, "out is null");
    try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(drift, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the drift", e);
    }
  }

  /** Writes {@code drift} as one JSON object where {@code generator} stands. */
  public static void write(Drift drift, JsonGenerator generator) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("before", drift.beforeSnapshotId());
    generator.writeStringField("after", drift.afterSnapshotId());
    generator.writeObjectFieldStart("counts");
    for (Map.Entry<ChangeKind, Long> count : drift.countsByKind().entrySet()) {
      generator.writeNumberField(count.getKey().label(), count.getValue());
    }
    generator.writeEndObject();
    generator.writeArrayFieldStart("changes");
    for (Change change : drift.changes()) {
      generator.writeStartObject();
      generator.writeStringField("kind", change.kind().label());
      generator.writeStringField("resource_type", change.resourceType());
      generator.writeStringField("scope", change.scope().toString());
      generator.writeStringField("resource_id", change.resourceId());
      writeAttributes(change.attributes(), generator);
      if (change.reason().isPresent()) {
        generator.writeStringField("reason", change.reason().get());
      }
      generator.writeEndObject();
    }
    generator.writeEndArray();
    generator.writeArrayFieldStart("groups");
    for (ChangeGroup group : drift.groups()) {
      generator.writeStartObject();
      generator.writeStringField("cause", group.cause());
      generator.writeStringField("kind", group.kind().label());
      generator.writeStringField("resource_type", group.resourceType());
      generator.writeStringField("summary", group.summary());
      writeAttributes(group.attributes(), generator);
      generator.writeArrayFieldStart("places");
      for (Change place : group.places()) {
        generator.writeStartObject();
        generator.writeStringField("scope", place.scope().toString());
        generator.writeStringField("resource_id", place.resourceId());
        generator.writeEndObject();
      }
      generator.writeEndArray();
      generator.writeEndObject();
    }
    generator.writeEndArray();
    generator.writeEndObject();
  }

  private static void writeAttributes(List<AttributeChange> attributes, JsonGenerator generator)
      throws IOException {
    generator.writeArrayFieldStart("attributes");
    for (AttributeChange attribute : attributes) {
      generator.writeStartObject();
      generator.writeStringField("path", attribute.path());
      if (!attribute.before().isMissingNode()) {
        generator.writeFieldName("before");
        JSON.writeTree(generator, attribute.before());
      }
      if (!attribute.after().isMissingNode()) {
        generator.writeFieldName("after");
        JSON.writeTree(generator, attribute.after());
      }
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  public static Drift fromJson(String json) {
    requireNonNull(json, "json is null");
    return read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "drift");
  }

  /**
   * Reads what {@link #write} wrote; {@code source} names the document in errors. {@code counts} is
   * derived from the changes and not read back.
   */
  public static Drift read(InputStream in, String source) {
    requireNonNull(in, "in is null");
    requireNonNull(source, "source is null");
    try (JsonParser parser = JSON.getFactory().createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return read(parser, source);
    } catch (IOException e) {
      throw new InvalidDriftException(source + ": not valid JSON: " + e.getMessage());
    }
  }

  /** A group as read, before its places are resolved to the changes they name. */
  private record GroupRow(JsonNode node, String where) {}

  private record PlaceKey(String type, String scope, String id) {}

  private static Drift read(JsonParser parser, String source) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidDriftException(source + ": expected a JSON object");
    }
    String before = null;
    String after = null;
    List<Change> changes = new ArrayList<>();
    List<GroupRow> groups = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "before" -> before = text(parser, value, source + " /before");
        case "after" -> after = text(parser, value, source + " /after");
        case "changes" -> {
          expectArray(value, source + " /changes");
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode row = parser.readValueAsTree();
            changes.add(change(row, source + " /changes/" + index++));
          }
        }
        case "groups" -> {
          expectArray(value, source + " /groups");
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            groups.add(new GroupRow(parser.readValueAsTree(), source + " /groups/" + index++));
          }
        }
        default -> parser.skipChildren(); // counts is derived; unknown fields are ignored
      }
    }
    if (before == null || after == null) {
      throw new InvalidDriftException(source + ": \"before\" and \"after\" are required");
    }
    Map<PlaceKey, Change> byPlace = new HashMap<>();
    for (Change change : changes) {
      byPlace.put(
          new PlaceKey(change.resourceType(), change.scope().toString(), change.resourceId()),
          change);
    }
    List<ChangeGroup> resolved = new ArrayList<>(groups.size());
    for (GroupRow group : groups) {
      resolved.add(group(group.node(), group.where(), byPlace));
    }
    return new Drift(before, after, changes, resolved);
  }

  private static Change change(JsonNode row, String where) {
    if (!row.isObject()) {
      throw new InvalidDriftException(where + ": expected an object");
    }
    JsonNode reason = row.get("reason");
    if (reason != null && !reason.isNull() && !reason.isTextual()) {
      throw new InvalidDriftException(where + ": \"reason\" must be a string");
    }
    return new Change(
        kind(row, where),
        requiredText(row, "resource_type", where),
        scope(row, where),
        requiredText(row, "resource_id", where),
        attributes(row, where),
        reason == null || reason.isNull() ? Optional.empty() : Optional.of(reason.textValue()));
  }

  private static ChangeGroup group(JsonNode row, String where, Map<PlaceKey, Change> byPlace) {
    if (!row.isObject()) {
      throw new InvalidDriftException(where + ": expected an object");
    }
    String type = requiredText(row, "resource_type", where);
    ChangeKind kind = kind(row, where);
    JsonNode placesNode = row.get("places");
    if (placesNode == null || !placesNode.isArray()) {
      throw new InvalidDriftException(where + ": \"places\" must be a list");
    }
    List<Change> places = new ArrayList<>(placesNode.size());
    for (int index = 0; index < placesNode.size(); index++) {
      JsonNode place = placesNode.get(index);
      String placeWhere = where + "/places/" + index;
      String scope = requiredText(place, "scope", placeWhere);
      String id = requiredText(place, "resource_id", placeWhere);
      Change change = byPlace.get(new PlaceKey(type, scope, id));
      if (change == null || change.kind() != kind) {
        throw new InvalidDriftException(
            placeWhere
                + ": no "
                + kind.label()
                + " change of "
                + type
                + " "
                + scope
                + " "
                + id
                + " in \"changes\"");
      }
      places.add(change);
    }
    return new ChangeGroup(
        requiredText(row, "cause", where),
        kind,
        type,
        requiredText(row, "summary", where),
        attributes(row, where),
        places);
  }

  private static List<AttributeChange> attributes(JsonNode row, String where) {
    JsonNode node = row.get("attributes");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidDriftException(where + ": \"attributes\" must be a list");
    }
    List<AttributeChange> attributes = new ArrayList<>(node.size());
    for (int index = 0; index < node.size(); index++) {
      JsonNode attribute = node.get(index);
      String attributeWhere = where + "/attributes/" + index;
      attributes.add(
          new AttributeChange(
              requiredText(attribute, "path", attributeWhere),
              attribute.get("before"),
              attribute.get("after")));
    }
    return attributes;
  }

  private static ChangeKind kind(JsonNode row, String where) {
    String label = requiredText(row, "kind", where);
    for (ChangeKind kind : ChangeKind.values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new InvalidDriftException(
        where + ": \"kind\" must be added, removed, changed or unknown, got \"" + label + "\"");
  }

  private static Scope scope(JsonNode row, String where) {
    try {
      return Scope.parse(requiredText(row, "scope", where));
    } catch (IllegalArgumentException e) {
      throw new InvalidDriftException(where + ": " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode row, String field, String where) {
    JsonNode value = row.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidDriftException(where + ": \"" + field + "\" must be a string");
    }
    return value.textValue();
  }

  private static String text(JsonParser parser, JsonToken token, String where) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw new InvalidDriftException(where + ": must be a string");
    }
    return parser.getText();
  }

  private static void expectArray(JsonToken token, String where) {
    if (token != JsonToken.START_ARRAY) {
      throw new InvalidDriftException(where + ": must be a list");
    }
  }
}
