package io.plumbline.baseline;

import io.plumbline.model.ManagementMode;
import io.plumbline.model.MigrationType;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import java.util.Arrays;
import java.util.Optional;

/**
 * A kind of resource a baseline declares, with a section in baseline files: the comparator's name
 * for a {@link ResourceType} whose declaration has a {@link ResourceType#baseline() baseline
 * section}. Key, noun and default modes come from the declaration; {@code BaselineKindTest} holds
 * this list to the catalogue's.
 */
public enum BaselineKind {
  WORKSPACES(ResourceCatalogue.MWS_WORKSPACES),
  METASTORES(ResourceCatalogue.METASTORE),
  CREDENTIALS(ResourceCatalogue.MWS_CREDENTIALS),
  STORAGE_CONFIGURATIONS(ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS),
  NETWORKS(ResourceCatalogue.MWS_NETWORKS),
  LOG_DELIVERY(ResourceCatalogue.MWS_LOG_DELIVERY),
  IP_ACCESS_LISTS(ResourceCatalogue.IP_ACCESS_LIST),
  GROUPS(ResourceCatalogue.GROUP),
  GROUP_MEMBERS(ResourceCatalogue.GROUP_MEMBER),
  USERS(ResourceCatalogue.USER),
  SERVICE_PRINCIPALS(ResourceCatalogue.SERVICE_PRINCIPAL),
  METASTORE_ASSIGNMENT(ResourceCatalogue.METASTORE_ASSIGNMENT),
  PERMISSION_ASSIGNMENTS(ResourceCatalogue.MWS_PERMISSION_ASSIGNMENT),
  CLUSTER_POLICIES(ResourceCatalogue.CLUSTER_POLICY),
  CLUSTER_POLICY_PERMISSIONS(ResourceCatalogue.PERMISSIONS),
  WORKSPACE_CONF(ResourceCatalogue.WORKSPACE_CONF),
  INSTANCE_PROFILES(ResourceCatalogue.INSTANCE_PROFILE),
  CATALOGS(ResourceCatalogue.CATALOG),
  STORAGE_CREDENTIALS(ResourceCatalogue.STORAGE_CREDENTIAL),
  EXTERNAL_LOCATIONS(ResourceCatalogue.EXTERNAL_LOCATION),
  GLOBAL_INIT_SCRIPTS(ResourceCatalogue.GLOBAL_INIT_SCRIPT),
  IAM_ROLES(ResourceCatalogue.IAM_ROLE),
  IAM_INSTANCE_PROFILES(ResourceCatalogue.IAM_INSTANCE_PROFILE);

  private final ResourceType type;

  BaselineKind(ResourceType type) {
    this.type = type;
    if (type.baseline().isEmpty()) {
      throw new IllegalStateException(type.name() + " declares no baseline section");
    }
  }

  public ResourceType type() {
    return type;
  }

  /** The section and mode key in baseline files, e.g. {@code cluster_policies}. */
  public String key() {
    return type.baseline().orElseThrow().key();
  }

  /** The snapshot resource type, e.g. {@code databricks_cluster_policy}. */
  public String resourceType() {
    return type.name();
  }

  /** What one item is called in messages, e.g. "cluster policy". */
  public String noun() {
    return type.noun();
  }

  /** Who owns this kind by default in a migration type. */
  public ManagementMode defaultMode(MigrationType migration) {
    return type.baseline().orElseThrow().defaultMode(migration);
  }

  public static Optional<BaselineKind> byKey(String key) {
    return Arrays.stream(values()).filter(kind -> kind.key().equals(key)).findFirst();
  }

  public static Optional<BaselineKind> of(ResourceType type) {
    return Arrays.stream(values()).filter(kind -> kind.type == type).findFirst();
  }
}
