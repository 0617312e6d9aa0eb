package io.plumbline.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.normal.PolicyDocuments;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Attribute values compared by meaning rather than by representation (see docs/drift.md):
 *
 * <ul>
 *   <li>object key order never matters, and a field that is null is the same as one that is absent
 *       (collectors write an unset API field as null, an older collector may not write it at all);
 *   <li>numbers compare by value: a snapshot built in memory holds longs where the same snapshot
 *       read back from its file holds ints, and {@code 20.0} is {@code 20};
 *   <li>every array is a set: collectors sort the lists whose order carries no meaning (members,
 *       grants, ip addresses, actions) and there is no list in a snapshot whose order does, so
 *       arrays compare regardless of order and a difference is reported for the whole array;
 *   <li>a string that holds a JSON object or array (a document an older snapshot kept as text) is
 *       compared as the document it holds;
 *   <li>an IAM policy document is compared in {@link PolicyDocuments}' normal form, the one the
 *       collector stores: statements as a set, a single value equal to a one-element list.
 * </ul>
 */
final class SemanticJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SemanticJson() {}

  /** Appends the leaf-level differences between two values, found at JSON Pointer {@code path}. */
  static void diff(String path, JsonNode before, JsonNode after, List<AttributeChange> out) {
    JsonNode left = comparable(before);
    JsonNode right = comparable(after);
    if (sameComparable(left, right)) {
      return;
    }
    if (left.isObject() && right.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      left.fieldNames().forEachRemaining(names::add);
      right.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path + "/" + LocatedDocument.escape(name), left.get(name), right.get(name), out);
      }
      return;
    }
    out.add(new AttributeChange(path, left, right));
  }

  /** Whether two values mean the same (see the class comment). */
  static boolean same(JsonNode left, JsonNode right) {
    return sameComparable(comparable(left), comparable(right));
  }

  /**
   * The form in which a value is compared: a JSON document held in a string parsed, an IAM policy
   * document normalised, anything else as it is; {@link MissingNode} for null.
   */
  static JsonNode comparable(JsonNode node) {
    if (node == null) {
      return MissingNode.getInstance();
    }
    if (node.isTextual()) {
      JsonNode parsed = heldDocument(node.textValue());
      return parsed == null ? node : comparable(parsed);
    }
    if (isPolicyDocument(node)) {
      return PolicyDocuments.normalize(node);
    }
    return node;
  }

  /**
   * A text that identifies a value by meaning: two values are {@link #same} exactly when their
   * canonical texts are equal. Object keys sorted with null fields left out, numbers by value,
   * arrays sorted.
   */
  static String canonical(JsonNode node) {
    StringBuilder text = new StringBuilder();
    appendCanonical(comparable(node), text);
    return text.toString();
  }

  private static boolean sameComparable(JsonNode left, JsonNode right) {
    if (left.equals(right)) {
      return true;
    }
    boolean leftAbsent = isAbsent(left);
    boolean rightAbsent = isAbsent(right);
    if (leftAbsent || rightAbsent) {
      return leftAbsent && rightAbsent;
    }
    if (left.isNumber() && right.isNumber()) {
      return sameNumber(left, right);
    }
    if (left.isObject() && right.isObject()) {
      return sameFields(left, right) && onlyAbsentBeyond(right, left);
    }
    if (left.isArray() && right.isArray()) {
      return sameSet(left, right);
    }
    return false;
  }

  private static boolean sameFields(JsonNode left, JsonNode right) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = left.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!same(field.getValue(), right.get(field.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether every field of {@code node} that {@code other} lacks is null. */
  private static boolean onlyAbsentBeyond(JsonNode node, JsonNode other) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!other.has(field.getKey()) && !isAbsent(comparable(field.getValue()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameSet(JsonNode left, JsonNode right) {
    if (left.size() != right.size()) {
      return false;
    }
    // collectors sort their sets, so the same set is almost always in the same order
    boolean inOrder = true;
    for (int index = 0; index < left.size() && inOrder; index++) {
      inOrder = same(left.get(index), right.get(index));
    }
    if (inOrder) {
      return true;
    }
    return sortedCanonical(left).equals(sortedCanonical(right));
  }

  private static List<String> sortedCanonical(JsonNode array) {
    List<String> texts = new ArrayList<>(array.size());
    array.forEach(element -> texts.add(canonical(element)));
    Collections.sort(texts);
    return texts;
  }

  private static boolean sameNumber(JsonNode left, JsonNode right) {
    if (left.canConvertToExactIntegral() && right.canConvertToExactIntegral()) {
      if (left.canConvertToLong() && right.canConvertToLong()) {
        return left.longValue() == right.longValue();
      }
    }
    BigDecimal leftValue = decimal(left);
    BigDecimal rightValue = decimal(right);
    return leftValue != null && rightValue != null
        ? leftValue.compareTo(rightValue) == 0
        : left.asText().equals(right.asText());
  }

  /** The exact value of a number, or null for NaN and the infinities. */
  private static BigDecimal decimal(JsonNode number) {
    if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
      return null;
    }
    return number.decimalValue();
  }

  private static boolean isAbsent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  private static void appendCanonical(JsonNode node, StringBuilder text) {
    if (isAbsent(node)) {
      text.append("null");
    } else if (node.isNumber()) {
      BigDecimal value = decimal(node);
      text.append(value == null ? node.asText() : value.stripTrailingZeros().toPlainString());
    } else if (node.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      node.fieldNames().forEachRemaining(names::add);
      text.append('{');
      boolean first = true;
      for (String name : names) {
        JsonNode value = comparable(node.get(name));
        if (isAbsent(value)) {
          continue;
        }
        if (!first) {
          text.append(',');
        }
        first = false;
        text.append(JSON.getNodeFactory().textNode(name)).append(':');
        appendCanonical(value, text);
      }
      text.append('}');
    } else if (node.isArray()) {
      text.append('[').append(String.join(",", sortedCanonical(node))).append(']');
    } else {
      // strings quoted and escaped, booleans as they are
      text.append(node);
    }
  }

  /** The JSON object or array a string holds, or null when it holds none. */
  private static JsonNode heldDocument(String text) {
    String trimmed = text.strip();
    if (trimmed.length() < 2) {
      return null;
    }
    char first = trimmed.charAt(0);
    char last = trimmed.charAt(trimmed.length() - 1);
    if (!(first == '{' && last == '}') && !(first == '[' && last == ']')) {
      return null;
    }
    try {
      JsonNode parsed = JSON.readTree(trimmed);
      return parsed != null && parsed.isContainerNode() ? parsed : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /**
   * An IAM policy document: a {@code Statement} of statement objects, with a {@code Version} or
   * with every statement saying its {@code Effect}. Recognised by shape rather than by attribute
   * name so that trust policies, inline policies and managed policy versions all qualify.
   */
  static boolean isPolicyDocument(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    JsonNode statement = node.get("Statement");
    if (statement == null) {
      return false;
    }
    if (statement.isObject()) {
      return node.has("Version") || statement.has("Effect");
    }
    if (!statement.isArray() || statement.isEmpty()) {
      return statement.isArray() && node.has("Version");
    }
    boolean allEffects = true;
    for (JsonNode element : statement) {
      if (!element.isObject()) {
        return false;
      }
      allEffects &= element.has("Effect");
    }
    return node.has("Version") || allEffects;
  }
}
