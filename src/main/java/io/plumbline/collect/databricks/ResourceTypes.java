package io.plumbline.collect.databricks;

import static io.plumbline.collect.ResourceTypeSpec.databricks;

import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.model.ScopeKind;
import java.util.List;

/**
 * The resource types the Databricks collector reads, named as the Terraform provider names them,
 * with their id attribute (a composite id is written {@code a|b}: the attributes joined by a bar),
 * the calls that read them and the least Databricks role that sees all of them.
 */
final class ResourceTypes {

  static final String MWS_WORKSPACES = "databricks_mws_workspaces";
  static final String MWS_CREDENTIALS = "databricks_mws_credentials";
  static final String MWS_STORAGE_CONFIGURATIONS = "databricks_mws_storage_configurations";
  static final String MWS_NETWORKS = "databricks_mws_networks";
  static final String MWS_PRIVATE_ACCESS_SETTINGS = "databricks_mws_private_access_settings";
  static final String MWS_VPC_ENDPOINT = "databricks_mws_vpc_endpoint";
  static final String MWS_CUSTOMER_MANAGED_KEYS = "databricks_mws_customer_managed_keys";
  static final String MWS_LOG_DELIVERY = "databricks_mws_log_delivery";
  static final String METASTORE = "databricks_metastore";
  static final String GROUP = "databricks_group";
  static final String GROUP_MEMBER = "databricks_group_member";
  static final String USER = "databricks_user";
  static final String SERVICE_PRINCIPAL = "databricks_service_principal";
  static final String IP_ACCESS_LIST = "databricks_ip_access_list";

  /**
   * The account's {@code acct_ip_acl_enable} setting. The Terraform provider manages it only
   * through its generic settings resources, so it gets a name of its own in the provider's style.
   */
  static final String ACCOUNT_IP_ACCESS_ENABLED = "databricks_account_ip_access_enabled";

  static final String METASTORE_ASSIGNMENT = "databricks_metastore_assignment";
  static final String MWS_PERMISSION_ASSIGNMENT = "databricks_mws_permission_assignment";
  static final String CLUSTER_POLICY = "databricks_cluster_policy";
  static final String PERMISSIONS = "databricks_permissions";
  static final String WORKSPACE_CONF = "databricks_workspace_conf";
  static final String INSTANCE_PROFILE = "databricks_instance_profile";
  static final String TOKEN = "databricks_token";
  static final String CLUSTER = "databricks_cluster";
  static final String CATALOG = "databricks_catalog";
  static final String STORAGE_CREDENTIAL = "databricks_storage_credential";
  static final String EXTERNAL_LOCATION = "databricks_external_location";

  private static final String ACCOUNT_ADMIN = "account admin";
  private static final String WORKSPACE_ADMIN = "workspace admin";
  private static final String METASTORE_ADMIN = "metastore admin";
  private static final String ACCOUNT = "/api/2.0/accounts/{account_id}";
  private static final String WORKSPACE_SCIM = "/api/2.0/preview/scim/v2";

