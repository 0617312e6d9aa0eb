package io.plumbline.collect.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many resources of each type each scope should yield, worked out from an estate document by
 * the rules of docs/sandbox-estate.md, independently of the collector and of the emulator's code.
 * Keys are {@code "<scope> <type>"}.
 */
final class ExpectedCounts {

  private final JsonNode document;
  private final Map<String, Integer> counts = new TreeMap<>();

  private ExpectedCounts(JsonNode document) {
    this.document = document;
  }

  static Map<String, Integer> of(JsonNode document) {
    ExpectedCounts expected = new ExpectedCounts(document);
    expected.account();
    for (Iterator<JsonNode> workspaces = document.path("workspaces").elements();
        workspaces.hasNext(); ) {
      expected.workspace(workspaces.next());
    }
    return expected.counts;
  }

  static String key(Scope scope, String type) {
    return scope + " " + type;
  }

  private void put(Scope scope, String type, int count) {
    counts.put(key(scope, type), count);
  }

  private void account() {
    Scope scope = Scope.account(document.path("account").path("account_id").asText());
    put(scope, "databricks_mws_workspaces", document.path("workspaces").size());
    put(scope, "databricks_mws_credentials", document.path("credentials").size());
    put(
        scope,
        "databricks_mws_storage_configurations",
        document.path("storage_configurations").size());
    put(scope, "databricks_mws_networks", document.path("networks").size());
    put(
        scope,
        "databricks_mws_private_access_settings",
        document.path("private_access_settings").size());
    put(scope, "databricks_mws_vpc_endpoint", document.path("vpc_endpoints").size());
    put(
        scope,
        "databricks_mws_customer_managed_keys",
        document.path("customer_managed_keys").size());
    put(scope, "databricks_mws_log_delivery", document.path("log_delivery").size());
    put(scope, "databricks_metastore", document.path("metastores").size());
    put(scope, "databricks_group", document.path("groups").size());
    int memberships = 0;
    for (JsonNode group : document.path("groups")) {
      memberships += memberCount(group.path("members"));
    }
    put(scope, "databricks_group_member", memberships);
    put(scope, "databricks_user", document.path("users").size());
    put(scope, "databricks_service_principal", document.path("service_principals").size());
    put(scope, "databricks_ip_access_list", document.path("ip_access_lists").path("lists").size());
    put(scope, "databricks_account_ip_access_enabled", 1);
    // one resource per account setting, written or not (never written: the default)
    put(scope, "databricks_compliance_security_profile_account_setting", 1);
    put(scope, "databricks_enhanced_security_monitoring_account_setting", 1);
    put(scope, "databricks_disable_legacy_features_setting", 1);
    // default-policy is listed even when the estate does not declare it
    JsonNode policies = document.path("network_policies");
    put(
        scope,
        "databricks_account_network_policy",
        policies.size() + (policies.has("default-policy") ? 0 : 1));
    int secrets = 0;
    for (JsonNode servicePrincipal : document.path("service_principals")) {
      secrets += servicePrincipal.path("secrets").size();
    }
    put(scope, "databricks_service_principal_secret", secrets);
  }

  private static int memberCount(JsonNode members) {
    return members.path("users").size()
        + members.path("groups").size()
        + members.path("service_principals").size();
  }

