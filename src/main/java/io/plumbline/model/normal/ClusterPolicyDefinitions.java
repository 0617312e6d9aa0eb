package io.plumbline.model.normal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster policy definitions, which the API carries as a JSON string, as objects normalised so that
 * two definitions that mean the same compare equal and a diff shows only what changed in meaning:
 *
 * <ul>
 *   <li>object keys are sorted at every level;
 *   <li>a number with an integral value is an integer ({@code 20.0} is {@code 20}); strings are
 *       never turned into numbers, since the policy language tells them apart;
 *   <li>{@code allowlist} and {@code blocklist} values are sorted and de-duplicated (they are
 *       sets);
 *   <li>an {@code allowlist} with a single value that is not optional is the {@code fixed} value it
 *       forces ({@code {"type":"fixed","value":v}}), and a {@code defaultValue} equal to that value
 *       is dropped; an optional one-value allowlist also allows leaving the attribute unset, which
 *       a fixed value does not, so it stays as it is;
 *   <li>{@code "hidden": false} and {@code "isOptional": false}, the defaults, are dropped.
 * </ul>
 *
 * A definition that is not a JSON object is kept verbatim as a string, so that it still shows in
 * diffs and a rule can flag it; an empty one (a policy defined only by its family) is null.
 */
public final class ClusterPolicyDefinitions {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Orders JSON scalars by kind, then numbers by value and everything else by text. */
  private static final Comparator<JsonNode> SCALAR_ORDER =
      Comparator.comparing((JsonNode node) -> node.getNodeType().ordinal())
          .thenComparing(
              (left, right) ->
                  left.isNumber() && right.isNumber()
                      ? left.decimalValue().compareTo(right.decimalValue())
                      : left.toString().compareTo(right.toString()));

  private ClusterPolicyDefinitions() {}

  public static JsonNode normalise(String definition) {
    if (definition == null || definition.isBlank()) {
      return NullNode.getInstance();
    }
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(definition);
    } catch (IOException e) {
      return TextNode.valueOf(definition);
    }
    if (parsed == null || !parsed.isObject()) {
      return TextNode.valueOf(definition);
    }
    Map<String, JsonNode> elements = new TreeMap<>();
    parsed
        .properties()
        .forEach(
            entry ->
                elements.put(
                    entry.getKey(),
                    entry.getValue().isObject()
                        ? element(entry.getValue())
                        : canonical(entry.getValue())));
    ObjectNode result = NODES.objectNode();
    elements.forEach(result::set);
    return result;
  }

  private static JsonNode element(JsonNode element) {
    ObjectNode normalised = (ObjectNode) canonical(element);
    String type = normalised.path("type").asText("");
    JsonNode values = normalised.get("values");
    if ((type.equals("allowlist") || type.equals("blocklist")) && values != null) {
      if (values.isArray()) {
        values = setOf(values);
        normalised.set("values", values);
      }
      if (type.equals("allowlist")
          && values.isArray()
          && values.size() == 1
          && !normalised.path("isOptional").asBoolean(false)) {
        JsonNode only = values.get(0);
        normalised.remove("values");
        if (only.equals(normalised.get("defaultValue"))) {
          normalised.remove("defaultValue");
        }
        normalised.put("type", "fixed");
        normalised.set("value", only);
      }
    }
    for (String flag : List.of("hidden", "isOptional")) {
      JsonNode value = normalised.get(flag);
      if (value != null && value.isBoolean() && !value.booleanValue()) {
        normalised.remove(flag);
      }
    }
    return canonical(normalised);
  }

  private static ArrayNode setOf(JsonNode values) {
    List<JsonNode> distinct = new ArrayList<>();
    values.forEach(
        value -> {
          if (!distinct.contains(value)) {
            distinct.add(value);
          }
        });
    distinct.sort(SCALAR_ORDER);
    ArrayNode result = NODES.arrayNode();
    distinct.forEach(result::add);
    return result;
  }

  /** Keys sorted at every level, integral numbers as integers. */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(entry -> sorted.put(entry.getKey(), canonical(entry.getValue())));
      ObjectNode result = NODES.objectNode();
      sorted.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = NODES.arrayNode();
      node.forEach(element -> result.add(canonical(element)));
      return result;
    }
    if (node.isNumber()) {
      BigDecimal value = node.decimalValue();
      try {
        return NODES.numberNode(value.longValueExact());
      } catch (ArithmeticException notIntegral) {
        return NODES.numberNode(node.doubleValue());
      }
    }
    return node.deepCopy();
  }
}
