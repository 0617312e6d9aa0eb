package io.plumbline.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Comparing declared and live values by meaning rather than by representation. */
final class JsonValues {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  /**
   * Whether two values mean the same: numbers by value ({@code 3600} and {@code 3600.0}, an int and
   * a long), absent and null alike, objects field by field, arrays element by element.
   */
  static boolean equivalent(JsonNode left, JsonNode right) {
    JsonNode a = orNull(left);
    JsonNode b = orNull(right);
    if (a.isNull() || b.isNull()) {
      return a.isNull() && b.isNull();
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = a.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!b.has(field.getKey()) || !equivalent(field.getValue(), b.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int index = 0; index < a.size(); index++) {
        if (!equivalent(a.get(index), b.get(index))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static JsonNode orNull(JsonNode node) {
    return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
  }

  /**
   * A list whose order carries no meaning (ip addresses, subnet ids, entitlements, policy ARNs) in
   * one order and without duplicates. Items written as {@code {name: x, terraform: ...}} count as
   * {@code x}.
   */
  static ArrayNode setOf(JsonNode list) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode item : list) {
        JsonNode value = item.isObject() && item.has("name") ? item.get("name") : item;
        sorted.putIfAbsent(text(value), value);
      }
    }
    ArrayNode result = NODES.arrayNode();
    sorted.values().forEach(result::add);
    return result;
  }

  /** Strings as they are, anything else as JSON; how values appear in messages. */
  static String text(JsonNode node) {
    JsonNode value = orNull(node);
    return value.isTextual() ? value.asText() : value.toString();
  }

  /**
   * A scalar as the text an API carrying strings would send ({@code false} -> {@code "false"}), or
   * null.
   */
  static JsonNode asTextValue(JsonNode node) {
    JsonNode value = orNull(node);
    if (value.isNull() || value.isTextual()) {
      return value;
    }
    return value.isValueNode() ? NODES.textNode(value.asText()) : value;
  }
}
