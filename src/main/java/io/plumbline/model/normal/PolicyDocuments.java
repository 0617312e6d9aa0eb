package io.plumbline.model.normal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * IAM policy documents: decoding them as IAM serves them, and one normal form in which two
 * documents that grant the same thing compare equal.
 *
 * <p>The normal form: object keys sorted at every level; {@code Statement} always a list, its
 * statements sorted (IAM evaluates them as a set); {@code Action}, {@code NotAction}, {@code
 * Resource}, {@code NotResource}, every value under an object {@code Principal} or {@code
 * NotPrincipal}, and every condition value always a list, sorted and without duplicates (IAM treats
 * a single string and a one-element list alike, and a list as a set). {@code "Principal": "*"}
 * stays a string. Nothing is case-folded: IAM action names are case-insensitive, but rules read
 * them as written and a difference in case is worth seeing.
 *
 * <p>Collectors store only the normal form. The text IAM returns keeps the author's whitespace, key
 * order and statement order, so re-applying the same Terraform with another formatting would read
 * as a change and make the same estate hash differently; what the text says beyond the normal form
 * is not something a rule or an auditor can act on.
 */
public final class PolicyDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LIST_ELEMENTS =
      Set.of("Action", "NotAction", "Resource", "NotResource");
  private static final Set<String> PRINCIPAL_ELEMENTS = Set.of("Principal", "NotPrincipal");
  private static final Comparator<JsonNode> BY_TEXT = Comparator.comparing(PolicyDocuments::text);

  private PolicyDocuments() {}

  /** A document IAM served could not be read; says which and why. */
  public static final class MalformedDocumentException extends Exception {
    MalformedDocumentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Decodes a document as IAM serves it: percent-encoded per RFC 3986, which the AWS SDK passes on
   * as is. {@link URLDecoder} decodes HTML forms, where {@code +} means a space; in RFC 3986 it is
   * a literal {@code +} (IAM encodes one as {@code %2B}, but an unencoded one must survive too).
   */
  public static JsonNode decode(String encoded, String what) throws MalformedDocumentException {
    requireNonNull(encoded, "encoded is null");
    String text = encoded.strip();
    try {
      // an already-decoded document (some IAM-compatible endpoints send one) must not be decoded
      // twice: a literal '%' in it would be taken for an escape
      String json =
          text.startsWith("{")
              ? text
              : URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
      JsonNode document = JSON.readTree(json);
      if (document == null || !document.isObject()) {
        throw new MalformedDocumentException(
            what + " is not a JSON object: " + abbreviate(json), null);
      }
      return document;
    } catch (IllegalArgumentException e) {
      throw new MalformedDocumentException(
          what + " is not validly percent-encoded: " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new MalformedDocumentException(
          what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Decodes and normalises in one step. */
  public static ObjectNode decodeNormalized(String encoded, String what)
      throws MalformedDocumentException {
    return normalize(decode(encoded, what));
  }

  /** The normal form of a policy document (see the class comment); the argument is not changed. */
  public static ObjectNode normalize(JsonNode document) {
    requireNonNull(document, "document is null");
    if (!document.isObject()) {
      throw new IllegalArgumentException("a policy document must be a JSON object: " + document);
    }
    ObjectNode normalized = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : sortedFields(document)) {
      if (field.getKey().equals("Statement")) {
        normalized.set("Statement", statements(field.getValue()));
      } else {
        normalized.set(field.getKey(), sortedKeys(field.getValue()));
      }
    }
    return normalized;
  }

  private static ArrayNode statements(JsonNode value) {
    List<JsonNode> statements = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(statement -> statements.add(statement(statement)));
    } else {
      statements.add(statement(value));
    }
    return distinctSorted(statements);
  }

  private static JsonNode statement(JsonNode statement) {
    if (!statement.isObject()) {
      return sortedKeys(statement);
    }
    ObjectNode normalized = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : sortedFields(statement)) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (LIST_ELEMENTS.contains(name)) {
        normalized.set(name, stringOrList(value));
      } else if (PRINCIPAL_ELEMENTS.contains(name) && value.isObject()) {
        normalized.set(name, mapOfLists(value));
      } else if (name.equals("Condition") && value.isObject()) {
        ObjectNode operators = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> operator : sortedFields(value)) {
          operators.set(
              operator.getKey(),
              operator.getValue().isObject()
                  ? mapOfLists(operator.getValue())
                  : sortedKeys(operator.getValue()));
        }
        normalized.set(name, operators);
      } else {
        normalized.set(name, sortedKeys(value));
      }
    }
    return normalized;
  }

  private static ObjectNode mapOfLists(JsonNode object) {
    ObjectNode normalized = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : sortedFields(object)) {
      normalized.set(field.getKey(), stringOrList(field.getValue()));
    }
    return normalized;
  }

  private static ArrayNode stringOrList(JsonNode value) {
    List<JsonNode> elements = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(element -> elements.add(sortedKeys(element)));
    } else {
      elements.add(sortedKeys(value));
    }
    return distinctSorted(elements);
  }

  private static ArrayNode distinctSorted(List<JsonNode> elements) {
    Map<String, JsonNode> byText = new TreeMap<>();
    elements.stream()
        .sorted(BY_TEXT)
        .forEach(element -> byText.putIfAbsent(text(element), element));
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    byText.values().forEach(list::add);
    return list;
  }

  private static JsonNode sortedKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : sortedFields(node)) {
        copy.set(field.getKey(), sortedKeys(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(sortedKeys(element)));
      return copy;
    }
    return node.deepCopy();
  }

  private static List<Map.Entry<String, JsonNode>> sortedFields(JsonNode object) {
    Map<String, JsonNode> fields = new TreeMap<>();
    object.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
    return List.copyOf(fields.entrySet());
  }

  /** Strings by their value, anything else by its JSON (keys already sorted, so canonical). */
  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
