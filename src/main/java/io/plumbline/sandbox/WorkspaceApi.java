package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.WorkspaceConfKeys;
import io.plumbline.sandbox.Estate.Principal;
import io.plumbline.sandbox.Estate.PrincipalKind;
import io.plumbline.sandbox.Estate.Workspace;
import io.plumbline.sandbox.Routes.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Databricks workspace APIs. One port serves every workspace: the SDK's account client sends
 * {@code X-Databricks-Workspace-Id} on workspace calls to a non-Databricks host, and the sandbox
 * routes on it.
 */
final class WorkspaceApi {

  static final String WORKSPACE_HEADER = "X-Databricks-Workspace-Id";
  static final Set<String> WORKSPACE_CONF_KEYS = Set.copyOf(WorkspaceConfKeys.ALL);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private interface WorkspaceHandler {
    SandboxResponse handle(Call call, Workspace workspace);
  }

  private final int scimPageSize;

  WorkspaceApi(int scimPageSize) {
    this.scimPageSize = scimPageSize;
  }

  void register(Routes routes) {
    String scim = "/api/2.0/preview/scim/v2/";
    routes
        .add("GET", scim + "Groups", inWorkspace(this::listGroups))
        .add("GET", scim + "Groups/{id}", inWorkspace(this::getGroup))
        .add(
            "GET",
            scim + "Users",
            inWorkspace((call, ws) -> listPrincipals(call, ws, PrincipalKind.USER)))
        .add(
            "GET",
            scim + "Users/{id}",
            inWorkspace((call, ws) -> getPrincipal(call, ws, PrincipalKind.USER)))
        .add(
            "GET",
            scim + "ServicePrincipals",
            inWorkspace((call, ws) -> listPrincipals(call, ws, PrincipalKind.SERVICE_PRINCIPAL)))
        .add(
            "GET",
            scim + "ServicePrincipals/{id}",
            inWorkspace((call, ws) -> getPrincipal(call, ws, PrincipalKind.SERVICE_PRINCIPAL)))
        .add("GET", "/api/2.0/preview/scim/v2/Me", inWorkspace(this::me))
        .add("GET", "/api/2.0/policies/clusters/list", inWorkspace(this::listClusterPolicies))
        .add("GET", "/api/2.0/policies/clusters/get", inWorkspace(this::getClusterPolicy))
        .add(
            "GET",
            "/api/2.0/permissions/cluster-policies/{policy_id}",
            inWorkspace(this::clusterPolicyPermissions))
        .add("GET", "/api/2.0/workspace-conf", inWorkspace(this::workspaceConf))
        .add(
            "GET",
            "/api/2.0/settings/types/{setting_type}/names/default",
            inWorkspace(SettingsApi::workspaceSetting))
        .add("GET", "/api/2.0/ip-access-lists", inWorkspace(this::ipAccessLists))
        .add(
            "GET",
            "/api/2.1/unity-catalog/current-metastore-assignment",
            inWorkspace(this::currentMetastoreAssignment));
    WorkspaceObjectsApi.register(routes, handler -> inWorkspace(handler::handle));
    DeclaredLists.register(
        routes,
        DeclaredLists.WORKSPACE,
        listing ->
            inWorkspace((call, workspace) -> DeclaredLists.workspace(call, listing, workspace)));
  }

  /** Resolves the workspace from the routing header before the handler runs. */
  private static Routes.Handler inWorkspace(WorkspaceHandler handler) {
    return call -> {
      Optional<String> header = call.request().header(WORKSPACE_HEADER);
      if (header.isEmpty()) {
        return ApiErrors.databricks(
            400,
            "INVALID_PARAMETER_VALUE",
            "missing header "
                + WORKSPACE_HEADER
                + ": the sandbox serves every workspace on one port and routes on it");
      }
      Optional<Workspace> workspace;
      try {
        workspace = call.estate().workspace(Long.parseLong(header.get().trim()));
      } catch (NumberFormatException e) {
        workspace = Optional.empty();
      }
      if (workspace.isEmpty()) {
        return ApiErrors.forPath(
            call.request().path(), 404, "Workspace " + header.get() + " does not exist.");
      }
      return handler.handle(call, workspace.get());
    };
  }

  private SandboxResponse listGroups(Call call, Workspace workspace) {
    return SandboxResponse.json(
        200,
        Paging.scimList(call.request(), workspaceGroups(call.estate(), workspace), scimPageSize));
  }

  private SandboxResponse getGroup(Call call, Workspace workspace) {
    String id = call.parameter("id");
    return workspaceGroups(call.estate(), workspace).stream()
        .filter(group -> group.path("id").asText().equals(id))
        .findFirst()
        .map(group -> SandboxResponse.json(200, group))
        .orElseGet(() -> ApiErrors.scim(404, null, "Group with id " + id + " not found."));
  }

