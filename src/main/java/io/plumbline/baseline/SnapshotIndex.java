package io.plumbline.baseline;

import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A snapshot's resources and coverage, looked up by type and scope. */
final class SnapshotIndex {

  private record Key(String type, Scope scope) {}

  private final Map<Key, List<Resource>> resources = new HashMap<>();
  private final Map<Key, Coverage> coverage = new HashMap<>();
  private final Set<Scope> scopes = new TreeSet<>();
  private final Map<Scope, Map<String, List<Resource>>> membersByGroup = new HashMap<>();

  SnapshotIndex(Snapshot snapshot) {
    for (Resource resource : snapshot.resources()) {
      resources
          .computeIfAbsent(new Key(resource.type(), resource.scope()), key -> new ArrayList<>())
          .add(resource);
      scopes.add(resource.scope());
      if (resource.type().equals(BaselineKind.GROUP_MEMBERS.resourceType())) {
        membersByGroup
            .computeIfAbsent(resource.scope(), scope -> new HashMap<>())
            .computeIfAbsent(
                resource.attributes().path("group_id").asText(), group -> new ArrayList<>())
            .add(resource);
      }
    }
    for (Coverage row : snapshot.coverage()) {
      coverage.put(new Key(row.resourceType(), row.scope()), row);
      scopes.add(row.scope());
    }
  }

  List<Resource> resources(String type, Scope scope) {
    return resources.getOrDefault(new Key(type, scope), List.of());
  }

  /** The direct members of a group, as {@code databricks_group_member} resources of the scope. */
  List<Resource> members(Scope scope, String groupId) {
    return membersByGroup.getOrDefault(scope, Map.of()).getOrDefault(groupId, List.of());
  }

  Optional<Resource> resource(String type, Scope scope, String id) {
    return resources(type, scope).stream().filter(resource -> resource.id().equals(id)).findFirst();
  }

  List<Scope> scopes(ScopeKind kind) {
    return scopes.stream().filter(scope -> scope.kind() == kind).toList();
  }

  /** Whether the scope x type was read completely; a pair never attempted was not. */
  boolean complete(Scope scope, String type) {
    Coverage row = coverage.get(new Key(type, scope));
    return row != null && row.isComplete();
  }

  /** Why a scope x type cannot be trusted to be whole (for an UNKNOWN). */
  String incompleteReason(Scope scope, String type) {
    Coverage row = coverage.get(new Key(type, scope));
    if (row == null) {
      return type + " in " + scope + " was not read";
    }
    return type
        + " in "
        + scope
        + " was not read completely ("
        + row.reason().map(Object::toString).orElse("no reason recorded")
        + ")";
  }
}
