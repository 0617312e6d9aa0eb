package io.plumbline.baseline;

import io.plumbline.model.ManagementMode;
import io.plumbline.model.MigrationType;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.ScopeKind;
import java.util.Arrays;
import java.util.List;
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
  IAM_INSTANCE_PROFILES(ResourceCatalogue.IAM_INSTANCE_PROFILE),
  // AWS network, storage and keys of the Databricks estate (generic comparison)
  VPCS(ResourceCatalogue.AWS_VPC),
  SUBNETS(ResourceCatalogue.AWS_SUBNET),
  SECURITY_GROUPS(ResourceCatalogue.AWS_SECURITY_GROUP),
  SECURITY_GROUP_INGRESS_RULES(ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE),
  SECURITY_GROUP_EGRESS_RULES(ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE),
  VPC_PEERING_CONNECTIONS(ResourceCatalogue.AWS_VPC_PEERING_CONNECTION),
  VPC_ENDPOINTS(ResourceCatalogue.AWS_VPC_ENDPOINT),
  ROUTE_TABLES(ResourceCatalogue.AWS_ROUTE_TABLE),
  S3_BUCKETS(ResourceCatalogue.AWS_S3_BUCKET),
  S3_BUCKET_POLICIES(ResourceCatalogue.AWS_S3_BUCKET_POLICY),
  S3_BUCKET_PUBLIC_ACCESS_BLOCKS(ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK),
  S3_BUCKET_ENCRYPTION(ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION),
  S3_BUCKET_VERSIONING(ResourceCatalogue.AWS_S3_BUCKET_VERSIONING),
  S3_BUCKET_OWNERSHIP_CONTROLS(ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS),
  S3_BUCKET_LOGGING(ResourceCatalogue.AWS_S3_BUCKET_LOGGING),
  KMS_KEYS(ResourceCatalogue.AWS_KMS_KEY);

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

  /** Compared item by item, attribute by attribute, with nothing but the declaration. */
  public boolean generic() {
    return type.baseline().orElseThrow().generic();
  }

  /** The attribute that names an item of the section. */
  public String itemName() {
    return type.baseline().orElseThrow().itemName();
  }

  /**
   * The attribute a declared item may give to match its live resource by id rather than by name:
   * the type's id attribute when it is not the item's name; null when the name is the id.
   */
  public String matchingId() {
    List<String> ids = type.idAttributes();
    return ids.size() == 1 && !ids.get(0).equals(itemName()) ? ids.get(0) : null;
  }

  /** The generic kinds of a baseline layer (account, workspace or AWS), in declaration order. */
  public static List<BaselineKind> generic(ScopeKind layer) {
    return Arrays.stream(values())
        .filter(kind -> kind.generic() && kind.type.readIn(layer))
        .toList();
  }

  public static Optional<BaselineKind> byKey(String key) {
    return Arrays.stream(values()).filter(kind -> kind.key().equals(key)).findFirst();
  }

  public static Optional<BaselineKind> of(ResourceType type) {
    return Arrays.stream(values()).filter(kind -> kind.type == type).findFirst();
  }
}
