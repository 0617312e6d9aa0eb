package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.sandbox.Estate.Principal;
import io.plumbline.sandbox.Estate.PrincipalKind;
import io.plumbline.sandbox.Estate.Workspace;
import io.plumbline.sandbox.Routes.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Databricks account API ({@code /api/2.0/accounts/{account_id}/...}) over an estate. */
final class AccountApi {

  static final String PREFIX = "/api/2.0/accounts/{account_id}";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int LOG_DELIVERY_PAGE_SIZE = 50;

  private final int scimPageSize;

  AccountApi(int scimPageSize) {
    this.scimPageSize = scimPageSize;
  }

  void register(Routes routes) {
    routes
        .add("GET", PREFIX + "/workspaces", this::listWorkspaces)
        .add("GET", PREFIX + "/workspaces/{workspace_id}", this::getWorkspace)
        .add("GET", PREFIX + "/log-delivery", this::listLogDelivery)
        .add("GET", PREFIX + "/metastores", this::listMetastores)
        .add("GET", PREFIX + "/metastores/{metastore_id}", this::getMetastore)
        .add("GET", PREFIX + "/metastores/{metastore_id}/workspaces", this::metastoreWorkspaces)
        .add("GET", PREFIX + "/workspaces/{workspace_id}/metastore", this::workspaceMetastore)
        .add(
            "GET",
            PREFIX + "/workspaces/{workspace_id}/permissionassignments",
            this::permissionAssignments)
        .add("GET", PREFIX + "/ip-access-lists", this::ipAccessLists)
        .add(
            "GET",
            PREFIX + "/settings/types/acct_ip_acl_enable/names/default",
            this::ipAccessListsEnabled)
        .add(
            "GET",
            PREFIX + "/settings/types/{setting_type}/names/default",
            SettingsApi::accountSetting)
        .add("GET", PREFIX + "/network-policies", SettingsApi::networkPolicies)
        .add(
            "GET",
            PREFIX + "/workspaces/{workspace_id}/network",
            call ->
                findWorkspace(call)
                    .map(workspace -> SettingsApi.workspaceNetwork(call, workspace))
                    .orElseGet(() -> workspaceNotFound(call)))
        .add(
            "GET",
            PREFIX + "/servicePrincipals/{service_principal_id}/credentials/secrets",
            SettingsApi::servicePrincipalSecrets);
    DeclaredLists.register(
        routes, DeclaredLists.ACCOUNT, listing -> call -> DeclaredLists.account(call, listing));
    for (PrincipalKind kind : PrincipalKind.values()) {
      routes
          .add(
              "GET", PREFIX + "/scim/v2/" + kind.scimResource(), call -> listPrincipals(call, kind))
          .add(
              "GET",
              PREFIX + "/scim/v2/" + kind.scimResource() + "/{id}",
              call -> getPrincipal(call, kind));
    }
  }

