package io.plumbline.policy.facts;

import io.plumbline.model.Resource;
import io.plumbline.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the typed facts the rules match on from a snapshot. A type in {@link FactDeclarations}
 * gives one {@link ResourceFact} per resource, from its declaration; the others, whose facts are
 * not one resource each (statements, grants, settings) or not yet moved, are mapped once in {@link
 * DatabricksFacts} or {@link AwsFacts}. Types no rule uses are not turned into facts.
 */
public final class FactBuilder {

  private static final Map<String, Function<Resource, List<Fact>>> BY_TYPE = merged();

  private static final Map<String, FactDeclarations.Declared> DECLARED = declared();

  private FactBuilder() {}

  private static Map<String, Function<Resource, List<Fact>>> merged() {
    Map<String, Function<Resource, List<Fact>>> all = new HashMap<>(DatabricksFacts.BY_TYPE);
    AwsFacts.BY_TYPE.forEach(
        (type, factory) -> {
          if (all.putIfAbsent(type, factory) != null) {
            throw new IllegalStateException("two fact mappings for " + type);
          }
        });
    return Map.copyOf(all);
  }

  private static Map<String, FactDeclarations.Declared> declared() {
    Map<String, FactDeclarations.Declared> byType = new HashMap<>();
    for (FactDeclarations.Declared declared : FactDeclarations.all()) {
      if (BY_TYPE.containsKey(declared.type().name())) {
        throw new IllegalStateException("two fact mappings for " + declared.type().name());
      }
      byType.put(declared.type().name(), declared);
    }
    return Map.copyOf(byType);
  }

  public static List<Fact> facts(Snapshot snapshot, Instant now) {
    List<Fact> facts = new ArrayList<>();
    facts.add(new Clock(now));
    for (Resource resource : snapshot.resources()) {
      FactDeclarations.Declared declared = DECLARED.get(resource.type());
      if (declared != null) {
        facts.add(declared.fact(resource));
        continue;
      }
      Function<Resource, List<Fact>> factory = BY_TYPE.get(resource.type());
      if (factory != null) {
        facts.addAll(factory.apply(resource));
      }
    }
    return facts;
  }
}
