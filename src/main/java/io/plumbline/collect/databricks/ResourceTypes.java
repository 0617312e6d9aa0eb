package io.plumbline.collect.databricks;

import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ScopeKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The Databricks types of the catalogue ({@link ResourceCatalogue}) as the Databricks collector
 * reads them: the account's reads, then each workspace's. The names below are the declarations'
 * names, kept short for the reads.
 */
final class ResourceTypes {

  static final String MWS_WORKSPACES = ResourceCatalogue.MWS_WORKSPACES.name();
  static final String MWS_CREDENTIALS = ResourceCatalogue.MWS_CREDENTIALS.name();
  static final String MWS_STORAGE_CONFIGURATIONS =
      ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS.name();
  static final String MWS_NETWORKS = ResourceCatalogue.MWS_NETWORKS.name();
  static final String MWS_PRIVATE_ACCESS_SETTINGS =
      ResourceCatalogue.MWS_PRIVATE_ACCESS_SETTINGS.name();
  static final String MWS_VPC_ENDPOINT = ResourceCatalogue.MWS_VPC_ENDPOINT.name();
  static final String MWS_CUSTOMER_MANAGED_KEYS =
      ResourceCatalogue.MWS_CUSTOMER_MANAGED_KEYS.name();
  static final String MWS_LOG_DELIVERY = ResourceCatalogue.MWS_LOG_DELIVERY.name();
  static final String METASTORE = ResourceCatalogue.METASTORE.name();
  static final String GROUP = ResourceCatalogue.GROUP.name();
  static final String GROUP_MEMBER = ResourceCatalogue.GROUP_MEMBER.name();
  static final String USER = ResourceCatalogue.USER.name();
  static final String SERVICE_PRINCIPAL = ResourceCatalogue.SERVICE_PRINCIPAL.name();
  static final String IP_ACCESS_LIST = ResourceCatalogue.IP_ACCESS_LIST.name();
  static final String ACCOUNT_IP_ACCESS_ENABLED =
      ResourceCatalogue.ACCOUNT_IP_ACCESS_ENABLED.name();
  static final String METASTORE_ASSIGNMENT = ResourceCatalogue.METASTORE_ASSIGNMENT.name();
  static final String MWS_PERMISSION_ASSIGNMENT =
      ResourceCatalogue.MWS_PERMISSION_ASSIGNMENT.name();
  static final String CLUSTER_POLICY = ResourceCatalogue.CLUSTER_POLICY.name();
  static final String PERMISSIONS = ResourceCatalogue.PERMISSIONS.name();
  static final String WORKSPACE_CONF = ResourceCatalogue.WORKSPACE_CONF.name();
  static final String INSTANCE_PROFILE = ResourceCatalogue.INSTANCE_PROFILE.name();
  static final String TOKEN = ResourceCatalogue.TOKEN.name();
  static final String CLUSTER = ResourceCatalogue.CLUSTER.name();
  static final String CATALOG = ResourceCatalogue.CATALOG.name();
  static final String STORAGE_CREDENTIAL = ResourceCatalogue.STORAGE_CREDENTIAL.name();
  static final String EXTERNAL_LOCATION = ResourceCatalogue.EXTERNAL_LOCATION.name();

  /** The account's reads, then each workspace's. */
  static final List<ResourceTypeSpec> ALL = all();

  private ResourceTypes() {}

  private static List<ResourceTypeSpec> all() {
    List<ResourceTypeSpec> specs = new ArrayList<>(ResourceTypeSpec.declaredIn(ScopeKind.ACCOUNT));
    specs.addAll(ResourceTypeSpec.declaredIn(ScopeKind.WORKSPACE));
    return List.copyOf(specs);
  }
}
