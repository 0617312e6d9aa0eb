package io.plumbline.model;

import static io.plumbline.model.ApiCall.rest;
import static io.plumbline.model.AttributeType.NUMBER;
import static io.plumbline.model.AttributeType.OBJECT;
import static io.plumbline.model.ManagementMode.EXACT;
import static io.plumbline.model.ManagementMode.EXTERNAL;
import static io.plumbline.model.ScopeKind.ACCOUNT;
import static io.plumbline.model.ScopeKind.WORKSPACE;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource type plumbline knows, declared once. Collection, facts, baselines, drift,
 * Terraform import, the sandbox, the permission documents, the {@code api} metric label and {@code
 * plumbline types} all read these declarations; nothing else lists a type's attributes.
 *
 * <p>Names are the Terraform provider's resource type names. A type read both at account level and
 * in workspaces (groups, users) has one read per scope kind. Composite ids join their attributes'
 * values with {@code |} ({@link ResourceType#ID_SEPARATOR}), for every type.
 */
public final class ResourceCatalogue {

  /** The least Databricks roles that see everything a read returns. */
  public static final String ACCOUNT_ADMIN = "account admin";

  public static final String WORKSPACE_ADMIN = "workspace admin";
  public static final String METASTORE_ADMIN = "metastore admin";

  private static final String ACCOUNT_API = "/api/2.0/accounts/{account_id}";
  private static final String WORKSPACE_SCIM = "/api/2.0/preview/scim/v2";

  private static ApiCall account(String path) {
    return rest("GET " + ACCOUNT_API + path);
  }

  private static ApiCall workspace(String path) {
    return rest("GET " + path);
  }

  // ---- the account: its workspaces and their provisioning
  // ----------------------------------------

  public static final ResourceType MWS_WORKSPACES =
      ResourceType.named("databricks_mws_workspaces", "workspace")
          .databricks(
              ACCOUNT,
              ACCOUNT_ADMIN,
              account("/workspaces"),
              account("/metastores"),
              account("/metastores/{metastore_id}/workspaces"))
          .id("workspace_id")
          .numbers("workspace_id")
          .strings(
              "workspace_name",
              "deployment_name",
              "account_id",
              "aws_region",
              "pricing_tier",
              "workspace_status",
              "credentials_id",
              "storage_configuration_id",
              "network_id",
              "private_access_settings_id",
              "managed_services_customer_managed_key_id",
              "storage_customer_managed_key_id",
              "network_connectivity_config_id",
              "metastore_id")
          .numbers("creation_time")
          .stringMaps("custom_tags")
          .baseline("workspaces", "workspace_name", EXACT)
          .terraform(
              "databricks_mws_workspaces",
              "workspace_id",
              "deployment_name",
              "aws_region",
              "pricing_tier",
              "credentials_id",
              "storage_configuration_id",
              "network_id",
              "private_access_settings_id",
              "managed_services_customer_managed_key_id",
              "storage_customer_managed_key_id",
              "custom_tags")
          .build();

  public static final ResourceType MWS_CREDENTIALS =
      ResourceType.named("databricks_mws_credentials", "credentials configuration")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/credentials"))
          .id("credentials_id")
          .strings("credentials_id", "credentials_name", "role_arn", "external_id")
          .numbers("creation_time")
          .baseline(
              "credentials", "credentials_name", EXACT, "credentials_id", "role_arn", "external_id")
          .terraform("databricks_mws_credentials", "credentials_id", "role_arn", "external_id")
          .build();

  public static final ResourceType MWS_STORAGE_CONFIGURATIONS =
      ResourceType.named("databricks_mws_storage_configurations", "storage configuration")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/storage-configurations"))
          .id("storage_configuration_id")
          .strings(
              "storage_configuration_id", "storage_configuration_name", "bucket_name", "role_arn")
          .numbers("creation_time")
          .baseline(
              "storage_configurations",
              "storage_configuration_name",
              EXACT,
              "storage_configuration_id",
              "bucket_name",
              "role_arn")
          .terraform(
              "databricks_mws_storage_configurations",
              "storage_configuration_id",
              "bucket_name",
              "role_arn")
          .build();

  public static final ResourceType MWS_NETWORKS =
      ResourceType.named("databricks_mws_networks", "network configuration")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/networks"))
          .id("network_id")
          .strings("network_id", "network_name", "vpc_id", "vpc_status")
          .stringLists("subnet_ids", "security_group_ids")
          .objects("vpc_endpoints")
          .numbers("workspace_id", "creation_time")
          .baseline(
              "networks",
              "network_name",
              EXACT,
              "network_id",
              "vpc_id",
              "subnet_ids",
              "security_group_ids")
          .terraform(
              "databricks_mws_networks", "network_id", "vpc_id", "subnet_ids", "security_group_ids")
          .build();

  public static final ResourceType MWS_PRIVATE_ACCESS_SETTINGS =
      ResourceType.named("databricks_mws_private_access_settings", "private access settings")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/private-access-settings"))
          .id("private_access_settings_id")
          .strings(
              "private_access_settings_id",
              "private_access_settings_name",
              "region",
              "private_access_level")
          .booleans("public_access_enabled")
          .stringLists("allowed_vpc_endpoint_ids")
          .build();

  public static final ResourceType MWS_VPC_ENDPOINT =
      ResourceType.named("databricks_mws_vpc_endpoint", "VPC endpoint registration")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/vpc-endpoints"))
          .id("vpc_endpoint_id")
          .strings(
              "vpc_endpoint_id",
              "vpc_endpoint_name",
              "aws_vpc_endpoint_id",
              "aws_endpoint_service_id",
              "aws_account_id",
              "region",
              "state",
              "use_case")
          .build();

  public static final ResourceType MWS_CUSTOMER_MANAGED_KEYS =
      ResourceType.named("databricks_mws_customer_managed_keys", "customer-managed key")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/customer-managed-keys"))
          .id("customer_managed_key_id")
          .strings("customer_managed_key_id")
          .numbers("creation_time")
          .strings("key_arn", "key_alias", "key_region")
          .stringLists("use_cases")
          .build();

  public static final ResourceType MWS_LOG_DELIVERY =
      ResourceType.named("databricks_mws_log_delivery", "log delivery configuration")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/log-delivery"))
          .id("config_id")
          .strings(
              "config_id",
              "config_name",
              "log_type",
              "output_format",
              "credentials_id",
              "storage_configuration_id",
              "delivery_path_prefix",
              "delivery_start_time",
              "status")
          .stringLists("workspace_ids_filter")
          .strings("delivery_status")
          .baseline(
              "log_delivery",
              "config_name",
              EXACT,
              "config_id",
              "log_type",
              "output_format",
              "credentials_id",
              "storage_configuration_id",
              "delivery_path_prefix",
              "workspace_ids_filter",
              "status")
          .terraform(
              "databricks_mws_log_delivery",
              "config_id",
              "log_type",
              "output_format",
              "credentials_id",
              "storage_configuration_id",
              "delivery_path_prefix",
              "status",
              "workspace_ids_filter")
          .build();

  public static final ResourceType METASTORE =
      ResourceType.named("databricks_metastore", "metastore")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/metastores"))
          .id("metastore_id")
          .strings(
              "metastore_id",
              "name",
              "owner",
              "region",
              "storage_root",
              "storage_root_credential_id",
              "delta_sharing_scope",
              "delta_sharing_organization_name")
          .numbers("delta_sharing_recipient_token_lifetime_in_seconds")
          .strings("privilege_model_version")
          .baseline(
              "metastores",
              "name",
              EXACT,
              "metastore_id",
              "region",
              "storage_root",
              "owner",
              "delta_sharing_scope")
          .terraform(
              "databricks_metastore",
              "metastore_id",
              "region",
              "owner",
              "delta_sharing_scope",
              "storage_root")
          .build();

  // ---- identities
  // --------------------------------------------------------------------------------

  public static final ResourceType GROUP =
      ResourceType.named("databricks_group", "group")
          .databricks(
              ACCOUNT, ACCOUNT_ADMIN, account("/scim/v2/Groups"), account("/scim/v2/Groups/{id}"))
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace(WORKSPACE_SCIM + "/Groups"))
          .id("group_id")
          .strings("group_id", "display_name", "external_id")
          .stringLists("entitlements", "roles")
          .objects("members", "effective_members")
          .booleans("scim_provisioned", "workspace_local")
          .baseline("groups", "display_name", EXACT)
          .terraform("databricks_group", "id -> group_id", "external_id")
          .build();

  public static final ResourceType GROUP_MEMBER =
      ResourceType.named("databricks_group_member", "group member")
          .databricks(
              ACCOUNT, ACCOUNT_ADMIN, account("/scim/v2/Groups"), account("/scim/v2/Groups/{id}"))
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace(WORKSPACE_SCIM + "/Groups"))
          .id("group_id", "member_id")
          .strings("group_id", "group_display_name", "member_id", "member_kind", "member_display")
          .baseline(
              new BaselineSection(
                  "group_members", "", List.of(), modes(EXACT, EXACT, ManagementMode.SUBSET)))
          .terraform("databricks_group_member", "group_id", "member_id")
          .build();

  public static final ResourceType USER =
      ResourceType.named("databricks_user", "user")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/scim/v2/Users"))
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace(WORKSPACE_SCIM + "/Users"))
          .id("user_id")
          .strings("user_id", "user_name", "display_name", "external_id")
          .booleans("active")
          .stringLists("emails", "entitlements", "roles")
          .booleans("scim_provisioned")
          .baseline(
              "users", "user_name", EXTERNAL, "user_id", "display_name", "external_id", "active")
          .terraform("databricks_user", "id -> user_id", "display_name", "external_id", "active")
          .build();

  public static final ResourceType SERVICE_PRINCIPAL =
      ResourceType.named("databricks_service_principal", "service principal")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/scim/v2/ServicePrincipals"))
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace(WORKSPACE_SCIM + "/ServicePrincipals"))
          .id("service_principal_id")
          .strings("service_principal_id", "application_id", "display_name", "external_id")
          .booleans("active")
          .stringLists("entitlements", "roles")
          .booleans("scim_provisioned")
          .baseline(
              "service_principals",
              "display_name",
              EXTERNAL,
              "service_principal_id",
              "application_id",
              "external_id",
              "active")
          .terraform(
              "databricks_service_principal",
              "id -> service_principal_id",
              "application_id",
              "external_id",
              "active")
          .build();

  // ---- access: IP lists, identity assignment ---------------------------------------------------

  public static final ResourceType IP_ACCESS_LIST =
      ResourceType.named("databricks_ip_access_list", "IP access list")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/ip-access-lists"))
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace("/api/2.0/ip-access-lists"))
          .id("list_id")
          .strings("list_id", "label", "list_type")
          .stringLists("ip_addresses")
          .booleans("enabled")
          .baseline(
              "ip_access_lists", "label", EXACT, "list_id", "list_type", "ip_addresses", "enabled")
          .terraform(
              "databricks_ip_access_list", "id -> list_id", "list_type", "ip_addresses", "enabled")
          .build();

  /**
   * The account's {@code acct_ip_acl_enable} setting. The Terraform provider manages it only
   * through its generic settings resources, so it gets a name of its own in the provider's style.
   */
  public static final ResourceType ACCOUNT_IP_ACCESS_ENABLED =
      ResourceType.named("databricks_account_ip_access_enabled", "account IP access setting")
          .databricks(
              ACCOUNT,
              ACCOUNT_ADMIN,
              rest(
                  "GET " + ACCOUNT_API + "/settings/types/acct_ip_acl_enable/names/default",
                  "settings"))
          .id("setting")
          .strings("setting")
          .booleans("enabled")
          .build();

  public static final ResourceType METASTORE_ASSIGNMENT =
      ResourceType.named("databricks_metastore_assignment", "metastore assignment")
          .databricks(
              WORKSPACE,
              ACCOUNT_ADMIN,
              account("/metastores"),
              account("/metastores/{metastore_id}/workspaces"),
              account("/workspaces/{workspace_id}/metastore"))
          .id("workspace_id", "metastore_id")
          .numbers("workspace_id")
          .strings("metastore_id", "default_catalog_name")
          .baseline("metastore_assignment", "", EXACT)
          .terraform("databricks_metastore_assignment", "metastore_id", "default_catalog_name")
          .build();

  public static final ResourceType MWS_PERMISSION_ASSIGNMENT =
      ResourceType.named("databricks_mws_permission_assignment", "identity assignment")
          .databricks(
              WORKSPACE, ACCOUNT_ADMIN, account("/workspaces/{workspace_id}/permissionassignments"))
          .id("workspace_id", "principal_id")
          .numbers("workspace_id", "principal_id")
          .strings("principal_kind", "principal_name", "display_name")
          .stringLists("permissions")
          .baseline("permission_assignments", "", EXACT)
          .terraform("databricks_mws_permission_assignment", "principal_id", "permissions")
          .build();

  // ---- workspace configuration
  // -------------------------------------------------------------------

  public static final ResourceType CLUSTER_POLICY =
      ResourceType.named("databricks_cluster_policy", "cluster policy")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace("/api/2.0/policies/clusters/list"))
          .id("policy_id")
          .strings("policy_id", "name", "description")
          .numbers("max_clusters_per_user")
          .strings("policy_family_id")
          .booleans("is_default")
          .strings("creator_user_name")
          .numbers("created_at_timestamp")
          .normalised("definition", OBJECT, NormalForm.CLUSTER_POLICY_DEFINITION)
          .normalised(
              "policy_family_definition_overrides", OBJECT, NormalForm.CLUSTER_POLICY_DEFINITION)
          .baseline("cluster_policies", "name", EXACT)
          .terraform(
              "databricks_cluster_policy",
              "policy_id",
              "definition",
              "policy_family_id",
              "description",
              "max_clusters_per_user")
          .build();

  /**
   * The grants made on one object (a cluster policy, and the object kinds of {@link
   * #PERMISSION_KINDS}); its id is the API's {@code object_id} ({@code /cluster-policies/ID},
   * {@code /jobs/ID}, {@code /authorization/tokens}). {@code access_control} holds the direct
   * grants, {@code inherited_access_control} those the object inherits (from a folder, or the
   * admins' grant on every object of its kind), kept apart: the Terraform provider declares only
   * direct ones.
   */
  public static final ResourceType PERMISSIONS =
      ResourceType.named("databricks_permissions", "cluster policy grant")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              workspace("/api/2.0/policies/clusters/list"),
              rest("GET /api/2.0/permissions/cluster-policies/{policy_id}", "permissions"),
              rest("GET /api/2.0/permissions/{request_object_type}/{id}", "permissions"))
          .id("object_id")
          .strings("object_id", "cluster_policy_id")
          .objectLists("access_control")
          // ---- object kinds beyond cluster policies (workspace objects section below)
          .strings(
              "object_type",
              "object_name",
              "cluster_id",
              "job_id",
              "notebook_id",
              "directory_id",
              "repo_id",
              "sql_endpoint_id",
              "instance_pool_id",
              "serving_endpoint_id",
              "authorization")
          .objectLists("inherited_access_control")
          .baseline(
              new BaselineSection(
                  "cluster_policy_permissions",
                  "",
                  List.of(),
                  modes(EXACT, EXACT, ManagementMode.OBSERVE)))
          .terraform("databricks_permissions", "cluster_policy_id", "access_control")
          .build();

  public static final ResourceType WORKSPACE_CONF =
      ResourceType.named("databricks_workspace_conf", "workspace setting")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace("/api/2.0/workspace-conf"))
          .stringMaps("custom_config")
          .baseline("workspace_conf", "", EXACT)
          .terraform("databricks_workspace_conf", "custom_config")
          .build();

  public static final ResourceType INSTANCE_PROFILE =
      ResourceType.named("databricks_instance_profile", "instance profile")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace("/api/2.0/instance-profiles/list"))
          .id("instance_profile_arn")
          .strings("instance_profile_arn", "iam_role_arn")
          .booleans("is_meta_instance_profile")
          .baseline(
              "instance_profiles",
              "instance_profile_arn",
              EXACT,
              "iam_role_arn",
              "is_meta_instance_profile")
          .terraform(
              "databricks_instance_profile",
              "instance_profile_arn",
              "iam_role_arn",
              "is_meta_instance_profile")
          .build();

  /** Tokens as listed, never their values; {@code expiry_time} -1 means never. */
  public static final ResourceType TOKEN =
      ResourceType.named("databricks_token", "token")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.0/token-management/tokens", "token_management"))
          .id("token_id")
          .strings("token_id", "comment")
          .numbers("owner_id", "created_by_id")
          .strings("created_by_username")
          .numbers("creation_time", "expiry_time")
          .volatileAttribute("last_used_day", NUMBER)
          .build();

  /** Clusters with their configuration; run state is left out (it changes by the hour). */
  public static final ResourceType CLUSTER =
      ResourceType.named("databricks_cluster", "cluster")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.1/clusters/list"))
          .id("cluster_id")
          .strings(
              "cluster_id",
              "cluster_name",
              "policy_id",
              "data_security_mode",
              "single_user_name",
              "cluster_source",
              "creator_user_name",
              "spark_version",
              "node_type_id",
              "driver_node_type_id")
          .numbers("num_workers")
          .objects("autoscale")
          .numbers("autotermination_minutes")
          .booleans("enable_local_disk_encryption")
          .strings("runtime_engine", "instance_profile_arn")
          .stringMaps("custom_tags")
          // cluster-scoped init scripts: {workspace|volumes|s3|dbfs|file: {destination}}
          .objectLists("init_scripts")
          .build();

  /**
   * A global init script: runs on every cluster of the workspace at start, so a script nobody
   * declared is code nobody reviewed running everywhere. The script body is not collected.
   */
  public static final ResourceType GLOBAL_INIT_SCRIPT =
      ResourceType.named("databricks_global_init_script", "global init script")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, workspace("/api/2.0/global-init-scripts"))
          .id("script_id")
          .strings("script_id", "name")
          .booleans("enabled")
          .numbers("position")
          .strings("created_by")
          .numbers("created_at")
          .strings("updated_by")
          .numbers("updated_at")
          .baseline("global_init_scripts", "name", EXACT, "script_id", "enabled", "position")
          .terraform("databricks_global_init_script", "id -> script_id", "enabled", "position")
          .build();

  // ---- settings: the workspace and account settings the Security Analysis Tool checks
  // ----------

  /**
   * A setting of the settings API ({@code GET .../settings/types/{type}/names/default}): one
   * resource per scope, its attributes the fields of the message the answer wraps the value in (the
   * field beside {@code setting_name} and {@code etag}). A setting never written answers 404 and is
   * read as its default; proto3 JSON leaves a false flag out, so an absent flag is false.
   */
  private static ResourceType.Builder setting(
      ScopeKind scope, String name, String noun, String settingType) {
    String path =
        (scope == ACCOUNT ? ACCOUNT_API : "/api/2.0")
            + "/settings/types/"
            + settingType
            + "/names/default";
    return ResourceType.named(name, noun)
        .databricks(
            scope,
            scope == ACCOUNT ? ACCOUNT_ADMIN : WORKSPACE_ADMIN,
            rest("GET " + path, "settings." + settingType));
  }

  public static final ResourceType COMPLIANCE_SECURITY_PROFILE_SETTING =
      setting(
              WORKSPACE,
              "databricks_compliance_security_profile_workspace_setting",
              "compliance security profile setting",
              "shield_csp_enablement_ws_db")
          .booleans("is_enabled")
          .stringLists("compliance_standards")
          .terraform(
              "databricks_compliance_security_profile_workspace_setting",
              "compliance_security_profile_workspace.0.is_enabled -> is_enabled",
              "compliance_security_profile_workspace.0.compliance_standards -> compliance_standards")
          .build();

  public static final ResourceType ENHANCED_SECURITY_MONITORING_SETTING =
      setting(
              WORKSPACE,
              "databricks_enhanced_security_monitoring_workspace_setting",
              "enhanced security monitoring setting",
              "shield_esm_enablement_ws_db")
          .booleans("is_enabled")
          .terraform(
              "databricks_enhanced_security_monitoring_workspace_setting",
              "enhanced_security_monitoring_workspace.0.is_enabled -> is_enabled")
          .build();

  public static final ResourceType AUTOMATIC_CLUSTER_UPDATE_SETTING =
      setting(
              WORKSPACE,
              "databricks_automatic_cluster_update_workspace_setting",
              "automatic cluster update setting",
              "automatic_cluster_update")
          .booleans("enabled", "can_toggle")
          .objects("maintenance_window")
          .terraform(
              "databricks_automatic_cluster_update_workspace_setting",
              "automatic_cluster_update_workspace.0.enabled -> enabled")
          .build();

  public static final ResourceType RESTRICT_WORKSPACE_ADMINS_SETTING =
      setting(
              WORKSPACE,
              "databricks_restrict_workspace_admins_setting",
              "restrict workspace admins setting",
              "restrict_workspace_admins")
          .strings("status")
          .terraform(
              "databricks_restrict_workspace_admins_setting",
              "restrict_workspace_admins.0.status -> status")
          .build();

  public static final ResourceType DISABLE_LEGACY_ACCESS_SETTING =
      setting(
              WORKSPACE,
              "databricks_disable_legacy_access_setting",
              "disable legacy access setting",
              "disable_legacy_access")
          .booleans("value")
          .terraform(
              "databricks_disable_legacy_access_setting", "disable_legacy_access.0.value -> value")
          .build();

  public static final ResourceType DISABLE_LEGACY_DBFS_SETTING =
      setting(
              WORKSPACE,
              "databricks_disable_legacy_dbfs_setting",
              "disable legacy DBFS setting",
              "disable_legacy_dbfs")
          .booleans("value")
          .terraform(
              "databricks_disable_legacy_dbfs_setting", "disable_legacy_dbfs.0.value -> value")
          .build();

  /** The provider has no resource of its own for it: a name in its style. */
  public static final ResourceType SQL_RESULTS_DOWNLOAD_SETTING =
      setting(
              WORKSPACE,
              "databricks_sql_results_download_setting",
              "SQL results download setting",
              "sql_results_download")
          .booleans("value")
          .build();

  /** The compliance security profile new workspaces get (the account's default). */
  public static final ResourceType ACCOUNT_COMPLIANCE_SECURITY_PROFILE_SETTING =
      setting(
              ACCOUNT,
              "databricks_compliance_security_profile_account_setting",
              "account compliance security profile setting",
              "shield_csp_enablement_ac")
          .booleans("is_enforced")
          .stringLists("compliance_standards")
          .build();

  /** Enhanced security monitoring for new workspaces (the account's default). */
  public static final ResourceType ACCOUNT_ENHANCED_SECURITY_MONITORING_SETTING =
      setting(
              ACCOUNT,
              "databricks_enhanced_security_monitoring_account_setting",
              "account enhanced security monitoring setting",
              "shield_esm_enablement_ac")
          .booleans("is_enforced")
          .build();

  public static final ResourceType DISABLE_LEGACY_FEATURES_SETTING =
      setting(
              ACCOUNT,
              "databricks_disable_legacy_features_setting",
              "disable legacy features setting",
              "disable_legacy_features")
          .booleans("value")
          .terraform(
              "databricks_disable_legacy_features_setting",
              "disable_legacy_features.0.value -> value")
          .build();

  /** The settings read through the generic settings read, in declaration order. */
  public static final List<ResourceType> SETTINGS =
      List.of(
          COMPLIANCE_SECURITY_PROFILE_SETTING,
          ENHANCED_SECURITY_MONITORING_SETTING,
          AUTOMATIC_CLUSTER_UPDATE_SETTING,
          RESTRICT_WORKSPACE_ADMINS_SETTING,
          DISABLE_LEGACY_ACCESS_SETTING,
          DISABLE_LEGACY_DBFS_SETTING,
          SQL_RESULTS_DOWNLOAD_SETTING,
          ACCOUNT_COMPLIANCE_SECURITY_PROFILE_SETTING,
          ACCOUNT_ENHANCED_SECURITY_MONITORING_SETTING,
          DISABLE_LEGACY_FEATURES_SETTING);

  /**
   * Serverless egress and ingress policies of the account ({@code network_policy_id} {@code
   * default-policy} always exists).
   */
  public static final ResourceType ACCOUNT_NETWORK_POLICY =
      ResourceType.named("databricks_account_network_policy", "network policy")
          .databricks(ACCOUNT, ACCOUNT_ADMIN, account("/network-policies"))
          .id("network_policy_id")
          .strings("network_policy_id")
          .objects("egress", "ingress")
          .terraform("databricks_account_network_policy", "network_policy_id", "egress")
          .build();

  /** Which network policy a workspace's serverless compute runs under. */
  public static final ResourceType WORKSPACE_NETWORK_OPTION =
      ResourceType.named("databricks_workspace_network_option", "workspace network option")
          .databricks(WORKSPACE, ACCOUNT_ADMIN, account("/workspaces/{workspace_id}/network"))
          .strings("network_policy_id")
          .terraform("databricks_workspace_network_option", "network_policy_id")
          .build();

  /**
   * A service principal's OAuth client secrets, as listed: their status and times, never the secret
   * or its hash. Listed by the principal's SCIM id.
   */
  public static final ResourceType SERVICE_PRINCIPAL_SECRET =
      ResourceType.named("databricks_service_principal_secret", "service principal OAuth secret")
          .databricks(
              ACCOUNT,
              ACCOUNT_ADMIN,
              account("/scim/v2/ServicePrincipals"),
              account("/servicePrincipals/{service_principal_id}/credentials/secrets"))
          .id("service_principal_id", "id")
          .strings("service_principal_id", "application_id", "id", "status")
          .strings("create_time", "update_time", "expire_time")
          .build();

  // ---- Unity Catalog
  // -----------------------------------------------------------------------------

  public static final ResourceType CATALOG =
      ResourceType.named("databricks_catalog", "catalog")
          .databricks(WORKSPACE, METASTORE_ADMIN, rest("GET /api/2.1/unity-catalog/catalogs"))
          .id("name")
          .strings(
              "name",
              "owner",
              "catalog_type",
              "isolation_mode",
              "storage_root",
              "metastore_id",
              "comment")
          .baseline("catalogs", "name", EXACT, "owner", "isolation_mode", "storage_root", "comment")
          .terraform("databricks_catalog", "owner", "isolation_mode", "storage_root", "comment")
          .build();

  public static final ResourceType STORAGE_CREDENTIAL =
      ResourceType.named("databricks_storage_credential", "storage credential")
          .databricks(
              WORKSPACE, METASTORE_ADMIN, rest("GET /api/2.1/unity-catalog/storage-credentials"))
          .id("name")
          .strings("name", "storage_credential_id", "owner", "isolation_mode")
          .booleans("read_only")
          .strings("metastore_id", "comment", "role_arn", "external_id", "unity_catalog_iam_arn")
          .baseline(
              "storage_credentials",
              "name",
              EXACT,
              "owner",
              "role_arn",
              "read_only",
              "isolation_mode",
              "comment")
          .terraform(
              "databricks_storage_credential",
              "owner",
              "comment",
              "aws_iam_role.0.role_arn -> role_arn",
              "read_only")
          .build();

  public static final ResourceType EXTERNAL_LOCATION =
      ResourceType.named("databricks_external_location", "external location")
          .databricks(
              WORKSPACE, METASTORE_ADMIN, rest("GET /api/2.1/unity-catalog/external-locations"))
          .id("name")
          .strings("name", "url", "credential_name", "owner")
          .booleans("read_only")
          .strings("isolation_mode", "metastore_id", "comment")
          .baseline(
              "external_locations",
              "name",
              EXACT,
              "url",
              "credential_name",
              "owner",
              "read_only",
              "isolation_mode",
              "comment")
          .terraform(
              "databricks_external_location",
              "url",
              "credential_name",
              "owner",
              "comment",
              "read_only")
          .build();

  /**
   * A Delta Sharing recipient of the metastore. Its tokens are kept as id and times only: never the
   * activation link, which downloads the credential.
   */
  public static final ResourceType RECIPIENT =
      ResourceType.named("databricks_recipient", "Delta Sharing recipient")
          .databricks(WORKSPACE, METASTORE_ADMIN, rest("GET /api/2.1/unity-catalog/recipients"))
          .id("name")
          .strings(
              "name",
              "authentication_type",
              "owner",
              "comment",
              "data_recipient_global_metastore_id")
          .objects("ip_access_list")
          .objectLists("tokens")
          .terraform(
              "databricks_recipient",
              "name",
              "authentication_type",
              "owner",
              "data_recipient_global_metastore_id")
          .build();

  // ---- AWS IAM
  // -----------------------------------------------------------------------------------

  public static final ResourceType IAM_ROLE =
      ResourceType.named("aws_iam_role", "IAM role")
          .aws(
              "iam:GetAccountAuthorizationDetails",
              "iam:ListRoles",
              // only for a role that GetAccountAuthorizationDetails saw and ListRoles did not
              "iam:GetRole")
          .id("name")
          .strings("name", "arn", "role_id", "path", "description", "create_date")
          .numbers("max_session_duration")
          .normalised("assume_role_policy", OBJECT, NormalForm.TRUST_POLICY)
          .objects("inline_policies")
          .stringLists("managed_policy_arns", "instance_profile_arns")
          .strings("permissions_boundary")
          .stringMaps("tags")
          .volatileAttribute("role_last_used", OBJECT)
          .baseline("iam_roles", "name", EXACT)
          .terraform("aws_iam_role", "path", "description", "assume_role_policy")
          .build();

  /** An inline policy of a role; its id is {@code role|name}. */
  public static final ResourceType IAM_ROLE_POLICY =
      ResourceType.named("aws_iam_role_policy", "inline role policy")
          .aws("iam:GetAccountAuthorizationDetails")
          .id("role", "name")
          .strings("role", "name")
          .normalised("policy", OBJECT, NormalForm.IAM_POLICY_DOCUMENT)
          .terraform("aws_iam_role_policy", "role", "name", "policy")
          .build();

  /** A managed policy attached to a role; its id is {@code role|policy_arn}. */
  public static final ResourceType IAM_ROLE_POLICY_ATTACHMENT =
      ResourceType.named("aws_iam_role_policy_attachment", "role policy attachment")
          .aws("iam:GetAccountAuthorizationDetails")
          .id("role", "policy_arn")
          .strings("role", "policy_arn")
          .terraform("aws_iam_role_policy_attachment", "role", "policy_arn")
          .build();

  public static final ResourceType IAM_POLICY =
      ResourceType.named("aws_iam_policy", "IAM managed policy")
          .aws("iam:GetAccountAuthorizationDetails")
          .id("arn")
          .strings("arn", "name", "policy_id", "path", "description", "default_version_id")
          .booleans("aws_managed")
          .numbers("attachment_count", "permissions_boundary_usage_count")
          .strings("create_date", "update_date")
          .normalised("policy", OBJECT, NormalForm.IAM_POLICY_DOCUMENT)
          .build();

  public static final ResourceType IAM_INSTANCE_PROFILE =
      ResourceType.named("aws_iam_instance_profile", "IAM instance profile")
          .aws("iam:ListInstanceProfiles")
          .id("name")
          .strings("name", "arn", "instance_profile_id", "path", "create_date")
          .stringLists("roles")
          .baseline("iam_instance_profiles", "name", EXACT, "arn", "path", "roles")
          .terraform("aws_iam_instance_profile", "path", "role")
          .build();

  // ==== BEGIN workspace objects (issue 11: jobs, notebooks, repos, object permissions, secrets,
  // warehouses, pools, serving endpoints, runtimes). One section, so that merges stay simple.
  // ======================================================================================

  /** Jobs and notebooks are Terraform (Full), Mixed (Partial), Manual (Structural). */
  private static final Map<MigrationType, ManagementMode> JOBS_AND_NOTEBOOKS =
      modes(EXACT, ManagementMode.SUBSET, ManagementMode.OBSERVE);

  /**
   * A job: its settings (tasks and job clusters read completely, past the 100 the list gives), who
   * runs it, its schedule and Git source. {@code instance_profile_arns}, {@code policy_ids}, {@code
   * spark_versions} and {@code init_scripts} are gathered from every cluster spec of the job (job
   * clusters and tasks' new clusters); {@code clusters_without_policy} names the specs (job cluster
   * key, or task key) with no {@code policy_id}.
   */
  public static final ResourceType JOB =
      ResourceType.named("databricks_job", "job")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.2/jobs/list"),
              rest("GET /api/2.2/jobs/get"))
          .id("job_id")
          .numbers("job_id")
          .strings("name", "creator_user_name")
          .numbers("created_time")
          .strings("run_as_user_name", "run_as_service_principal_name")
          .objects("schedule")
          .strings("git_url", "git_provider")
          .stringMaps("tags")
          .numbers("task_count", "job_cluster_count")
          .objectLists("tasks", "job_clusters")
          .stringLists(
              "policy_ids",
              "clusters_without_policy",
              "instance_profile_arns",
              "spark_versions",
              "existing_cluster_ids")
          .objectLists("init_scripts")
          .baseline(
              new BaselineSection(
                  "jobs",
                  "name",
                  List.of(
                      "job_id",
                      "run_as_user_name",
                      "run_as_service_principal_name",
                      "git_url",
                      "git_provider",
                      "tags",
                      "instance_profile_arns"),
                  JOBS_AND_NOTEBOOKS))
          .terraform(
              "databricks_job",
              "id -> job_id",
              "name",
              "run_as.0.user_name -> run_as_user_name",
              "run_as.0.service_principal_name -> run_as_service_principal_name",
              "git_source.0.url -> git_url",
              "git_source.0.provider -> git_provider",
              "tags")
          .build();

  /** A notebook under one of the roots read (see {@code docs/resource-types.md}). */
  public static final ResourceType NOTEBOOK =
      ResourceType.named("databricks_notebook", "notebook")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.0/workspace/get-status"),
              rest("GET /api/2.0/workspace/list"))
          .id("path")
          .strings("path", "language")
          .numbers("object_id")
          .strings("root")
          .baseline(
              new BaselineSection("notebooks", "path", List.of("language"), JOBS_AND_NOTEBOOKS))
          .terraform("databricks_notebook", "path", "language")
          .build();

  /**
   * A folder: every one under the roots read, and each home folder ({@code /Users/<name>}) itself,
   * not its content.
   */
  public static final ResourceType DIRECTORY =
      ResourceType.named("databricks_directory", "directory")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.0/workspace/get-status"),
              rest("GET /api/2.0/workspace/list"))
          .id("path")
          .strings("path")
          .numbers("object_id")
          .strings("root")
          .booleans("is_git_folder", "home_folder")
          .baseline(
              new BaselineSection("directories", "path", List.of("object_id"), JOBS_AND_NOTEBOOKS))
          .terraform("databricks_directory", "path", "object_id")
          .build();

  /** A Git folder (repo); {@code provider} holds the API's wire names ({@code gitHub}, ...). */
  public static final ResourceType REPO =
      ResourceType.named("databricks_repo", "Git folder")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.0/repos"))
          .id("repo_id")
          .numbers("repo_id")
          .strings("path", "url", "provider", "branch", "head_commit_id", "git_host")
          .objects("sparse_checkout")
          .baseline(
              new BaselineSection(
                  "repos", "path", List.of("url", "provider", "branch"), JOBS_AND_NOTEBOOKS))
          .terraform(
              "databricks_repo",
              "id -> repo_id",
              "path",
              "url",
              "git_provider -> provider",
              "branch")
          .build();

  /** A secret scope: its metadata, never a secret (values are never read). */
  public static final ResourceType SECRET_SCOPE =
      ResourceType.named("databricks_secret_scope", "secret scope")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.0/secrets/scopes/list"))
          .id("name")
          .strings("name", "backend_type")
          .objects("keyvault_metadata")
          .baseline("secret_scopes", "name", EXACT, "backend_type")
          .terraform("databricks_secret_scope", "name", "backend_type")
          .build();

  /** Who may read, write or manage a secret scope; the id is {@code scope|principal}. */
  public static final ResourceType SECRET_ACL =
      ResourceType.named("databricks_secret_acl", "secret scope ACL")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.0/secrets/scopes/list"),
              rest("GET /api/2.0/secrets/acls/list"))
          .id("scope", "principal")
          .strings("scope", "principal", "permission")
          .baseline("secret_acls", "", EXACT, "permission")
          .terraform("databricks_secret_acl", "scope", "principal", "permission")
          .build();

  /** A SQL warehouse (the provider's {@code databricks_sql_endpoint}). */
  public static final ResourceType SQL_ENDPOINT =
      ResourceType.named("databricks_sql_endpoint", "SQL warehouse")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.0/sql/warehouses"))
          .id("warehouse_id")
          .strings("warehouse_id", "name", "cluster_size")
          .numbers("min_num_clusters", "max_num_clusters", "auto_stop_mins")
          .booleans("enable_serverless_compute", "enable_photon")
          .strings("warehouse_type", "spot_instance_policy", "channel_name", "creator_name")
          .stringMaps("custom_tags")
          .baseline(
              "sql_endpoints",
              "name",
              EXACT,
              "warehouse_id",
              "cluster_size",
              "auto_stop_mins",
              "enable_serverless_compute",
              "warehouse_type",
              "channel_name")
          .terraform(
              "databricks_sql_endpoint",
              "id -> warehouse_id",
              "name",
              "cluster_size",
              "auto_stop_mins",
              "enable_serverless_compute",
              "warehouse_type",
              "channel.0.name -> channel_name")
          .build();

  public static final ResourceType INSTANCE_POOL =
      ResourceType.named("databricks_instance_pool", "instance pool")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.0/instance-pools/list"))
          .id("instance_pool_id")
          .strings("instance_pool_id", "instance_pool_name", "node_type_id")
          .numbers("min_idle_instances", "max_capacity", "idle_instance_autotermination_minutes")
          .strings("availability", "instance_profile_arn")
          .booleans("enable_elastic_disk")
          .stringMaps("custom_tags")
          .stringLists("preloaded_spark_versions")
          .strings("state")
          .baseline(
              "instance_pools",
              "instance_pool_name",
              EXACT,
              "instance_pool_id",
              "node_type_id",
              "max_capacity",
              "idle_instance_autotermination_minutes",
              "instance_profile_arn",
              "custom_tags")
          .terraform(
              "databricks_instance_pool",
              "id -> instance_pool_id",
              "instance_pool_name",
              "node_type_id",
              "max_capacity",
              "idle_instance_autotermination_minutes",
              "aws_attributes.0.instance_profile_arn -> instance_profile_arn",
              "custom_tags")
          .build();

  /**
   * A model serving endpoint. Its configuration is summarised, never copied: an external model's
   * configuration may hold a plaintext key, so only {@code plaintext_keys} (whether any {@code
   * *_plaintext} field is set) is kept. {@code route_optimized} comes from the endpoint's own GET.
   */
  public static final ResourceType MODEL_SERVING =
      ResourceType.named("databricks_model_serving", "serving endpoint")
          .databricks(
              WORKSPACE,
              WORKSPACE_ADMIN,
              rest("GET /api/2.0/serving-endpoints"),
              rest("GET /api/2.0/serving-endpoints/{name}"))
          .id("name")
          .strings("name", "serving_endpoint_id", "creator", "task")
          .booleans("route_optimized")
          .stringLists("served_entities", "external_model_providers", "instance_profile_arns")
          .booleans(
              "plaintext_keys",
              "ai_gateway_configured",
              "guardrails_configured",
              "inference_table_enabled",
              "usage_tracking_enabled",
              "rate_limited")
          .stringMaps("tags")
          .baseline(
              "model_serving",
              "name",
              EXACT,
              "serving_endpoint_id",
              "served_entities",
              "route_optimized")
          .terraform("databricks_model_serving", "name", "serving_endpoint_id", "route_optimized")
          .build();

  /**
   * The runtime versions a workspace offers; a cluster running one not in the list runs a
   * deprecated runtime (SAT GOV-5). The provider has a data source of this name.
   */
  public static final ResourceType SPARK_VERSION =
      ResourceType.named("databricks_spark_version", "runtime version")
          .databricks(WORKSPACE, WORKSPACE_ADMIN, rest("GET /api/2.1/clusters/spark-versions"))
          .id("key")
          .strings("key", "name")
          .build();

  /**
   * The object kinds whose permissions are collected as {@link #PERMISSIONS}, each with its own
   * baseline section (the migration table's "Group-Cluster Permissions" are the cluster ACLs).
   */
  public static final List<PermissionKind> PERMISSION_KINDS =
      List.of(
          new PermissionKind(
              "cluster",
              "clusters",
              "cluster_id",
              new BaselineSection(
                  "cluster_permissions",
                  "object_name",
                  List.of("object_id", "access_control"),
                  modes(EXACT, EXACT, ManagementMode.OBSERVE))),
          new PermissionKind(
              "job",
              "jobs",
              "job_id",
              new BaselineSection(
                  "job_permissions",
                  "object_name",
                  List.of("object_id", "access_control"),
                  JOBS_AND_NOTEBOOKS)),
          new PermissionKind(
              "notebook",
              "notebooks",
              "notebook_id",
              new BaselineSection(
                  "notebook_permissions",
                  "object_name",
                  List.of("object_id", "access_control"),
                  JOBS_AND_NOTEBOOKS)),
          new PermissionKind(
              "directory",
              "directories",
              "directory_id",
              new BaselineSection(
                  "directory_permissions",
                  "object_name",
                  List.of("object_id", "access_control"),
                  JOBS_AND_NOTEBOOKS)),
          new PermissionKind(
              "repo",
              "repos",
              "repo_id",
              new BaselineSection(
                  "repo_permissions",
                  "object_name",
                  List.of("object_id", "access_control"),
                  JOBS_AND_NOTEBOOKS)),
          new PermissionKind(
              "warehouses",
              "warehouses",
              "sql_endpoint_id",
              BaselineSection.of(
                  "sql_endpoint_permissions",
                  "object_name",
                  EXACT,
                  List.of("object_id", "access_control"))),
          new PermissionKind(
              "instance-pool",
              "instance-pools",
              "instance_pool_id",
              BaselineSection.of(
                  "instance_pool_permissions",
                  "object_name",
                  EXACT,
                  List.of("object_id", "access_control"))),
          new PermissionKind(
              "serving-endpoint",
              "serving-endpoints",
              "serving_endpoint_id",
              BaselineSection.of(
                  "serving_endpoint_permissions",
                  "object_name",
                  EXACT,
                  List.of("object_id", "access_control"))),
          new PermissionKind(
              "tokens",
              "authorization",
              "authorization",
              BaselineSection.of(
                  "token_permissions",
                  "object_name",
                  EXACT,
                  List.of("object_id", "access_control"))));

  // ==== END workspace objects ==================================================================
  // ==== AWS network, storage and keys of the Databricks estate (issue 11, AWS part) =============
  // Read in scope aws:<account id>, and only what the account's MWS configurations point at: the
  // VPCs of databricks_mws_networks, the buckets of databricks_mws_storage_configurations (root
  // and log delivery buckets), the keys of databricks_mws_customer_managed_keys. A setting S3 says
  // is not configured (NoSuchBucketPolicy, ...) is no resource of its split type, with coverage
  // COMPLETE; a refused read is coverage FAILED.

  public static final ResourceType AWS_VPC =
      ResourceType.named("aws_vpc", "VPC")
          .aws("ec2:DescribeVpcs")
          .id("vpc_id")
          .strings("vpc_id", "cidr_block", "owner_id", "state", "region")
          .booleans("is_default")
          .stringMaps("tags")
          .baseline("vpcs", "vpc_id", EXACT, "cidr_block", "tags")
          .terraform("aws_vpc", "id -> vpc_id", "cidr_block", "tags")
          .build();

  public static final ResourceType AWS_SUBNET =
      ResourceType.named("aws_subnet", "subnet")
          .aws("ec2:DescribeSubnets")
          .id("subnet_id")
          .strings("subnet_id", "vpc_id", "cidr_block", "availability_zone", "owner_id")
          .booleans("map_public_ip_on_launch")
          .stringMaps("tags")
          .baseline(
              "subnets",
              "subnet_id",
              EXACT,
              "vpc_id",
              "cidr_block",
              "availability_zone",
              "map_public_ip_on_launch")
          .terraform(
              "aws_subnet",
              "id -> subnet_id",
              "vpc_id",
              "cidr_block",
              "availability_zone",
              "map_public_ip_on_launch")
          .build();

  public static final ResourceType AWS_SECURITY_GROUP =
      ResourceType.named("aws_security_group", "security group")
          .aws("ec2:DescribeSecurityGroups")
          .id("group_id")
          .strings("group_id", "group_name", "description", "vpc_id", "owner_id")
          .stringMaps("tags")
          .baseline("security_groups", "group_id", EXACT, "group_name", "description", "vpc_id")
          .terraform(
              "aws_security_group", "id -> group_id", "name -> group_name", "description", "vpc_id")
          .build();

  private static ResourceType.Builder securityGroupRule(String name, String noun) {
    return ResourceType.named(name, noun)
        .aws("ec2:DescribeSecurityGroupRules")
        .id("security_group_rule_id")
        .strings("security_group_rule_id", "group_id", "ip_protocol")
        .numbers("from_port", "to_port")
        .strings("cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_group_id", "description")
        .stringMaps("tags");
  }

  private static final String[] SECURITY_GROUP_RULE_TERRAFORM = {
    "security_group_rule_id",
    "security_group_id -> group_id",
    "ip_protocol",
    "from_port",
    "to_port",
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_id",
    "referenced_security_group_id -> referenced_group_id",
    "description"
  };

  private static final String[] SECURITY_GROUP_RULE_BASELINE = {
    "group_id",
    "ip_protocol",
    "from_port",
    "to_port",
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_id",
    "referenced_group_id"
  };

  public static final ResourceType AWS_SECURITY_GROUP_INGRESS_RULE =
      securityGroupRule("aws_vpc_security_group_ingress_rule", "security group ingress rule")
          .baseline(
              "security_group_ingress_rules",
              "security_group_rule_id",
              EXACT,
              SECURITY_GROUP_RULE_BASELINE)
          .terraform("aws_vpc_security_group_ingress_rule", SECURITY_GROUP_RULE_TERRAFORM)
          .build();

  public static final ResourceType AWS_SECURITY_GROUP_EGRESS_RULE =
      securityGroupRule("aws_vpc_security_group_egress_rule", "security group egress rule")
          .baseline(
              "security_group_egress_rules",
              "security_group_rule_id",
              EXACT,
              SECURITY_GROUP_RULE_BASELINE)
          .terraform("aws_vpc_security_group_egress_rule", SECURITY_GROUP_RULE_TERRAFORM)
          .build();

  /** A peering with the VPC on either side; listed once whichever side asked. */
  public static final ResourceType AWS_VPC_PEERING_CONNECTION =
      ResourceType.named("aws_vpc_peering_connection", "VPC peering connection")
          .aws("ec2:DescribeVpcPeeringConnections")
          .id("vpc_peering_connection_id")
          .strings(
              "vpc_peering_connection_id",
              "requester_vpc_id",
              "requester_owner_id",
              "requester_cidr_block",
              "requester_region",
              "accepter_vpc_id",
              "accepter_owner_id",
              "accepter_cidr_block",
              "accepter_region",
              "status")
          .stringMaps("tags")
          .baseline(
              "vpc_peering_connections",
              "vpc_peering_connection_id",
              EXACT,
              "requester_vpc_id",
              "accepter_vpc_id",
              "accepter_owner_id",
              "accepter_region")
          .terraform(
              "aws_vpc_peering_connection",
              "id -> vpc_peering_connection_id",
              "vpc_id -> requester_vpc_id",
              "peer_vpc_id -> accepter_vpc_id",
              "peer_owner_id -> accepter_owner_id",
              "peer_region -> accepter_region")
          .build();

  public static final ResourceType AWS_VPC_ENDPOINT =
      ResourceType.named("aws_vpc_endpoint", "VPC endpoint")
          .aws("ec2:DescribeVpcEndpoints")
          .id("vpc_endpoint_id")
          .strings("vpc_endpoint_id", "vpc_endpoint_type", "vpc_id", "service_name", "state")
          .normalised("policy_document", OBJECT, NormalForm.IAM_POLICY_DOCUMENT)
          .stringLists("route_table_ids", "subnet_ids", "security_group_ids")
          .booleans("private_dns_enabled")
          .stringMaps("tags")
          .baseline(
              "vpc_endpoints",
              "vpc_endpoint_id",
              EXACT,
              "vpc_endpoint_type",
              "vpc_id",
              "service_name",
              "subnet_ids",
              "route_table_ids")
          .terraform(
              "aws_vpc_endpoint",
              "id -> vpc_endpoint_id",
              "vpc_endpoint_type",
              "vpc_id",
              "service_name",
              "policy -> policy_document",
              "route_table_ids",
              "subnet_ids",
              "security_group_ids",
              "private_dns_enabled")
          .build();

  /**
   * A route table with its routes ({@code cidr_block}, {@code ipv6_cidr_block}, {@code
   * destination_prefix_list_id} to one target: {@code gateway_id}, {@code nat_gateway_id}, {@code
   * vpc_peering_connection_id}, {@code transit_gateway_id}, {@code vpc_endpoint_id}, {@code
   * network_interface_id}; as Terraform's {@code route} blocks name them) and the subnets it is
   * associated with; {@code main} when it is its VPC's main table.
   */
  public static final ResourceType AWS_ROUTE_TABLE =
      ResourceType.named("aws_route_table", "route table")
          .aws("ec2:DescribeRouteTables")
          .id("route_table_id")
          .strings("route_table_id", "vpc_id", "owner_id")
          .booleans("main")
          .stringLists("subnet_ids")
          .objectLists("routes")
          .stringMaps("tags")
          .baseline("route_tables", "route_table_id", EXACT, "vpc_id", "subnet_ids", "routes")
          .terraform("aws_route_table", "id -> route_table_id", "vpc_id")
          .build();

  public static final ResourceType AWS_S3_BUCKET =
      ResourceType.named("aws_s3_bucket", "S3 bucket")
          .aws("s3:GetBucketLocation")
          .id("bucket")
          .strings("bucket", "region")
          .baseline("s3_buckets", "bucket", EXACT, "region")
          .terraform("aws_s3_bucket", "bucket", "region")
          .build();

  /** A bucket's policy; none when S3 answers NoSuchBucketPolicy. */
  public static final ResourceType AWS_S3_BUCKET_POLICY =
      ResourceType.named("aws_s3_bucket_policy", "S3 bucket policy")
          .aws("s3:GetBucketPolicy")
          .id("bucket")
          .strings("bucket")
          .normalised("policy", OBJECT, NormalForm.IAM_POLICY_DOCUMENT)
          .baseline("s3_bucket_policies", "bucket", EXACT, "policy")
          .terraform("aws_s3_bucket_policy", "bucket", "policy")
          .build();

  /** None when S3 answers NoSuchPublicAccessBlockConfiguration. */
  public static final ResourceType AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK =
      ResourceType.named("aws_s3_bucket_public_access_block", "S3 public access block")
          .aws("s3:GetBucketPublicAccessBlock")
          .id("bucket")
          .strings("bucket")
          .booleans(
              "block_public_acls",
              "block_public_policy",
              "ignore_public_acls",
              "restrict_public_buckets")
          .baseline(
              "s3_bucket_public_access_blocks",
              "bucket",
              EXACT,
              "block_public_acls",
              "block_public_policy",
              "ignore_public_acls",
              "restrict_public_buckets")
          .terraform(
              "aws_s3_bucket_public_access_block",
              "bucket",
              "block_public_acls",
              "block_public_policy",
              "ignore_public_acls",
              "restrict_public_buckets")
          .build();

  /** The default encryption rule; none when S3 answers ...ConfigurationNotFoundError. */
  public static final ResourceType AWS_S3_BUCKET_ENCRYPTION =
      ResourceType.named(
              "aws_s3_bucket_server_side_encryption_configuration", "S3 default encryption")
          .aws("s3:GetEncryptionConfiguration")
          .id("bucket")
          .strings("bucket", "sse_algorithm", "kms_master_key_id")
          .booleans("bucket_key_enabled")
          .baseline(
              "s3_bucket_encryption",
              "bucket",
              EXACT,
              "sse_algorithm",
              "kms_master_key_id",
              "bucket_key_enabled")
          .terraform(
              "aws_s3_bucket_server_side_encryption_configuration",
              "bucket",
              "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm -> sse_algorithm",
              "rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id"
                  + " -> kms_master_key_id",
              "rule.0.bucket_key_enabled -> bucket_key_enabled")
          .build();

  /** Every bucket has one; {@code status} is absent when versioning was never enabled. */
  public static final ResourceType AWS_S3_BUCKET_VERSIONING =
      ResourceType.named("aws_s3_bucket_versioning", "S3 versioning")
          .aws("s3:GetBucketVersioning")
          .id("bucket")
          .strings("bucket", "status", "mfa_delete")
          .baseline("s3_bucket_versioning", "bucket", EXACT, "status", "mfa_delete")
          .terraform(
              "aws_s3_bucket_versioning",
              "bucket",
              "versioning_configuration.0.status -> status",
              "versioning_configuration.0.mfa_delete -> mfa_delete")
          .build();

  /** None when S3 answers OwnershipControlsNotFoundError. */
  public static final ResourceType AWS_S3_BUCKET_OWNERSHIP_CONTROLS =
      ResourceType.named("aws_s3_bucket_ownership_controls", "S3 ownership controls")
          .aws("s3:GetBucketOwnershipControls")
          .id("bucket")
          .strings("bucket", "object_ownership")
          .baseline("s3_bucket_ownership_controls", "bucket", EXACT, "object_ownership")
          .terraform(
              "aws_s3_bucket_ownership_controls",
              "bucket",
              "rule.0.object_ownership -> object_ownership")
          .build();

  /** None when the bucket's logging status has no LoggingEnabled. */
  public static final ResourceType AWS_S3_BUCKET_LOGGING =
      ResourceType.named("aws_s3_bucket_logging", "S3 server access logging")
          .aws("s3:GetBucketLogging")
          .id("bucket")
          .strings("bucket", "target_bucket", "target_prefix")
          .baseline("s3_bucket_logging", "bucket", EXACT, "target_bucket", "target_prefix")
          .terraform("aws_s3_bucket_logging", "bucket", "target_bucket", "target_prefix")
          .build();

  /**
   * A customer-managed key a Databricks CMK configuration names, with its key policy and rotation;
   * {@code enable_key_rotation} is absent for a key that cannot rotate (asymmetric, HMAC, imported,
   * custom key store).
   */
  public static final ResourceType AWS_KMS_KEY =
      ResourceType.named("aws_kms_key", "KMS key")
          .aws("kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus")
          .id("key_id")
          .strings(
              "key_id",
              "arn",
              "description",
              "key_usage",
              "key_spec",
              "key_state",
              "key_manager",
              "origin")
          .booleans("enabled", "multi_region", "enable_key_rotation")
          .numbers("rotation_period_in_days")
          .normalised("policy", OBJECT, NormalForm.IAM_POLICY_DOCUMENT)
          .baseline(
              "kms_keys",
              "key_id",
              EXACT,
              "description",
              "key_usage",
              "key_spec",
              "enable_key_rotation",
              "policy")
          .terraform(
              "aws_kms_key",
              "key_id",
              "arn",
              "description",
              "key_usage",
              "customer_master_key_spec -> key_spec",
              "enable_key_rotation",
              "rotation_period_in_days",
              "multi_region",
              "policy")
          .build();

  // ==== end of the AWS network, storage and keys section ========================================

  /** Every declared type, in the order collection schedules them and documents list them. */
  public static final List<ResourceType> ALL =
      List.of(
          MWS_WORKSPACES,
          MWS_CREDENTIALS,
          MWS_STORAGE_CONFIGURATIONS,
          MWS_NETWORKS,
          MWS_PRIVATE_ACCESS_SETTINGS,
          MWS_VPC_ENDPOINT,
          MWS_CUSTOMER_MANAGED_KEYS,
          MWS_LOG_DELIVERY,
          METASTORE,
          GROUP,
          GROUP_MEMBER,
          USER,
          SERVICE_PRINCIPAL,
          IP_ACCESS_LIST,
          ACCOUNT_IP_ACCESS_ENABLED,
          METASTORE_ASSIGNMENT,
          MWS_PERMISSION_ASSIGNMENT,
          CLUSTER_POLICY,
          PERMISSIONS,
          WORKSPACE_CONF,
          INSTANCE_PROFILE,
          TOKEN,
          CLUSTER,
          GLOBAL_INIT_SCRIPT,
          COMPLIANCE_SECURITY_PROFILE_SETTING,
          ENHANCED_SECURITY_MONITORING_SETTING,
          AUTOMATIC_CLUSTER_UPDATE_SETTING,
          RESTRICT_WORKSPACE_ADMINS_SETTING,
          DISABLE_LEGACY_ACCESS_SETTING,
          DISABLE_LEGACY_DBFS_SETTING,
          SQL_RESULTS_DOWNLOAD_SETTING,
          ACCOUNT_COMPLIANCE_SECURITY_PROFILE_SETTING,
          ACCOUNT_ENHANCED_SECURITY_MONITORING_SETTING,
          DISABLE_LEGACY_FEATURES_SETTING,
          ACCOUNT_NETWORK_POLICY,
          WORKSPACE_NETWORK_OPTION,
          SERVICE_PRINCIPAL_SECRET,
          // workspace objects (issue 11)
          JOB,
          NOTEBOOK,
          DIRECTORY,
          REPO,
          SECRET_SCOPE,
          SECRET_ACL,
          SQL_ENDPOINT,
          INSTANCE_POOL,
          MODEL_SERVING,
          SPARK_VERSION,
          CATALOG,
          STORAGE_CREDENTIAL,
          EXTERNAL_LOCATION,
          RECIPIENT,
          IAM_ROLE,
          IAM_ROLE_POLICY,
          IAM_ROLE_POLICY_ATTACHMENT,
          IAM_POLICY,
          IAM_INSTANCE_PROFILE,
          // AWS network, storage and keys of the Databricks estate
          AWS_VPC,
          AWS_SUBNET,
          AWS_SECURITY_GROUP,
          AWS_SECURITY_GROUP_INGRESS_RULE,
          AWS_SECURITY_GROUP_EGRESS_RULE,
          AWS_VPC_PEERING_CONNECTION,
          AWS_VPC_ENDPOINT,
          AWS_ROUTE_TABLE,
          AWS_S3_BUCKET,
          AWS_S3_BUCKET_POLICY,
          AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK,
          AWS_S3_BUCKET_ENCRYPTION,
          AWS_S3_BUCKET_VERSIONING,
          AWS_S3_BUCKET_OWNERSHIP_CONTROLS,
          AWS_S3_BUCKET_LOGGING,
          AWS_KMS_KEY);

  private static final Map<String, ResourceType> BY_NAME = index();

  private ResourceCatalogue() {}

  private static Map<String, ResourceType> index() {
    Map<String, ResourceType> byName = new LinkedHashMap<>();
    for (ResourceType type : ALL) {
      if (byName.put(type.name(), type) != null) {
        throw new IllegalStateException("resource type " + type.name() + " is declared twice");
      }
    }
    return java.util.Collections.unmodifiableMap(byName);
  }

  public static Optional<ResourceType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * @throws IllegalArgumentException for a name no declaration has
   */
  public static ResourceType get(String name) {
    ResourceType type = BY_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException("no resource type is declared as " + name);
    }
    return type;
  }

  /** The type a Terraform resource type is imported as, if any declares it. */
  public static Optional<ResourceType> importedFrom(String terraformType) {
    return ALL.stream().filter(type -> type.terraformTypes().contains(terraformType)).findFirst();
  }

  /** The types read in a kind of scope, in declaration order. */
  public static List<ResourceType> readIn(ScopeKind kind) {
    return ALL.stream().filter(type -> type.readIn(kind)).toList();
  }

  /** The types baselines declare, in declaration order. */
  public static List<ResourceType> baselined() {
    return ALL.stream().filter(type -> type.baseline().isPresent()).toList();
  }

  /** The permission kind of an object type ({@code job}, {@code cluster}, ...), if collected. */
  public static Optional<PermissionKind> permissionKind(String objectType) {
    return PERMISSION_KINDS.stream()
        .filter(kind -> kind.objectType().equals(objectType))
        .findFirst();
  }

  private static Map<MigrationType, ManagementMode> modes(
      ManagementMode full, ManagementMode partial, ManagementMode structural) {
    Map<MigrationType, ManagementMode> modes = new EnumMap<>(MigrationType.class);
    modes.put(MigrationType.FULL, full);
    modes.put(MigrationType.PARTIAL, partial);
    modes.put(MigrationType.STRUCTURAL, structural);
    return modes;
  }
}
