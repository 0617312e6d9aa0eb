package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;

/**
 * A Unity Catalog catalog as a workspace lists it ({@code databricks_catalog}). Absent texts are
 * empty strings.
 */
public final class Catalog implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String owner;
  private final String catalogType;
  private final String isolationMode;
  private final String storageRoot;
  private final String metastoreId;

  public Catalog(
      ResourceRef ref,
      String workspaceId,
      String owner,
      String catalogType,
      String isolationMode,
      String storageRoot,
      String metastoreId) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.catalogType = requireNonNull(catalogType, "catalogType is null");
    this.isolationMode = requireNonNull(isolationMode, "isolationMode is null");
    this.storageRoot = requireNonNull(storageRoot, "storageRoot is null");
    this.metastoreId = requireNonNull(metastoreId, "metastoreId is null");
  }

  static Catalog of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new Catalog(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "owner"),
        Attributes.text(attributes, "catalog_type"),
        Attributes.text(attributes, "isolation_mode"),
        Attributes.text(attributes, "storage_root"),
        Attributes.text(attributes, "metastore_id"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getName() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getOwner() {
    return owner;
  }

  /** MANAGED_CATALOG, DELTASHARING_CATALOG, FOREIGN_CATALOG, SYSTEM_CATALOG, ... */
  public String getCatalogType() {
    return catalogType;
  }

  /** A catalog type plumbline knows; an absent or new type is not known. */
  public boolean isCatalogTypeKnown() {
    return KnownValues.CATALOG_TYPES.contains(catalogType);
  }

  public String getIsolationMode() {
    return isolationMode;
  }

  /** Bound to the workspaces it is assigned to rather than open to every workspace. */
  public boolean isIsolated() {
    return UnityCatalog.isIsolated(isolationMode);
  }

  public String getStorageRoot() {
    return storageRoot;
  }

  public String getMetastoreId() {
    return metastoreId;
  }
}
