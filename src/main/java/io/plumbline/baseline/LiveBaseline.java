package io.plumbline.baseline;

import static io.plumbline.baseline.JsonValues.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Coverage;
import io.plumbline.model.ManagementMode;
import io.plumbline.model.MigrationType;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Accepts reviewed live state as a baseline ({@code plumbline baseline accept}): what one scope of
 * a snapshot holds becomes its declaration, for the areas nobody manages in Terraform yet. Only a
 * scope read completely can be accepted: a baseline made from a partial read would declare that
 * what could not be read does not exist.
 */
public final class LiveBaseline {

  private static final List<String> WORKSPACE_ATTRIBUTES =
      List.of(
          "deployment_name",
          "aws_region",
          "pricing_tier",
          "credentials_id",
          "storage_configuration_id",
          "network_id",
          "private_access_settings_id",
          "managed_services_customer_managed_key_id",
          "storage_customer_managed_key_id");

  private final SnapshotIndex index;
  private final Snapshot snapshot;

  private LiveBaseline(Snapshot snapshot) {
    this.snapshot = snapshot;
    this.index = new SnapshotIndex(snapshot);
  }

  /** The baseline document declaring the scope as the snapshot has it. */
  public static ObjectNode accept(Snapshot snapshot, Scope scope) {
    List<Coverage> rows =
        snapshot.coverage().stream().filter(row -> row.scope().equals(scope)).toList();
    if (rows.isEmpty()) {
      throw PlumblineException.userError(
          "scope " + scope + " is not in snapshot " + snapshot.id() + " (nothing was read there)");
    }
    List<Coverage> failed = rows.stream().filter(row -> !row.isComplete()).toList();
    if (!failed.isEmpty()) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "cannot accept "
              + scope
              + ": "
              + failed.size()
              + " of its reads failed in snapshot "
              + snapshot.id()
              + " ("
              + String.join(
                  ", ",
                  failed.stream()
                      .map(
                          row ->
                              row.resourceType()
                                  + ": "
                                  + row.reason().map(Object::toString).orElse("?"))
                      .toList())
              + "); a baseline made from them would declare that what was not read does not exist");
    }
    LiveBaseline live = new LiveBaseline(snapshot);
    ObjectNode document = NODES.objectNode();
    switch (scope.kind()) {
      case WORKSPACE -> live.workspace(scope, document);
      case ACCOUNT -> live.account(scope, document);
      case AWS -> live.aws(scope, document);
    }
    return document;
  }

  // ---- a workspace ----------------------------------------------------------------------------

  private void workspace(Scope scope, ObjectNode document) {
    Optional<Resource> workspace = Optional.empty();
    Scope account = null;
    for (Scope candidate : index.scopes(ScopeKind.ACCOUNT)) {
      Optional<Resource> found =
          index.resource(BaselineKind.WORKSPACES.resourceType(), candidate, scope.id());
      if (found.isPresent()) {
        workspace = found;
        account = candidate;
      }
    }
    String name =
        workspace
            .map(resource -> resource.attributes().path("workspace_name").asText())
            .orElse(scope.id());
    ObjectNode entry = document.putObject("workspaces").putObject(name);
    entry.put("workspace_id", Long.parseLong(scope.id()));
    workspace.ifPresent(resource -> workspaceAttributes(resource, entry));
    Principals principals =
        new Principals(index, account != null ? account : Scope.account("unknown"));
    principals.addWorkspace(index, scope);

    List<Resource> assignments =
        index.resources(BaselineKind.METASTORE_ASSIGNMENT.resourceType(), scope);
    if (assignments.isEmpty()) {
      entry.putNull("metastore_assignment");
    } else {
      ObjectNode assignment = entry.putObject("metastore_assignment");
      copy(assignments.get(0).attributes(), assignment, "metastore_id", "default_catalog_name");
    }

    ObjectNode permissionAssignments = NODES.objectNode();
    for (Resource resource :
        sorted(index.resources(BaselineKind.PERMISSION_ASSIGNMENTS.resourceType(), scope))) {
      JsonNode attributes = resource.attributes();
      Optional<Principals.Kind> kind =
          Principals.Kind.byLabel(attributes.path("principal_kind").asText());
      String principalName = attributes.path("principal_name").asText("");
      ArrayNode permissions = JsonValues.setOf(attributes.path("permissions"));
      if (kind.isPresent() && !principalName.isEmpty()) {
        object(permissionAssignments, kind.get().section).set(principalName, permissions);
      } else {
        object(permissionAssignments, "principal_ids")
            .set(attributes.path("principal_id").asText(), permissions);
      }
    }
    entry.set("permission_assignments", permissionAssignments);

    ObjectNode groups = NODES.objectNode();
    for (Resource group : sorted(index.resources(BaselineKind.GROUPS.resourceType(), scope))) {
      if (group.attributes().path("workspace_local").asBoolean(false)) {
        groups.set(
            group.attributes().path("display_name").asText(group.id()),
            group(scope, group, principals));
      }
    }
    entry.set("groups", groups);

    ObjectNode policies = entry.putObject("cluster_policies");
    for (Resource policy :
        sorted(index.resources(BaselineKind.CLUSTER_POLICIES.resourceType(), scope))) {
      JsonNode attributes = policy.attributes();
      ObjectNode item = policies.putObject(attributes.path("name").asText(policy.id()));
      item.put("policy_id", policy.id());
      copy(attributes, item, "description", "policy_family_id", "max_clusters_per_user");
      item.set("definition", attributes.path("definition").deepCopy());
      index
          .resource(
              BaselineKind.CLUSTER_POLICY_PERMISSIONS.resourceType(),
              scope,
              "/cluster-policies/" + policy.id())
          .ifPresent(permissions -> item.set("can_use", canUse(permissions)));
    }

    index
        .resource(BaselineKind.WORKSPACE_CONF.resourceType(), scope, "_")
        .ifPresent(
            conf -> {
              ObjectNode settings = entry.putObject("workspace_conf");
              new TreeMap<>(toMap(conf.attributes().path("custom_config")))
                  .forEach(
                      (key, value) -> {
                        if (!value.isNull()) {
                          settings.set(key, value);
                        }
                      });
            });

    declaredKinds(scope, ScopeKind.WORKSPACE, entry);
  }

  private static void workspaceAttributes(Resource workspace, ObjectNode entry) {
    copy(workspace.attributes(), entry, WORKSPACE_ATTRIBUTES.toArray(String[]::new));
    JsonNode tags = workspace.attributes().path("custom_tags");
    if (tags.isObject() && !tags.isEmpty()) {
      entry.set("custom_tags", tags.deepCopy());
    }
  }

  private ObjectNode group(Scope scope, Resource group, Principals principals) {
    ObjectNode item = NODES.objectNode();
    item.put("group_id", group.id());
    JsonNode attributes = group.attributes();
    if (attributes.hasNonNull("external_id")) {
      item.put("external_id", attributes.path("external_id").asText());
    }
    item.set("entitlements", JsonValues.setOf(attributes.path("entitlements")));
    item.set("roles", JsonValues.setOf(attributes.path("roles")));
    ObjectNode members = item.putObject("members");
    for (Resource member : sorted(index.members(scope, group.id()))) {
      JsonNode memberAttributes = member.attributes();
      String id = memberAttributes.path("member_id").asText();
      Optional<Principals.Kind> kind =
          Principals.Kind.byLabel(memberAttributes.path("member_kind").asText());
      String name = principals.name(id);
      if (kind.isPresent() && !name.equals(id)) {
        array(members, kind.get().section).add(name);
      } else {
        array(members, "ids").add(id);
      }
    }
    members
        .properties()
        .forEach(list -> members.set(list.getKey(), JsonValues.setOf(list.getValue())));
    return item;
  }

  private static ObjectNode canUse(Resource permissions) {
    ObjectNode canUse = NODES.objectNode();
    for (JsonNode grant : permissions.attributes().path("access_control")) {
      if (!"CAN_USE".equals(grant.path("permission_level").asText())) {
        continue;
      }
      for (Principals.Kind kind : Principals.Kind.values()) {
        if (grant.hasNonNull(kind.aclField)) {
          array(canUse, kind.section).add(grant.path(kind.aclField).asText());
        }
      }
    }
    canUse
        .properties()
        .forEach(list -> canUse.set(list.getKey(), JsonValues.setOf(list.getValue())));
    return canUse;
  }

  // ---- the account ----------------------------------------------------------------------------

  private void account(Scope scope, ObjectNode document) {
    ObjectNode account = document.putObject("account");
    account.put("account_id", scope.id());
    declaredKinds(scope, ScopeKind.ACCOUNT, account);
    Principals principals = new Principals(index, scope);
    ObjectNode groups = account.putObject("groups");
    for (Resource group : sorted(index.resources(BaselineKind.GROUPS.resourceType(), scope))) {
      groups.set(
          group.attributes().path("display_name").asText(group.id()),
          group(scope, group, principals));
    }
    ObjectNode workspaces = NODES.objectNode();
    for (Resource workspace :
        sorted(index.resources(BaselineKind.WORKSPACES.resourceType(), scope))) {
      ObjectNode entry =
          workspaces.putObject(
              workspace.attributes().path("workspace_name").asText(workspace.id()));
      entry.put("workspace_id", workspace.attributes().path("workspace_id").asLong());
      workspaceAttributes(workspace, entry);
    }
    document.set("workspaces", workspaces);
  }

  // ---- AWS ------------------------------------------------------------------------------------

  private void aws(Scope scope, ObjectNode document) {
    ObjectNode aws = document.putObject("aws");
    aws.put("account_id", scope.id());
    ObjectNode roles = aws.putObject("iam_roles");
    for (Resource role : sorted(index.resources(BaselineKind.IAM_ROLES.resourceType(), scope))) {
      JsonNode attributes = role.attributes();
      ObjectNode item = roles.putObject(attributes.path("name").asText(role.id()));
      copy(
          attributes,
          item,
          "path",
          "description",
          "assume_role_policy",
          "inline_policies",
          "managed_policy_arns",
          "permissions_boundary",
          "max_session_duration",
          "tags");
    }
    declaredKinds(scope, ScopeKind.AWS, aws);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The sections of a layer whose declarations list what an item declares, each item keyed by its
   * name. Kinds another system owns (users and service principals come from the identity provider)
   * are not declared by accepting live state.
   */
  private void declaredKinds(Scope scope, ScopeKind layer, ObjectNode parent) {
    for (BaselineKind kind : BaselineKind.generic(layer)) {
      if (kind.defaultMode(MigrationType.FULL) == ManagementMode.EXTERNAL) {
        continue;
      }
      keyed(
          scope, kind, kind.itemName(), parent, kind.section().attributes().toArray(String[]::new));
    }
  }

  /** A section of items keyed by {@code keyAttribute}, with the given attributes when set. */
  private void keyed(
      Scope scope,
      BaselineKind kind,
      String keyAttribute,
      ObjectNode parent,
      String... attributes) {
    ObjectNode section = parent.putObject(kind.key());
    for (Resource resource : sorted(index.resources(kind.resourceType(), scope))) {
      if (!kind.compares(resource)) {
        continue;
      }
      ObjectNode item =
          section.putObject(resource.attributes().path(keyAttribute).asText(resource.id()));
      copy(resource.attributes(), item, attributes);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, String... attributes) {
    for (String attribute : attributes) {
      JsonNode value = from.get(attribute);
      if (value != null && !value.isNull()) {
        to.set(attribute, value.deepCopy());
      }
    }
  }

  private static List<Resource> sorted(List<Resource> resources) {
    return resources.stream().sorted(Resource.ORDER).toList();
  }

  private static ObjectNode object(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    return existing instanceof ObjectNode object ? object : parent.putObject(key);
  }

  private static ArrayNode array(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    return existing instanceof ArrayNode array ? array : parent.putArray(key);
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> map = new TreeMap<>();
    object.properties().forEach(field -> map.put(field.getKey(), field.getValue()));
    return map;
  }

  @Override
  public String toString() {
    return "LiveBaseline[" + snapshot.id() + "]";
  }
}
