package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/**
 * One collected resource, normalised: its type (the Terraform provider's resource type name where
 * there is one, e.g. {@code databricks_cluster_policy}), its id (unique within type and scope), the
 * scope it was read in, and its attributes, relations included (a workspace's metastore, a group's
 * members, an instance profile's role). The attributes are copied on construction and must not be
 * modified through {@link #attributes()}.
 */
public record Resource(String type, String id, Scope scope, ObjectNode attributes) {

  public static final Comparator<Resource> ORDER =
      Comparator.comparing(Resource::type)
          .thenComparing(Resource::scope)
          .thenComparing(Resource::id);

  public Resource {
    requireNonNull(type, "type is null");
    requireNonNull(id, "id is null");
    requireNonNull(scope, "scope is null");
    attributes = requireNonNull(attributes, "attributes is null").deepCopy();
  }

  /** The attribute at a JSON Pointer ("/definition/autotermination_minutes/value"). */
  public JsonNode attribute(String pointer) {
    return attributes.at(pointer);
  }

  /** "type scope id": how people and fingerprints name a resource. */
  public String address() {
    return type + " " + scope + " " + id;
  }
}
