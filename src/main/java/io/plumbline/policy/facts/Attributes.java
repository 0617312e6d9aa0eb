package io.plumbline.policy.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import io.plumbline.model.ScopeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Lenient reads of normalised resource attributes for the fact classes. Facts never fail on a
 * missing or oddly typed attribute: rules must see a resource even when a field is absent, so an
 * absent text is the empty string, an absent list is empty and numbers and flags take the fallback
 * the caller chooses (the API's own default).
 */
final class Attributes {

  private Attributes() {}

  static String text(JsonNode attributes, String field) {
    JsonNode value = attributes.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  static long number(JsonNode attributes, String field, long fallback) {
    JsonNode value = attributes.path(field);
    if (value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().strip());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  static boolean flag(JsonNode attributes, String field, boolean fallback) {
    JsonNode value = attributes.path(field);
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.asText().strip();
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (text.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return fallback;
  }

  /** The texts of an array attribute; a single value counts as a one-element list. */
  static List<String> texts(JsonNode value) {
    List<String> texts = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(
          element -> {
            if (!element.isNull()) {
              texts.add(element.asText());
            }
          });
    } else if (value.isValueNode() && !value.isNull()) {
      texts.add(value.asText());
    }
    return List.copyOf(texts);
  }

  static Map<String, String> textMap(JsonNode value) {
    Map<String, String> map = new TreeMap<>();
    if (value.isObject()) {
      value.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
    }
    return Map.copyOf(map);
  }

  /** A JSON number, or a string holding one (policy definitions may quote numbers). */
  static OptionalDouble decimal(JsonNode value) {
    if (value == null) {
      return OptionalDouble.empty();
    }
    if (value.isNumber()) {
      return OptionalDouble.of(value.doubleValue());
    }
    if (value.isTextual()) {
      try {
        return OptionalDouble.of(Double.parseDouble(value.asText().strip()));
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    }
    return OptionalDouble.empty();
  }

  /** The workspace a workspace-scoped resource was read in; empty for account and AWS scopes. */
  static String workspaceId(Resource resource) {
    return resource.scope().kind() == ScopeKind.WORKSPACE ? resource.scope().id() : "";
  }

  static boolean accountLevel(Resource resource) {
    return resource.scope().kind() == ScopeKind.ACCOUNT;
  }
}
