package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/**
 * A Unity Catalog storage credential as a workspace lists it ({@code
 * databricks_storage_credential}); the same credential appears in every workspace it is visible in.
 * Absent texts are empty strings.
 */
public final class StorageCredential implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String credentialId;
  private final String owner;
  private final String isolationMode;
  private final boolean readOnly;
  private final String roleArn;
  private final String metastoreId;

  public StorageCredential(
      ResourceRef ref,
      String workspaceId,
      String credentialId,
      String owner,
      String isolationMode,
      boolean readOnly,
      String roleArn,
      String metastoreId) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.credentialId = requireNonNull(credentialId, "credentialId is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.isolationMode = requireNonNull(isolationMode, "isolationMode is null");
    this.readOnly = readOnly;
    this.roleArn = requireNonNull(roleArn, "roleArn is null");
    this.metastoreId = requireNonNull(metastoreId, "metastoreId is null");
  }

  static StorageCredential of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new StorageCredential(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "storage_credential_id"),
        Attributes.text(attributes, "owner"),
        Attributes.text(attributes, "isolation_mode"),
        Attributes.flag(attributes, "read_only", false),
        Attributes.text(attributes, "role_arn"),
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

  public String getCredentialId() {
    return credentialId;
  }

  public String getOwner() {
    return owner;
  }

  public String getIsolationMode() {
    return isolationMode;
  }

  public boolean isIsolated() {
    return UnityCatalog.isIsolated(isolationMode);
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public String getMetastoreId() {
    return metastoreId;
  }
}
