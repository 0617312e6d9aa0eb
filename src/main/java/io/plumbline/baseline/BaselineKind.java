package io.plumbline.baseline;

import java.util.Arrays;
import java.util.Optional;

/**
 * A kind of resource a baseline declares: the key of its section (and of its management mode) in a
 * baseline file, and the snapshot resource type it is compared with.
 */
public enum BaselineKind {
  WORKSPACES("workspaces", "databricks_mws_workspaces", "workspace"),
  METASTORES("metastores", "databricks_metastore", "metastore"),
  CREDENTIALS("credentials", "databricks_mws_credentials", "credentials configuration"),
  STORAGE_CONFIGURATIONS(
      "storage_configurations", "databricks_mws_storage_configurations", "storage configuration"),
  NETWORKS("networks", "databricks_mws_networks", "network configuration"),
  LOG_DELIVERY("log_delivery", "databricks_mws_log_delivery", "log delivery configuration"),
  IP_ACCESS_LISTS("ip_access_lists", "databricks_ip_access_list", "IP access list"),
  GROUPS("groups", "databricks_group", "group"),
  GROUP_MEMBERS("group_members", "databricks_group_member", "group member"),
  USERS("users", "databricks_user", "user"),
  SERVICE_PRINCIPALS("service_principals", "databricks_service_principal", "service principal"),
  METASTORE_ASSIGNMENT(
      "metastore_assignment", "databricks_metastore_assignment", "metastore assignment"),
  PERMISSION_ASSIGNMENTS(
      "permission_assignments", "databricks_mws_permission_assignment", "identity assignment"),
  CLUSTER_POLICIES("cluster_policies", "databricks_cluster_policy", "cluster policy"),
  CLUSTER_POLICY_PERMISSIONS(
      "cluster_policy_permissions", "databricks_permissions", "cluster policy grant"),
  WORKSPACE_CONF("workspace_conf", "databricks_workspace_conf", "workspace setting"),
  INSTANCE_PROFILES("instance_profiles", "databricks_instance_profile", "instance profile"),
  CATALOGS("catalogs", "databricks_catalog", "catalog"),
  STORAGE_CREDENTIALS("storage_credentials", "databricks_storage_credential", "storage credential"),
  EXTERNAL_LOCATIONS("external_locations", "databricks_external_location", "external location"),
  IAM_ROLES("iam_roles", "aws_iam_role", "IAM role"),
  IAM_INSTANCE_PROFILES(
      "iam_instance_profiles", "aws_iam_instance_profile", "IAM instance profile");

  private final String key;
  private final String resourceType;
  private final String noun;

  BaselineKind(String key, String resourceType, String noun) {
    this.key = key;
    this.resourceType = resourceType;
    this.noun = noun;
  }

  /** The section and mode key in baseline files, e.g. {@code cluster_policies}. */
  public String key() {
    return key;
  }

  /** The snapshot resource type, e.g. {@code databricks_cluster_policy}. */
  public String resourceType() {
    return resourceType;
  }

  /** What one item is called in messages, e.g. "cluster policy". */
  public String noun() {
    return noun;
  }

  public static Optional<BaselineKind> byKey(String key) {
    return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst();
  }
}