  static final List<ResourceTypeSpec> ALL =
      List.of(
          account(
              MWS_WORKSPACES,
              "workspace_id",
              "GET " + ACCOUNT + "/workspaces",
              "GET " + ACCOUNT + "/metastores",
              "GET " + ACCOUNT + "/metastores/{metastore_id}/workspaces"),
          account(MWS_CREDENTIALS, "credentials_id", "GET " + ACCOUNT + "/credentials"),
          account(
              MWS_STORAGE_CONFIGURATIONS,
              "storage_configuration_id",
              "GET " + ACCOUNT + "/storage-configurations"),
          account(MWS_NETWORKS, "network_id", "GET " + ACCOUNT + "/networks"),
          account(
              MWS_PRIVATE_ACCESS_SETTINGS,
              "private_access_settings_id",
              "GET " + ACCOUNT + "/private-access-settings"),
          account(MWS_VPC_ENDPOINT, "vpc_endpoint_id", "GET " + ACCOUNT + "/vpc-endpoints"),
          account(
              MWS_CUSTOMER_MANAGED_KEYS,
              "customer_managed_key_id",
              "GET " + ACCOUNT + "/customer-managed-keys"),
          account(MWS_LOG_DELIVERY, "config_id", "GET " + ACCOUNT + "/log-delivery"),
          account(METASTORE, "metastore_id", "GET " + ACCOUNT + "/metastores"),
          account(
              GROUP,
              "group_id",
              "GET " + ACCOUNT + "/scim/v2/Groups",
              "GET " + ACCOUNT + "/scim/v2/Groups/{id}"),
          account(
              GROUP_MEMBER,
              "group_id|member_id",
              "GET " + ACCOUNT + "/scim/v2/Groups",
              "GET " + ACCOUNT + "/scim/v2/Groups/{id}"),
          account(USER, "user_id", "GET " + ACCOUNT + "/scim/v2/Users"),
          account(
              SERVICE_PRINCIPAL,
              "service_principal_id",
              "GET " + ACCOUNT + "/scim/v2/ServicePrincipals"),
          account(IP_ACCESS_LIST, "list_id", "GET " + ACCOUNT + "/ip-access-lists"),
          account(
              ACCOUNT_IP_ACCESS_ENABLED,
              "setting",
              "GET " + ACCOUNT + "/settings/types/acct_ip_acl_enable/names/default"),
          workspace(
              METASTORE_ASSIGNMENT,
              "workspace_id|metastore_id",
              ACCOUNT_ADMIN,
              "GET " + ACCOUNT + "/metastores",
              "GET " + ACCOUNT + "/metastores/{metastore_id}/workspaces",
              "GET " + ACCOUNT + "/workspaces/{workspace_id}/metastore"),
          workspace(
              MWS_PERMISSION_ASSIGNMENT,
              "workspace_id|principal_id",
              ACCOUNT_ADMIN,
              "GET " + ACCOUNT + "/workspaces/{workspace_id}/permissionassignments"),
          workspace(GROUP, "group_id", WORKSPACE_ADMIN, "GET " + WORKSPACE_SCIM + "/Groups"),
          workspace(
              GROUP_MEMBER,
              "group_id|member_id",
              WORKSPACE_ADMIN,
              "GET " + WORKSPACE_SCIM + "/Groups"),
          workspace(USER, "user_id", WORKSPACE_ADMIN, "GET " + WORKSPACE_SCIM + "/Users"),
          workspace(
              SERVICE_PRINCIPAL,
              "service_principal_id",
              WORKSPACE_ADMIN,
              "GET " + WORKSPACE_SCIM + "/ServicePrincipals"),
          workspace(
              CLUSTER_POLICY, "policy_id", WORKSPACE_ADMIN, "GET /api/2.0/policies/clusters/list"),
          workspace(
              PERMISSIONS,
              "object_id",
              WORKSPACE_ADMIN,
              "GET /api/2.0/policies/clusters/list",
              "GET /api/2.0/permissions/cluster-policies/{policy_id}"),
          workspace(WORKSPACE_CONF, "_", WORKSPACE_ADMIN, "GET /api/2.0/workspace-conf"),
          workspace(
              INSTANCE_PROFILE,
              "instance_profile_arn",
              WORKSPACE_ADMIN,
              "GET /api/2.0/instance-profiles/list"),
          workspace(IP_ACCESS_LIST, "list_id", WORKSPACE_ADMIN, "GET /api/2.0/ip-access-lists"),
          workspace(TOKEN, "token_id", WORKSPACE_ADMIN, "GET /api/2.0/token-management/tokens"),
          workspace(CLUSTER, "cluster_id", WORKSPACE_ADMIN, "GET /api/2.1/clusters/list"),
          workspace(CATALOG, "name", METASTORE_ADMIN, "GET /api/2.1/unity-catalog/catalogs"),
          workspace(
              STORAGE_CREDENTIAL,
              "name",
              METASTORE_ADMIN,
              "GET /api/2.1/unity-catalog/storage-credentials"),
          workspace(
              EXTERNAL_LOCATION,
              "name",
              METASTORE_ADMIN,
              "GET /api/2.1/unity-catalog/external-locations"));

  /** Types read once per workspace, in the order their reads are scheduled. */
  static final List<String> PER_WORKSPACE =
      ALL.stream()
          .filter(spec -> spec.scopeKind() == ScopeKind.WORKSPACE)
          .map(ResourceTypeSpec::type)
          .toList();

  private ResourceTypes() {}

  private static ResourceTypeSpec account(String type, String idAttribute, String... apiCalls) {
    return databricks(type, ScopeKind.ACCOUNT, idAttribute, ACCOUNT_ADMIN, apiCalls);
  }

  private static ResourceTypeSpec workspace(
      String type, String idAttribute, String role, String... apiCalls) {
    return databricks(type, ScopeKind.WORKSPACE, idAttribute, role, apiCalls);
  }
}
