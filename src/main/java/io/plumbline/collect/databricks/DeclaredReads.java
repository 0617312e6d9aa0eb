package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.ReadException;
import io.plumbline.model.Attribute;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;

/**
 * The one generic step of every list read: an item as the API sent it becomes a resource of a
 * declared type. Each declared attribute is taken from the raw JSON under its own name (a missing
 * field is an explicit null; lists of texts sorted; maps with sorted keys; documents in their
 * declared normal form), then the type's adapter, if it has one, fills what the API names or nests
 * differently; the id is the declaration's.
 */
final class DeclaredReads {

  /** What a type's items need beyond the declared attributes under their own names. */
  @FunctionalInterface
  interface Adapter {
    Adapter NONE = (item, attributes) -> {};

    void adapt(JsonNode item, ObjectNode attributes) throws ReadException;
  }

  private DeclaredReads() {}

  static Resource resource(ResourceType type, Scope scope, JsonNode item) throws ReadException {
    return resource(type, scope, item, Adapter.NONE);
  }

  static Resource resource(ResourceType type, Scope scope, JsonNode item, Adapter adapter)
      throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    for (Attribute attribute : type.attributes()) {
      attributes.set(attribute.name(), value(attribute, item.get(attribute.name())));
    }
    adapter.adapt(item, attributes);
    try {
      return new Resource(type.name(), type.id(attributes), scope, attributes);
    } catch (IllegalArgumentException e) {
      throw SdkCalls.malformed("a " + type.name() + " came without its id: " + e.getMessage());
    }
  }

  /** One attribute's value from the raw JSON, in the form the snapshot stores. */
  static JsonNode value(Attribute attribute, JsonNode raw) {
    if (attribute.normalForm().isPresent()) {
      return raw == null || raw.isNull() || raw.isMissingNode()
          ? NODES.nullNode()
          : attribute.normalForm().get().normalise(raw);
    }
    return switch (attribute.type()) {
      case STRING_LIST -> Json.sortedTexts(raw);
      case STRING_MAP -> Json.sortedMap(raw);
      default -> raw == null || raw.isMissingNode() ? NODES.nullNode() : raw.deepCopy();
    };
  }
}
