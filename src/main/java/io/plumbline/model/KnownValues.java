package io.plumbline.model;

import java.util.Set;

/**
 * The values plumbline knows for the Databricks enums it acts on. Databricks treats its enums as
 * open sets and adds values without notice: the collector stores whatever value the API sent, and a
 * value outside these sets is not known to be good, so a rule judging it gives FAIL or UNKNOWN,
 * never PASS by default.
 */
public final class KnownValues {

  /** {@code workspace_status} of a workspace whose APIs answer. */
  public static final String RUNNING = "RUNNING";

  /** {@code workspace_status} values of a workspace that is not running: nothing to read in it. */
  public static final Set<String> WORKSPACE_STATUSES_NOT_RUNNING =
      Set.of("PROVISIONING", "FAILED", "NOT_PROVISIONED", "BANNED", "CANCELLING");

  /** {@code private_access_level} of private access settings. */
  public static final Set<String> PRIVATE_ACCESS_LEVELS = Set.of("ACCOUNT", "ENDPOINT");

  /** {@code log_type} of a log delivery configuration. */
  public static final Set<String> LOG_TYPES = Set.of("AUDIT_LOGS", "BILLABLE_USAGE");

  /** {@code delta_sharing_scope} of a metastore. */
  /** {@code restrict_workspace_admins.status}. */
  public static final Set<String> RESTRICT_WORKSPACE_ADMINS_STATUSES =
      Set.of("ALLOW_ALL", "RESTRICT_TOKENS_AND_JOB_RUN_AS");

  /** Serverless network policy {@code restriction_mode}. */
  public static final Set<String> NETWORK_RESTRICTION_MODES =
      Set.of("FULL_ACCESS", "RESTRICTED_ACCESS");

  public static final Set<String> DELTA_SHARING_SCOPES =
      Set.of("INTERNAL", "INTERNAL_AND_EXTERNAL");

  /** {@code permissions} of a workspace identity assignment. */
  public static final Set<String> WORKSPACE_PERMISSIONS = Set.of("ADMIN", "USER");

  /** {@code cluster_source} of a cluster. */
  public static final Set<String> CLUSTER_SOURCES =
      Set.of("API", "JOB", "MODELS", "PIPELINE", "PIPELINE_MAINTENANCE", "SQL", "UI");

  /** {@code data_security_mode} of a cluster (the legacy names and their newer aliases). */
  public static final Set<String> DATA_SECURITY_MODES =
      Set.of(
          "NONE",
          "SINGLE_USER",
          "USER_ISOLATION",
          "LEGACY_TABLE_ACL",
          "LEGACY_PASSTHROUGH",
          "LEGACY_SINGLE_USER",
          "LEGACY_SINGLE_USER_STANDARD",
          "DATA_SECURITY_MODE_AUTO",
          "DATA_SECURITY_MODE_STANDARD",
          "DATA_SECURITY_MODE_DEDICATED");

  /** {@code catalog_type} of a Unity Catalog catalog. */
  public static final Set<String> CATALOG_TYPES =
      Set.of(
          "MANAGED_CATALOG",
          "DELTASHARING_CATALOG",
          "FOREIGN_CATALOG",
          "INTERNAL_CATALOG",
          "MANAGED_ONLINE_CATALOG",
          "SYSTEM_CATALOG");

  private KnownValues() {}

  /** Secret scope ACL permissions (DATABRICKS-API-2.md section 5). */
  public static final Set<String> SECRET_PERMISSIONS = Set.of("READ", "WRITE", "MANAGE");

  /** SQL warehouse channels. */
  public static final Set<String> WAREHOUSE_CHANNELS =
      Set.of("CHANNEL_NAME_CURRENT", "CHANNEL_NAME_PREVIEW", "CHANNEL_NAME_PREVIOUS");
}
