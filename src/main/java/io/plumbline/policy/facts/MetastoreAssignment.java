package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/** A workspace's assignment to a metastore ({@code databricks_metastore_assignment}). */
public final class MetastoreAssignment implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String metastoreId;
  private final String defaultCatalogName;

  public MetastoreAssignment(
      ResourceRef ref, String workspaceId, String metastoreId, String defaultCatalogName) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.metastoreId = requireNonNull(metastoreId, "metastoreId is null");
    this.defaultCatalogName = requireNonNull(defaultCatalogName, "defaultCatalogName is null");
  }

  static MetastoreAssignment of(Resource resource) {
    JsonNode attributes = resource.attributes();
    String workspaceId = Attributes.workspaceId(resource);
    if (workspaceId.isEmpty()) {
      workspaceId = Attributes.text(attributes, "workspace_id");
    }
    return new MetastoreAssignment(
        ResourceRef.of(resource),
        workspaceId,
        Attributes.text(attributes, "metastore_id"),
        Attributes.text(attributes, "default_catalog_name"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getMetastoreId() {
    return metastoreId;
  }

  public String getDefaultCatalogName() {
    return defaultCatalogName;
  }
}
