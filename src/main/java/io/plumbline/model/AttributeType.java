package io.plumbline.model;

import java.util.Locale;

/**
 * The JSON shape of a resource attribute as the snapshot stores it. Every attribute may also be
 * null: an API that leaves a field out leaves it unset, not empty.
 */
public enum AttributeType {
  STRING("string"),
  NUMBER("number"),
  BOOLEAN("boolean"),
  /** A list of texts, sorted where order means nothing (ids, addresses, entitlements). */
  STRING_LIST("array"),
  /** Text keys to text values (tags, settings). */
  STRING_MAP("object"),
  /** A list of objects (grants, members). */
  OBJECT_LIST("array"),
  /** A nested document (a policy, a definition, an endpoint set). */
  OBJECT("object");

  private final String jsonType;

  AttributeType(String jsonType) {
    this.jsonType = jsonType;
  }

  /** The JSON Schema type of a value of this shape. */
  public String jsonType() {
    return jsonType;
  }

  /** How {@code plumbline types} and the reference pages name it: string, string_list, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