  private SandboxResponse listWorkspaces(Call call) {
    ArrayNode body = NODES.arrayNode();
    for (Workspace workspace : call.estate().workspaces()) {
      body.add(workspace(call.estate(), workspace));
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse getWorkspace(Call call) {
    return findWorkspace(call)
        .map(workspace -> SandboxResponse.json(200, workspace(call.estate(), workspace)))
        .orElseGet(() -> workspaceNotFound(call));
  }

  static ObjectNode workspace(Estate estate, Workspace workspace) {
    JsonNode item = workspace.item();
    ObjectNode body = NODES.objectNode();
    body.put("workspace_id", workspace.id());
    body.put("workspace_name", workspace.name());
    body.put("account_id", estate.accountId());
    copy(
        item,
        body,
        "deployment_name",
        "aws_region",
        "credentials_id",
        "storage_configuration_id",
        "network_id",
        "private_access_settings_id",
        "managed_services_customer_managed_key_id",
        "storage_customer_managed_key_id",
        "network_connectivity_config_id",
        "pricing_tier",
        "workspace_status",
        "workspace_status_message",
        "creation_time",
        "custom_tags");
    if (!body.has("workspace_status")) {
      body.put("workspace_status", "RUNNING");
    }
    return body;
  }

  private SandboxResponse listLogDelivery(Call call) {
    List<ObjectNode> configurations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(call.estate().document().path("log_delivery"))) {
      JsonNode item = entry.getValue();
      ObjectNode body = NODES.objectNode();
      body.set("config_id", item.path("config_id"));
      body.put("config_name", entry.getKey());
      body.put("account_id", call.estate().accountId());
      copy(
          item,
          body,
          "log_type",
          "output_format",
          "credentials_id",
          "storage_configuration_id",
          "delivery_path_prefix",
          "workspace_ids_filter",
          "status",
          "creation_time",
          "update_time");
      if (item.has("delivery_status")) {
        body.set("log_delivery_status", item.path("delivery_status"));
      }
      configurations.add(body);
    }
    Optional<String> status = call.request().queryParameter("status");
    Optional<String> credentials = call.request().queryParameter("credentials_id");
    Optional<String> storage = call.request().queryParameter("storage_configuration_id");
    List<ObjectNode> filtered =
        configurations.stream()
            .filter(item -> status.map(s -> s.equals(item.path("status").asText())).orElse(true))
            .filter(
                item ->
                    credentials
                        .map(c -> c.equals(item.path("credentials_id").asText()))
                        .orElse(true))
            .filter(
                item ->
                    storage
                        .map(s -> s.equals(item.path("storage_configuration_id").asText()))
                        .orElse(true))
            .toList();
    return SandboxResponse.json(
        200,
        Paging.tokenPage(
            "log_delivery_configurations",
            filtered,
            call.request().queryParameter("page_token"),
            LOG_DELIVERY_PAGE_SIZE));
  }

  private SandboxResponse listMetastores(Call call) {
    ObjectNode body = NODES.objectNode();
    ArrayNode metastores = body.putArray("metastores");
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(call.estate().document().path("metastores"))) {
      metastores.add(metastore(entry.getKey(), entry.getValue()));
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse getMetastore(Call call) {
    String id = call.parameter("metastore_id");
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(call.estate().document().path("metastores"))) {
      if (entry.getValue().path("metastore_id").asText().equals(id)) {
        ObjectNode body = NODES.objectNode();
        body.set("metastore_info", metastore(entry.getKey(), entry.getValue()));
        return SandboxResponse.json(200, body);
      }
    }
    return ApiErrors.databricks(
        404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + id + "' does not exist.");
  }

  static ObjectNode metastore(String name, JsonNode item) {
    ObjectNode body = NODES.objectNode();
    body.set("metastore_id", item.path("metastore_id"));
    body.put("name", name);
    copy(
        item,
        body,
        "region",
        "storage_root",
        "owner",
        "delta_sharing_scope",
        "delta_sharing_recipient_token_lifetime_in_seconds",
        "created_at",
        "created_by");
    return body;
  }

  private SandboxResponse metastoreWorkspaces(Call call) {
    String id = call.parameter("metastore_id");
    if (call.estate().metastore(id).isEmpty()) {
      return ApiErrors.databricks(
          404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + id + "' does not exist.");
    }
    ObjectNode body = NODES.objectNode();
    ArrayNode ids = body.putArray("workspace_ids");
    for (Workspace workspace : call.estate().workspaces()) {
      if (workspace.item().path("metastore_assignment").path("metastore_id").asText().equals(id)) {
        ids.add(workspace.id());
      }
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse workspaceMetastore(Call call) {
    Optional<Workspace> found = findWorkspace(call);
    if (found.isEmpty()) {
      return workspaceNotFound(call);
    }
    JsonNode assignment = found.get().item().path("metastore_assignment");
    if (!assignment.isObject()) {
      return ApiErrors.databricks(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Workspace " + found.get().id() + " is not assigned to any metastore.");
    }
    ObjectNode body = NODES.objectNode();
    ObjectNode metastoreAssignment = body.putObject("metastore_assignment");
    metastoreAssignment.put("workspace_id", found.get().id());
    copy(assignment, metastoreAssignment, "metastore_id", "default_catalog_name");
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse permissionAssignments(Call call) {
    Optional<Workspace> found = findWorkspace(call);
    if (found.isEmpty()) {
      return workspaceNotFound(call);
    }
    ObjectNode body = NODES.objectNode();
    ArrayNode assignments = body.putArray("permission_assignments");
    for (JsonNode assignment : found.get().item().path("permission_assignments")) {
      Optional<Principal> principal = assignedPrincipal(call.estate(), assignment);
      if (principal.isEmpty()) {
        continue;
      }
      ObjectNode entry = assignments.addObject();
      ObjectNode principalBody = entry.putObject("principal");
      principalBody.put("principal_id", Long.parseLong(principal.get().id()));
      JsonNode item = principal.get().item();
      switch (principal.get().kind()) {
        case USER -> {
          principalBody.put(
              "display_name", item.path("displayName").asText(principal.get().name()));
          principalBody.put("user_name", principal.get().name());
        }
        case GROUP -> {
          principalBody.put("display_name", principal.get().name());
          principalBody.put("group_name", principal.get().name());
        }
        case SERVICE_PRINCIPAL -> {
          principalBody.put("display_name", principal.get().name());
          principalBody.put("service_principal_name", item.path("applicationId").asText());
        }
      }
      entry.set("permissions", assignment.path("permissions"));
    }
    return SandboxResponse.json(200, body);
  }

  static Optional<Principal> assignedPrincipal(Estate estate, JsonNode assignment) {
    if (assignment.has("user")) {
      return estate.accountPrincipalByName(PrincipalKind.USER, assignment.path("user").asText());
    }
    if (assignment.has("group")) {
      return estate.accountPrincipalByName(PrincipalKind.GROUP, assignment.path("group").asText());
    }
    return estate.accountPrincipalByName(
        PrincipalKind.SERVICE_PRINCIPAL, assignment.path("service_principal").asText());
  }

  private SandboxResponse ipAccessLists(Call call) {
    return SandboxResponse.json(
        200, ipAccessListsBody(call.estate().document().path("ip_access_lists").path("lists")));
  }

  static ObjectNode ipAccessListsBody(JsonNode lists) {
    ObjectNode body = NODES.objectNode();
    ArrayNode items = body.putArray("ip_access_lists");
    for (Map.Entry<String, JsonNode> entry : Estate.entries(lists)) {
      ObjectNode list = items.addObject();
      JsonNode item = entry.getValue();
      list.set("list_id", item.path("list_id"));
      list.put("label", entry.getKey());
      copy(item, list, "list_type", "ip_addresses", "enabled");
      list.put("address_count", item.path("ip_addresses").size());
    }
    return body;
  }

  /**
   * The settings API names the value after the setting type, as the SDK's model expects; with
   * {@code api_quirks.settings_omit_false_values} a false value is left out, as proto3 JSON leaves
   * out defaults.
   */
  private SandboxResponse ipAccessListsEnabled(Call call) {
    JsonNode document = call.estate().document();
    boolean enabled = document.path("ip_access_lists").path("enabled").asBoolean(false);
    ObjectNode body = NODES.objectNode();
    body.put("setting_name", "default");
    body.put("etag", "sandbox");
    ObjectNode setting = body.putObject("acct_ip_acl_enable");
    if (enabled
        || !document.path("api_quirks").path("settings_omit_false_values").asBoolean(false)) {
      setting.put("value", enabled);
    }
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse listPrincipals(Call call, PrincipalKind kind) {
    // since 2025-08-22 the account list leaves members out: clients GET each group by id
    return SandboxResponse.json(
        200,
        Paging.scimList(
            call.request(),
            call.estate().accountPrincipals(kind),
            principal -> Scim.principal(call.estate(), principal, "", false),
            scimPageSize));
  }

  private SandboxResponse getPrincipal(Call call, PrincipalKind kind) {
    String id = call.parameter("id");
    return call.estate()
        .accountPrincipal(kind, id)
        .map(
            principal ->
                SandboxResponse.json(200, Scim.principal(call.estate(), principal, "", true)))
        .orElseGet(
            () ->
                ApiErrors.scim(404, null, Scim.singular(kind) + " with id " + id + " not found."));
  }

  private static Optional<Workspace> findWorkspace(Call call) {
    try {
      return call.estate().workspace(Long.parseLong(call.parameter("workspace_id")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static SandboxResponse workspaceNotFound(Call call) {
    return ApiErrors.databricks(
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Workspace " + call.parameter("workspace_id") + " does not exist.");
  }

  static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String field : fields) {
      JsonNode value = from.get(field);
      if (value != null && !value.isNull()) {
        to.set(field, value);
      }
    }
  }
}