  /**
   * Local groups (WorkspaceGroup) and account groups assigned to the workspace (Group), each with
   * members and its parent groups among them.
   */
  private static List<ObjectNode> workspaceGroups(Estate estate, Workspace workspace) {
    Map<String, String> localIds = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : Estate.entries(workspace.item().path("groups"))) {
      localIds.put(entry.getKey(), entry.getValue().path("id").asText());
    }
    List<ObjectNode> groups = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Estate.entries(workspace.item().path("groups"))) {
      groups.add(Scim.localGroup(estate, entry.getKey(), entry.getValue(), localIds));
    }
    for (JsonNode assignment : workspace.item().path("permission_assignments")) {
      if (assignment.has("group")) {
        estate
            .accountPrincipalByName(PrincipalKind.GROUP, assignment.path("group").asText())
            .ifPresent(group -> groups.add(Scim.principal(estate, group, "Group", true)));
      }
    }
    Map<String, List<ObjectNode>> parentsByMemberId = new HashMap<>();
    for (ObjectNode group : groups) {
      for (JsonNode member : group.path("members")) {
        if (member.path("$ref").asText().startsWith("Groups/")) {
          parentsByMemberId
              .computeIfAbsent(member.path("value").asText(), id -> new ArrayList<>())
              .add(group);
        }
      }
    }
    for (ObjectNode group : groups) {
      List<ObjectNode> parents = parentsByMemberId.get(group.path("id").asText());
      if (parents != null) {
        ArrayNode parentArray = group.putArray("groups");
        for (ObjectNode parent : parents) {
          ObjectNode reference = parentArray.addObject();
          reference.set("value", parent.path("id"));
          reference.set("display", parent.path("displayName"));
          reference.put("$ref", "Groups/" + parent.path("id").asText());
          reference.put("type", "direct");
        }
      }
    }
    return groups;
  }

  private SandboxResponse listPrincipals(Call call, Workspace workspace, PrincipalKind kind) {
    return SandboxResponse.json(
        200,
        Paging.scimList(
            call.request(),
            visibleAccountPrincipals(call.estate(), workspace, kind),
            principal -> Scim.principal(call.estate(), principal, "", false),
            scimPageSize));
  }

  private SandboxResponse getPrincipal(Call call, Workspace workspace, PrincipalKind kind) {
    String id = call.parameter("id");
    return visiblePrincipals(call.estate(), workspace, kind).stream()
        .filter(principal -> principal.path("id").asText().equals(id))
        .findFirst()
        .map(principal -> SandboxResponse.json(200, principal))
        .orElseGet(
            () ->
                ApiErrors.scim(404, null, Scim.singular(kind) + " with id " + id + " not found."));
  }

  private static List<ObjectNode> visiblePrincipals(
      Estate estate, Workspace workspace, PrincipalKind kind) {
    List<ObjectNode> resources = new ArrayList<>();
    for (Principal principal : visibleAccountPrincipals(estate, workspace, kind)) {
      resources.add(Scim.principal(estate, principal, "", false));
    }
    return resources;
  }

  private static List<Principal> visibleAccountPrincipals(
      Estate estate, Workspace workspace, PrincipalKind kind) {
    Estate.VisiblePrincipals visible = estate.visiblePrincipals(workspace);
    Set<String> names = kind == PrincipalKind.USER ? visible.users() : visible.servicePrincipals();
    List<Principal> principals = new ArrayList<>(names.size());
    for (String name : names) {
      estate.accountPrincipalByName(kind, name).ifPresent(principals::add);
    }
    return principals;
  }

  private SandboxResponse me(Call call, Workspace workspace) {
    // the sandbox token belongs to the first service principal (the automation identity)
    List<Principal> servicePrincipals =
        call.estate().accountPrincipals(PrincipalKind.SERVICE_PRINCIPAL);
    if (servicePrincipals.isEmpty()) {
      return ApiErrors.scim(404, null, "the estate has no service principal to act as");
    }
    return SandboxResponse.json(
        200, Scim.principal(call.estate(), servicePrincipals.get(0), "", false));
  }

  private SandboxResponse listClusterPolicies(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    ArrayNode policies = body.putArray("policies");
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("cluster_policies"))) {
      policies.add(clusterPolicy(entry.getKey(), entry.getValue()));
    }
    body.put("total_count", policies.size());
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse getClusterPolicy(Call call, Workspace workspace) {
    Optional<String> id = call.request().queryParameter("policy_id");
    if (id.isEmpty()) {
      return ApiErrors.databricks(
          400, "INVALID_PARAMETER_VALUE", "Missing required field: policy_id");
    }
    return findPolicy(workspace, id.get())
        .map(entry -> SandboxResponse.json(200, clusterPolicy(entry.getKey(), entry.getValue())))
        .orElseGet(() -> policyNotFound(id.get()));
  }

  private static Optional<Map.Entry<String, JsonNode>> findPolicy(Workspace workspace, String id) {
    return Estate.entries(workspace.item().path("cluster_policies")).stream()
        .filter(entry -> entry.getValue().path("policy_id").asText().equals(id))
        .findFirst();
  }

  private static SandboxResponse policyNotFound(String id) {
    return ApiErrors.databricks(
        404, "RESOURCE_DOES_NOT_EXIST", "Cluster policy " + id + " does not exist.");
  }

  private static ObjectNode clusterPolicy(String name, JsonNode item) {
    ObjectNode body = NODES.objectNode();
    body.set("policy_id", item.path("policy_id"));
    body.put("name", name);
    // the API carries the definition as a JSON string, not an object
    JsonNode definition = item.path("definition");
    body.put("definition", definition.isTextual() ? definition.asText() : definition.toString());
    AccountApi.copy(
        item,
        body,
        "description",
        "creator_user_name",
        "created_at_timestamp",
        "max_clusters_per_user",
        "policy_family_id",
        "policy_family_definition_overrides",
        "is_default");
    return body;
  }

  private SandboxResponse clusterPolicyPermissions(Call call, Workspace workspace) {
    String id = call.parameter("policy_id");
    Optional<Map.Entry<String, JsonNode>> policy = findPolicy(workspace, id);
    if (policy.isEmpty()) {
      return policyNotFound(id);
    }
    ObjectNode body = NODES.objectNode();
    body.put("object_id", "/cluster-policies/" + id);
    body.put("object_type", "cluster-policy");
    ArrayNode accessControl = body.putArray("access_control_list");
    for (JsonNode permission : policy.get().getValue().path("permissions")) {
      ObjectNode entry = accessControl.addObject();
      AccountApi.copy(permission, entry, "group_name", "user_name", "service_principal_name");
      ObjectNode level = entry.putArray("all_permissions").addObject();
      level.set("permission_level", permission.path("permission_level"));
      level.put("inherited", false);
    }
    // workspace admins can use every policy; the API lists that grant as inherited
    ObjectNode admins = accessControl.addObject();
    admins.put("group_name", "admins");
    ObjectNode inherited = admins.putArray("all_permissions").addObject();
    inherited.put("permission_level", "CAN_USE");
    inherited.put("inherited", true);
    inherited.putArray("inherited_from_object").add("/cluster-policies/");
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse workspaceConf(Call call, Workspace workspace) {
    String keys = call.request().queryParameter("keys").orElse("");
    if (keys.isBlank()) {
      return ApiErrors.databricks(
          400, "INVALID_PARAMETER_VALUE", "Missing required parameter: keys");
    }
    List<String> requested = List.of(keys.split(","));
    Set<String> retired = new HashSet<>();
    call.estate()
        .document()
        .path("api_quirks")
        .path("retired_workspace_conf_keys")
        .forEach(key -> retired.add(key.asText()));
    List<String> invalid =
        requested.stream()
            .filter(key -> !WORKSPACE_CONF_KEYS.contains(key) || retired.contains(key))
            .toList();
    if (!invalid.isEmpty()) {
      return ApiErrors.databricks(
          400,
          "INVALID_PARAMETER_VALUE",
          "Invalid keys: "
              + invalid.stream()
                  .map(key -> "\"" + key + "\"")
                  .toList()
                  .toString()
                  .replace(", ", ","));
    }
    ObjectNode body = NODES.objectNode();
    JsonNode conf = workspace.item().path("workspace_conf");
    for (String key : requested) {
      JsonNode value = conf.get(key);
      if (value == null || value.isNull()) {
        body.putNull(key);
      } else {
        body.put(key, value.asText());
      }
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse ipAccessLists(Call call, Workspace workspace) {
    return SandboxResponse.json(
        200, AccountApi.ipAccessListsBody(workspace.item().path("ip_access_lists")));
  }

  private SandboxResponse currentMetastoreAssignment(Call call, Workspace workspace) {
    JsonNode assignment = workspace.item().path("metastore_assignment");
    if (!assignment.isObject()) {
      return noMetastore(workspace);
    }
    ObjectNode body = NODES.objectNode();
    body.put("workspace_id", workspace.id());
    AccountApi.copy(assignment, body, "metastore_id", "default_catalog_name");
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse noMetastore(Workspace workspace) {
    return ApiErrors.databricks(
        404,
        "METASTORE_DOES_NOT_EXIST",
        "No metastore assigned for the current workspace " + workspace.id() + ".");
  }
}
