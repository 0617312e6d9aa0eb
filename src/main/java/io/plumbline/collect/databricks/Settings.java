package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;

import com.databricks.sdk.core.DatabricksError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.ReadException;
import io.plumbline.model.ApiCall;
import io.plumbline.model.Attribute;
import io.plumbline.model.AttributeType;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The generic read of the settings the catalogue declares ({@link ResourceCatalogue#SETTINGS}):
 * {@code GET .../settings/types/{type}/names/default} answers {@code {setting_name, etag, <value
 * message>}}; the resource's attributes are the value message's fields under their declared names.
 *
 * <p>A setting never written answers 404 {@code RESOURCE_DOES_NOT_EXIST}: that is the platform's
 * default, read as an empty message (flags false, the rest null), not a failed read. Any other 404
 * (an endpoint the deployment does not have) fails the read. Proto3 JSON leaves a false flag out,
 * so an absent flag is false; a flag that is not a boolean is a malformed answer.
 */
final class Settings {

  private static final Set<String> ENVELOPE = Set.of("setting_name", "etag");

  private Settings() {}

  /** The call that reads a settings type in a kind of scope. */
  static ApiCall call(ResourceType type, ScopeKind kind) {
    return type.read(kind).orElseThrow().calls().get(0);
  }

  /** The answer, or empty when the setting was never written (404 RESOURCE_DOES_NOT_EXIST). */
  static Optional<JsonNode> answerOrDefault(Answer answer) throws java.io.IOException {
    try {
      return Optional.of(answer.get());
    } catch (DatabricksError e) {
      if (e.getStatusCode() == 404 && "RESOURCE_DOES_NOT_EXIST".equals(e.getErrorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** One GET of the settings API. */
  @FunctionalInterface
  interface Answer {
    JsonNode get() throws java.io.IOException;
  }

  /** The setting as a resource of its type, from the answer (empty: the default). */
  static Resource resource(
      ResourceType type, Scope scope, Optional<JsonNode> answer, String operation)
      throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    if (answer.isEmpty()) {
      type.attributes().forEach(attribute -> attributes.putNull(attribute.name()));
      return new Resource(type.name(), type.id(attributes), scope, attributes);
    }
    JsonNode message = valueMessage(answer.get(), operation);
    for (Attribute attribute : type.attributes()) {
      JsonNode raw = message.get(attribute.name());
      if (attribute.type() == AttributeType.BOOLEAN) {
        if (raw == null || raw.isNull()) {
          attributes.put(attribute.name(), false);
        } else if (raw.isBoolean()) {
          attributes.set(attribute.name(), raw);
        } else {
          throw SdkCalls.malformed(
              operation + " sent " + attribute.name() + " = " + raw + ", not a boolean");
        }
      } else {
        attributes.set(attribute.name(), DeclaredReads.value(attribute, raw));
      }
    }
    return new Resource(type.name(), type.id(attributes), scope, attributes);
  }

  /** The one field of the answer beside {@code setting_name} and {@code etag}. */
  private static JsonNode valueMessage(JsonNode answer, String operation) throws ReadException {
    if (!answer.isObject()) {
      throw SdkCalls.malformed(operation + " did not answer an object");
    }
    JsonNode message = null;
    for (Iterator<Map.Entry<String, JsonNode>> fields = answer.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (ENVELOPE.contains(field.getKey())) {
        continue;
      }
      if (message != null) {
        throw SdkCalls.malformed(operation + " answered more than one setting value");
      }
      message = field.getValue();
    }
    if (message == null || !message.isObject()) {
      throw SdkCalls.malformed(operation + " answered no setting value");
    }
    return message;
  }
}
