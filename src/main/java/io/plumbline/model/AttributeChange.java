package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One attribute that differs: its JSON Pointer path in the resource's attributes and its values
 * before and after ({@link MissingNode} where the attribute is absent on that side).
 */
public record AttributeChange(String path, JsonNode before, JsonNode after) {

  public AttributeChange {
    requireNonNull(path, "path is null");
    before = before == null ? MissingNode.getInstance() : before.deepCopy();
    after = after == null ? MissingNode.getInstance() : after.deepCopy();
  }
}
