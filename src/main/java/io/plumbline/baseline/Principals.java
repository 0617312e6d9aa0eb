package io.plumbline.baseline;

import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The identities of an account as the snapshot has them, so that baselines can name principals the
 * way people do (userName, group displayName, service principal displayName or applicationId) while
 * the APIs relate them by SCIM id.
 */
final class Principals {

  /** What kind of principal, as the snapshot's {@code member_kind} and {@code principal_kind}. */
  enum Kind {
    USER("users", "user", "user_name"),
    GROUP("groups", "group", "group_name"),
    SERVICE_PRINCIPAL("service_principals", "service_principal", "service_principal_name");

    final String section;
    final String label;
    final String aclField;

    Kind(String section, String label, String aclField) {
      this.section = section;
      this.label = label;
      this.aclField = aclField;
    }

    static Optional<Kind> byLabel(String label) {
      for (Kind kind : values()) {
        if (kind.label.equals(label)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    static Optional<Kind> byAclField(String field) {
      for (Kind kind : values()) {
        if (kind.aclField.equals(field)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    String noun() {
      return label.replace('_', ' ');
    }
  }

  private final Map<String, String> userIds = new HashMap<>();
  private final Map<String, String> groupIds = new HashMap<>();
  private final Map<String, String> servicePrincipalIds = new HashMap<>();
  private final Map<String, String> namesById = new HashMap<>();
  private final Map<String, String> applicationIds = new HashMap<>();
  private final Map<Scope, Map<String, String>> localGroupIds = new HashMap<>();

  Principals(SnapshotIndex index, Scope account) {
    for (Resource user : index.resources("databricks_user", account)) {
      String name = user.attributes().path("user_name").asText(user.id());
      userIds.put(name.toLowerCase(Locale.ROOT), user.id());
      namesById.put(user.id(), name);
    }
    for (Resource group : index.resources("databricks_group", account)) {
      String name = group.attributes().path("display_name").asText(group.id());
      groupIds.put(name, group.id());
      namesById.put(group.id(), name);
    }
    for (Resource principal : index.resources("databricks_service_principal", account)) {
      String applicationId = principal.attributes().path("application_id").asText("");
      String name = principal.attributes().path("display_name").asText(applicationId);
      servicePrincipalIds.put(name, principal.id());
      if (!applicationId.isEmpty()) {
        servicePrincipalIds.put(applicationId, principal.id());
        applicationIds.put(principal.id(), applicationId);
      }
      namesById.put(principal.id(), name);
    }
  }

  /** Adds the workspace-local groups of a workspace. */
  void addWorkspace(SnapshotIndex index, Scope workspace) {
    Map<String, String> local = new HashMap<>();
    for (Resource group : index.resources("databricks_group", workspace)) {
      if (group.attributes().path("workspace_local").asBoolean(false)) {
        String name = group.attributes().path("display_name").asText(group.id());
        local.put(name, group.id());
        namesById.putIfAbsent(group.id(), name);
      }
    }
    localGroupIds.put(workspace, local);
  }

  /**
   * The SCIM id of a principal named as a baseline names it; a group name in a workspace resolves
   * to an account group first, then to a local group of that workspace (as the APIs resolve nested
   * groups).
   */
  Optional<String> id(Kind kind, String name, Scope scope) {
    String id =
        switch (kind) {
          case USER -> userIds.get(name.toLowerCase(Locale.ROOT));
          case SERVICE_PRINCIPAL -> servicePrincipalIds.get(name);
          case GROUP -> {
            String account = groupIds.get(name);
            yield account != null ? account : localGroupIds.getOrDefault(scope, Map.of()).get(name);
          }
        };
    return Optional.ofNullable(id);
  }

  /** The kind of the principal with this SCIM id, when the snapshot knows it. */
  Optional<Kind> kindOf(String id) {
    if (userIds.containsValue(id)) {
      return Optional.of(Kind.USER);
    }
    if (servicePrincipalIds.containsValue(id)) {
      return Optional.of(Kind.SERVICE_PRINCIPAL);
    }
    if (groupIds.containsValue(id)
        || localGroupIds.values().stream().anyMatch(groups -> groups.containsValue(id))) {
      return Optional.of(Kind.GROUP);
    }
    return Optional.empty();
  }

  /** How people name the principal with this SCIM id; the id itself when it is not known. */
  String name(String id) {
    return namesById.getOrDefault(id, id);
  }

  /**
   * The name the permissions API gives a principal: userName, group displayName or a service
   * principal's applicationId.
   */
  String aclName(Kind kind, String name, Scope scope) {
    if (kind == Kind.SERVICE_PRINCIPAL) {
      return id(kind, name, scope).map(applicationIds::get).orElse(name);
    }
    return name;
  }
}
