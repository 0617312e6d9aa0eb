package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/**
 * A Unity Catalog external location as a workspace lists it ({@code databricks_external_location}).
 * Absent texts are empty strings.
 */
public final class ExternalLocation implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String url;
  private final String credentialName;
  private final String owner;
  private final boolean readOnly;
  private final String isolationMode;
  private final String metastoreId;

  public ExternalLocation(
      ResourceRef ref,
      String workspaceId,
      String url,
      String credentialName,
      String owner,
      boolean readOnly,
      String isolationMode,
      String metastoreId) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.url = requireNonNull(url, "url is null");
    this.credentialName = requireNonNull(credentialName, "credentialName is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.readOnly = readOnly;
    this.isolationMode = requireNonNull(isolationMode, "isolationMode is null");
    this.metastoreId = requireNonNull(metastoreId, "metastoreId is null");
  }

  static ExternalLocation of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new ExternalLocation(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "url"),
        Attributes.text(attributes, "credential_name"),
        Attributes.text(attributes, "owner"),
        Attributes.flag(attributes, "read_only", false),
        Attributes.text(attributes, "isolation_mode"),
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

  public String getUrl() {
    return url;
  }

  public String getCredentialName() {
    return credentialName;
  }

  public String getOwner() {
    return owner;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public String getIsolationMode() {
    return isolationMode;
  }

  public boolean isIsolated() {
    return UnityCatalog.isIsolated(isolationMode);
  }

  public String getMetastoreId() {
    return metastoreId;
  }
}
