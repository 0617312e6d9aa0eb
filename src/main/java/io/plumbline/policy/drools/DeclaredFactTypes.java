package io.plumbline.policy.drools;

import io.plumbline.policy.facts.DeclaredFact;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactDeclarations;
import io.plumbline.policy.facts.ResourceFact;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

/**
 * The Drools types one rule base declared from {@link FactDeclarations}, and the copy of a {@link
 * ResourceFact} into the type of its name that rules match.
 */
final class DeclaredFactTypes {

  /** Where the declarations are compiled from; error messages name it. */
  static final String SOURCE = FactDeclarations.PACKAGE.replace('.', '/') + "/declared-facts.drl";

  private record Type(FactType type, List<FactField> fields) {}

  private final Map<String, Type> byName;

  private DeclaredFactTypes(Map<String, Type> byName) {
    this.byName = Map.copyOf(byName);
  }

  static DeclaredFactTypes of(KieBase kieBase) {
    Map<String, Type> byName = new HashMap<>();
    for (FactDeclarations.Declared declared : FactDeclarations.all()) {
      FactType type = kieBase.getFactType(FactDeclarations.PACKAGE, declared.factType());
      if (type == null) {
        throw new IllegalStateException("the rule base did not declare " + declared.factType());
      }
      List<FactField> fields =
          declared.properties().stream()
              .map(property -> requireField(type, property.name()))
              .toList();
      byName.put(declared.factType(), new Type(type, fields));
    }
    return new DeclaredFactTypes(byName);
  }

  private static FactField requireField(FactType type, String name) {
    FactField field = type.getField(name);
    if (field == null) {
      throw new IllegalStateException(type.getName() + " was declared without " + name);
    }
    return field;
  }

  /** The fact rules match: a declared type's instance for a {@link ResourceFact}, else itself. */
  Object insertable(Fact fact) {
    if (!(fact instanceof ResourceFact resourceFact)) {
      return fact;
    }
    Type type = byName.get(resourceFact.factType());
    if (type == null) {
      throw new IllegalArgumentException("no declared fact type " + resourceFact.factType());
    }
    Object instance;
    try {
      instance = type.type().newInstance();
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot make a " + resourceFact.factType(), e);
    }
    ((DeclaredFact) instance).bind(resourceFact.ref(), resourceFact.workspaceId());
    int index = 0;
    for (Object value : resourceFact.properties().values()) {
      type.fields().get(index++).set(instance, value);
    }
    return instance;
  }
}
