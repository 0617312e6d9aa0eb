package io.plumbline.export.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link Alert} as JSON text and back, exactly: how {@link JdbcNotificationLog} stores it. Times
 * are ISO-8601 instants to the nanosecond, enums their constant names, an absent optional is {@code
 * null}. Labels and annotations are not stored: they derive from the fields, so an equal alert has
 * equal ones. Unknown fields are ignored on reading, so that an older replica reads what a newer
 * one added.
 */
final class AlertJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  static String write(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("fingerprint", alert.fingerprint());
    node.put("status", alert.status().name());
    node.put("transition", alert.transition().name());
    node.put("rule_id", alert.ruleId());
    node.put("severity", alert.severity().name());
    node.put("scope", alert.scope().toString());
    node.put("resource_type", alert.resourceType());
    node.put("resource_id", alert.resourceId());
    node.put("summary", alert.summary());
    node.put("what_changed", alert.whatChanged().orElse(null));
    node.put("cause", alert.cause());
    node.put("runbook_url", alert.runbookUrl().map(URI::toString).orElse(null));
    node.put("generator_url", alert.generatorUrl().map(URI::toString).orElse(null));
    node.put("starts_at", alert.startsAt().toString());
    node.put("ends_at", alert.endsAt().toString());
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert as JSON", e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not an alert written by {@link #write},
   *     saying what is wrong
   */
  static Alert read(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new Alert(
        text(node, "fingerprint"),
        constant(node, "status", AlertStatus.class),
        constant(node, "transition", Transition.class),
        text(node, "rule_id"),
        constant(node, "severity", Severity.class),
        scope(node),
        text(node, "resource_type"),
        text(node, "resource_id"),
        text(node, "summary"),
        optionalText(node, "what_changed"),
        text(node, "cause"),
        optionalText(node, "runbook_url").map(value -> uri("runbook_url", value)),
        optionalText(node, "generator_url").map(value -> uri("generator_url", value)),
        instant(node, "starts_at"),
        instant(node, "ends_at"));
  }

  private static String text(JsonNode node, String field) {
    return optionalText(node, field)
        .orElseThrow(() -> new IllegalArgumentException("\"" + field + "\" is missing"));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "\""
              + field
              + "\" is not a string: "
              + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return Optional.of(value.textValue());
  }

  private static <E extends Enum<E>> E constant(JsonNode node, String field, Class<E> type) {
    String value = text(node, field);
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid \""
              + field
              + "\": \""
              + value
              + "\", expected one of "
              + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static Scope scope(JsonNode node) {
    try {
      return Scope.parse(text(node, "scope"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid \"scope\": " + e.getMessage());
    }
  }

  private static URI uri(String field, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid \"" + field + "\": \"" + value + "\": " + e.getReason());
    }
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid \"" + field + "\": \"" + value + "\", expected an ISO-8601 instant");
    }
  }
}
