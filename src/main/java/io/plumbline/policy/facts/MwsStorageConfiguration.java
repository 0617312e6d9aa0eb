package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;

/** A storage configuration of the account ({@code databricks_mws_storage_configurations}). */
public final class MwsStorageConfiguration implements Fact {

  private final ResourceRef ref;
  private final String storageConfigurationId;
  private final String name;
  private final String bucketName;
  private final String roleArn;

  public MwsStorageConfiguration(
      ResourceRef ref,
      String storageConfigurationId,
      String name,
      String bucketName,
      String roleArn) {
    this.ref = requireNonNull(ref, "ref is null");
    this.storageConfigurationId =
        requireNonNull(storageConfigurationId, "storageConfigurationId is null");
    this.name = requireNonNull(name, "name is null");
    this.bucketName = requireNonNull(bucketName, "bucketName is null");
    this.roleArn = requireNonNull(roleArn, "roleArn is null");
  }

  static MwsStorageConfiguration of(Resource resource) {
    return new MwsStorageConfiguration(
        ResourceRef.of(resource),
        resource.id(),
        Attributes.text(resource.attributes(), "storage_configuration_name"),
        Attributes.text(resource.attributes(), "bucket_name"),
        Attributes.text(resource.attributes(), "role_arn"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getAccountId() {
    return ref.scope().id();
  }

  public String getStorageConfigurationId() {
    return storageConfigurationId;
  }

  public String getName() {
    return name;
  }

  /** The root S3 bucket. */
  public String getBucketName() {
    return bucketName;
  }

  /** The IAM role Databricks uses for the bucket, or "" (the bucket policy grants access). */
  public String getRoleArn() {
    return roleArn;
  }
}
