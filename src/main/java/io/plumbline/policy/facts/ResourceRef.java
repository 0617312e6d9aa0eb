package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import io.plumbline.model.Scope;

/** Which resource a fact is about: the identity findings attach to. */
public record ResourceRef(String type, Scope scope, String id) {

  public ResourceRef {
    requireNonNull(type, "type is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(id, "id is null");
  }

  public static ResourceRef of(Resource resource) {
    return new ResourceRef(resource.type(), resource.scope(), resource.id());
  }

  @Override
  public String toString() {
    return type + " " + scope + " " + id;
  }
}