  private void workspace(JsonNode workspace) {
    Scope scope = Scope.workspace(workspace.path("workspace_id").asLong());
    boolean metastore = workspace.path("metastore_assignment").isObject();
    put(scope, "databricks_metastore_assignment", metastore ? 1 : 0);
    put(
        scope,
        "databricks_mws_permission_assignment",
        workspace.path("permission_assignments").size());
    Set<String> assignedGroups = new LinkedHashSet<>();
    for (JsonNode assignment : workspace.path("permission_assignments")) {
      if (assignment.has("group")) {
        assignedGroups.add(assignment.path("group").asText());
      }
    }
    put(scope, "databricks_group", workspace.path("groups").size() + assignedGroups.size());
    int memberships = 0;
    for (JsonNode local : workspace.path("groups")) {
      memberships += memberCount(local.path("members"));
    }
    for (String group : assignedGroups) {
      memberships += memberCount(document.path("groups").path(group).path("members"));
    }
    put(scope, "databricks_group_member", memberships);
    put(scope, "databricks_user", visible(workspace, "user", "users").size());
    put(
        scope,
        "databricks_service_principal",
        visible(workspace, "service_principal", "service_principals").size());
    put(scope, "databricks_cluster_policy", workspace.path("cluster_policies").size());
    // workspace objects: the estate's folders and notebooks (all under the roots read), the
    // home folder of every user the workspace shows, the repos
    int notebooks = 0;
    int folders = 0;
    for (JsonNode object : workspace.path("workspace_objects")) {
      if (object.path("object_type").asText("DIRECTORY").equals("NOTEBOOK")) {
        notebooks++;
      } else {
        folders++;
      }
    }
    folders += visible(workspace, "user", "users").size();
    int acls = 0;
    for (JsonNode secretScope : workspace.path("secret_scopes")) {
      acls += secretScope.path("acls").size();
    }
    put(scope, "databricks_job", workspace.path("jobs").size());
    put(scope, "databricks_notebook", notebooks);
    put(scope, "databricks_directory", folders);
    put(scope, "databricks_repo", workspace.path("repos").size());
    put(scope, "databricks_secret_scope", workspace.path("secret_scopes").size());
    put(scope, "databricks_secret_acl", acls);
    put(scope, "databricks_sql_endpoint", workspace.path("sql_warehouses").size());
    put(scope, "databricks_instance_pool", workspace.path("instance_pools").size());
    put(scope, "databricks_model_serving", workspace.path("serving_endpoints").size());
    put(scope, "databricks_spark_version", document.path("spark_versions").size());
    // one permissions resource per cluster policy and per object of every kind, and token use
    put(
        scope,
        "databricks_permissions",
        workspace.path("cluster_policies").size()
            + workspace.path("clusters").size()
            + workspace.path("jobs").size()
            + notebooks
            + folders
            + workspace.path("repos").size()
            + workspace.path("sql_warehouses").size()
            + workspace.path("instance_pools").size()
            + workspace.path("serving_endpoints").size()
            + 1);
    put(scope, "databricks_workspace_conf", 1);
    put(scope, "databricks_workspace_network_option", 1);
    for (String setting :
        List.of(
            "databricks_compliance_security_profile_workspace_setting",
            "databricks_enhanced_security_monitoring_workspace_setting",
            "databricks_automatic_cluster_update_workspace_setting",
            "databricks_restrict_workspace_admins_setting",
            "databricks_disable_legacy_access_setting",
            "databricks_disable_legacy_dbfs_setting",
            "databricks_sql_results_download_setting")) {
      put(scope, setting, 1);
    }
    put(scope, "databricks_instance_profile", workspace.path("instance_profiles").size());
    put(scope, "databricks_ip_access_list", workspace.path("ip_access_lists").size());
    put(scope, "databricks_token", workspace.path("tokens").size());
    put(scope, "databricks_global_init_script", workspace.path("global_init_scripts").size());
    put(scope, "databricks_cluster", workspace.path("clusters").size());
    put(scope, "databricks_catalog", metastore ? workspace.path("catalogs").size() : 0);
    put(
        scope,
        "databricks_storage_credential",
        metastore ? workspace.path("storage_credentials").size() : 0);
    put(
        scope,
        "databricks_external_location",
        metastore ? workspace.path("external_locations").size() : 0);
    put(scope, "databricks_recipient", metastore ? workspace.path("recipients").size() : 0);
  }

  /**
   * Principals a workspace shows: those listed in it, those assigned to it, and the members (at any
   * depth) of the groups assigned to it and of its local groups.
   */
  private Set<String> visible(JsonNode workspace, String assignmentField, String memberField) {
    Set<String> result = new LinkedHashSet<>();
    if (memberField.equals("users")) {
      workspace.path("users").forEach(user -> result.add(user.asText()));
    }
    Deque<JsonNode> memberLists = new ArrayDeque<>();
    Set<String> seenGroups = new LinkedHashSet<>();
    for (JsonNode assignment : workspace.path("permission_assignments")) {
      if (assignment.has(assignmentField)) {
        result.add(assignment.path(assignmentField).asText());
      }
      if (assignment.has("group") && seenGroups.add(assignment.path("group").asText())) {
        memberLists.add(
            document.path("groups").path(assignment.path("group").asText()).path("members"));
      }
    }
    workspace.path("groups").forEach(group -> memberLists.add(group.path("members")));
    while (!memberLists.isEmpty()) {
      JsonNode members = memberLists.pop();
      members.path(memberField).forEach(member -> result.add(member.asText()));
      for (JsonNode group : members.path("groups")) {
        String name = group.asText();
        if (document.path("groups").has(name) && seenGroups.add(name)) {
          memberLists.add(document.path("groups").path(name).path("members"));
        }
      }
    }
    return result;
  }
}
