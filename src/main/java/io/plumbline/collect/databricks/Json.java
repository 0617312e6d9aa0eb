package io.plumbline.collect.databricks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * JSON helpers shared by the readers. SDK model objects are turned back into the API's own JSON
 * (their fields carry the API's snake_case names), so that attributes are picked by the names the
 * API documents and no SDK type outlives the read that fetched it.
 */
final class Json {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {}

  /** An SDK model object as the API's JSON (null fields left out). */
  static JsonNode tree(Object sdkValue) {
    if (sdkValue == null) {
      return NullNode.getInstance();
    }
    return MAPPER.valueToTree(sdkValue);
  }

  static List<JsonNode> trees(Iterable<?> sdkValues) {
    List<JsonNode> result = new ArrayList<>();
    if (sdkValues != null) {
      for (Object value : sdkValues) {
        result.add(tree(value));
      }
    }
    return result;
  }

  static JsonNode parse(InputStream body) throws IOException {
    JsonNode node = MAPPER.readTree(body);
    return node == null ? NullNode.getInstance() : node;
  }

  /** The node at {@code field}, or JSON null when it is missing. */
  static JsonNode field(JsonNode from, String field) {
    JsonNode value = from == null ? null : from.get(field);
    return value == null || value.isMissingNode() ? NullNode.getInstance() : value.deepCopy();
  }

  /** Copies each field under the same name; a missing field becomes an explicit null. */
  static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      to.set(field, field(from, field));
    }
  }

  /** The text of a field, or null when it is missing or null. */
  static String text(JsonNode from, String field) {
    JsonNode value = from == null ? null : from.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
  }

  /**
   * A list of strings, sorted and de-duplicated (for lists whose order has no meaning); a JSON null
   * element is no value and is left out, never turned into the text "null".
   */
  static ArrayNode sortedTexts(JsonNode array) {
    TreeSet<String> values = new TreeSet<>();
    if (array != null && array.isArray()) {
      array.forEach(
          element -> {
            if (!element.isNull()) {
              values.add(element.asText());
            }
          });
    }
    ArrayNode result = NODES.arrayNode();
    values.forEach(result::add);
    return result;
  }

  /** The {@code value}s of SCIM multi-valued attributes ({@code [{value: ...}]}), sorted. */
  static ArrayNode sortedValues(JsonNode complexValues) {
    TreeSet<String> values = new TreeSet<>();
    if (complexValues != null && complexValues.isArray()) {
      complexValues.forEach(
          element -> {
            if (element.hasNonNull("value")) {
              values.add(element.path("value").asText());
            }
          });
    }
    ArrayNode result = NODES.arrayNode();
    values.forEach(result::add);
    return result;
  }

  /** A string map with its keys sorted; JSON null when absent. */
  static JsonNode sortedMap(JsonNode object) {
    if (object == null || !object.isObject()) {
      return NullNode.getInstance();
    }
    Map<String, JsonNode> sorted = new TreeMap<>();
    object.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue().deepCopy()));
    ObjectNode result = NODES.objectNode();
    sorted.forEach(result::set);
    return result;
  }

  static ArrayNode array(Iterable<String> values) {
    ArrayNode result = NODES.arrayNode();
    values.forEach(result::add);
    return result;
  }
}
