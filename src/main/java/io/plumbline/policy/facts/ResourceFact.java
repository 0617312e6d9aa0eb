package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fact of a type declared from the resource-type catalogue ({@link FactDeclarations}), as {@link
 * FactBuilder} makes it: the resource and its properties by name (declared attributes in camelCase,
 * then the type's derived properties). The engine copies it into the Drools type of the same name,
 * which is what rules match; tests and anything outside the engine read it here.
 */
public final class ResourceFact implements Fact {

  private final String factType;
  private final Resource resource;
  private final ResourceRef ref;
  private final String workspaceId;
  private final Map<String, Object> properties;

  ResourceFact(String factType, Resource resource, Map<String, Object> properties) {
    this.factType = requireNonNull(factType, "factType is null");
    this.resource = requireNonNull(resource, "resource is null");
    this.ref = ResourceRef.of(resource);
    this.workspaceId = Attributes.workspaceId(resource);
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** The simple name of the Drools type rules match on ({@code Catalog}). */
  public String factType() {
    return factType;
  }

  public Resource resource() {
    return resource;
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String workspaceId() {
    return workspaceId;
  }

  /** Property name -> value, in declaration order: attributes first, derived properties after. */
  public Map<String, Object> properties() {
    return properties;
  }

  /**
   * @throws IllegalArgumentException for a property the type does not have
   */
  public Object get(String property) {
    if (!properties.containsKey(property)) {
      throw new IllegalArgumentException(factType + " has no property " + property);
    }
    return properties.get(property);
  }

  /** A text property; the empty string when absent. */
  public String text(String property) {
    Object value = get(property);
    return value == null ? "" : value.toString();
  }

  public boolean flag(String property) {
    return Boolean.TRUE.equals(get(property));
  }

  @Override
  public String toString() {
    return factType + "(" + ref + ")";
  }
}
