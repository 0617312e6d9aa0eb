package io.plumbline.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.BaselineSection;
import io.plumbline.model.ManagementMode;
import io.plumbline.model.MigrationType;
import io.plumbline.model.PermissionKind;
import io.plumbline.model.Resource;
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
  // workspace objects (issue 11)
  JOBS(ResourceCatalogue.JOB),
  NOTEBOOKS(ResourceCatalogue.NOTEBOOK),
  DIRECTORIES(ResourceCatalogue.DIRECTORY),
  REPOS(ResourceCatalogue.REPO),
  SECRET_SCOPES(ResourceCatalogue.SECRET_SCOPE),
  SECRET_ACLS(ResourceCatalogue.SECRET_ACL),
  SQL_ENDPOINTS(ResourceCatalogue.SQL_ENDPOINT),
  INSTANCE_POOLS(ResourceCatalogue.INSTANCE_POOL),
  MODEL_SERVING(ResourceCatalogue.MODEL_SERVING),
  CLUSTER_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(0)),
  JOB_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(1)),
  NOTEBOOK_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(2)),
  DIRECTORY_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(3)),
  REPO_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(4)),
  SQL_ENDPOINT_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(5)),
  INSTANCE_POOL_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(6)),
  SERVING_ENDPOINT_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(7)),
  TOKEN_PERMISSIONS(ResourceCatalogue.PERMISSION_KINDS.get(8)),
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

  /** Where users' home folders are; each user manages their own, nobody declares them. */
  private static final String HOME_FOLDERS = "/Users/";

  private final ResourceType type;
  private final BaselineSection section;
  private final Optional<PermissionKind> permissionKind;

  BaselineKind(ResourceType type) {
    this.type = type;
    if (type.baseline().isEmpty()) {
      throw new IllegalStateException(type.name() + " declares no baseline section");
    }
    this.section = type.baseline().orElseThrow();
    this.permissionKind = Optional.empty();
  }

  /** The permissions of one object kind: a section of its own over the permissions type. */
  BaselineKind(PermissionKind kind) {
    this.type = ResourceCatalogue.PERMISSIONS;
    this.section = kind.section();
    this.permissionKind = Optional.of(kind);
  }

  /** The section this kind is declared in. */
  public BaselineSection section() {
    return section;
  }

  /** For the permissions of an object kind: the kind. */
  public Optional<PermissionKind> permissionKind() {
    return permissionKind;
  }

  /**
   * Whether a live resource of the type belongs to this kind and is compared: a permissions
   * resource of the kind's objects that grants something directly (an object nobody granted
   * anything on has nothing to declare), a folder other than a user's home folder.
   */
  public boolean compares(Resource resource) {
    if (permissionKind.isPresent()) {
      JsonNode attributes = resource.attributes();
      return permissionKind.get().objectType().equals(attributes.path("object_type").asText())
          && attributes.path("access_control").size() > 0
          && !attributes.path("object_name").asText().startsWith(HOME_FOLDERS);
    }
    if (this == CLUSTER_POLICY_PERMISSIONS) {
      return !resource.attributes().hasNonNull("object_type");
    }
    if (this == DIRECTORIES) {
      return !resource.attributes().path("home_folder").asBoolean(false);
    }
    return true;
  }

  public ResourceType type() {
    return type;
  }

  /** The section and mode key in baseline files, e.g. {@code cluster_policies}. */
  public String key() {
    return section.key();
  }

  /** The snapshot resource type, e.g. {@code databricks_cluster_policy}. */
  public String resourceType() {
    return type.name();
  }

  /** What one item is called in messages, e.g. "cluster policy". */
  public String noun() {
    return permissionKind.map(kind -> kind.objectType() + " grant").orElse(type.noun());
  }

  /** Who owns this kind by default in a migration type. */
  public ManagementMode defaultMode(MigrationType migration) {
    return section.defaultMode(migration);
  }

  /** Compared item by item, attribute by attribute, with nothing but the declaration. */
  public boolean generic() {
    return section.generic();
  }

  /** The attribute that names an item of the section. */
  public String itemName() {
    return section.itemName();
  }

  /**
   * The attribute a declared item may give to match its live resource by id rather than by name:
   * the type's id attribute when it is not the item's name; null when the name is the id.
   */
  public String matchingId() {
    if (permissionKind.isPresent()) {
      return "object_id";
    }
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
