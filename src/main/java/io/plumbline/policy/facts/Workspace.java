package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import java.util.Map;

/**
 * A workspace as the account lists it ({@code databricks_mws_workspaces}), with the metastore the
 * collector found it assigned to. Absent texts are empty strings.
 */
public final class Workspace implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String name;
  private final String deploymentName;
  private final String awsRegion;
  private final String status;
  private final String pricingTier;
  private final String metastoreId;
  private final String credentialsId;
  private final String storageConfigurationId;
  private final String networkId;
  private final String privateAccessSettingsId;
  private final String managedServicesCustomerManagedKeyId;
  private final String storageCustomerManagedKeyId;
  private final Map<String, String> customTags;

  public Workspace(
      ResourceRef ref,
      String name,
      String deploymentName,
      String awsRegion,
      String status,
      String pricingTier,
      String metastoreId,
      String credentialsId,
      String storageConfigurationId,
      String networkId,
      String privateAccessSettingsId,
      String managedServicesCustomerManagedKeyId,
      String storageCustomerManagedKeyId,
      Map<String, String> customTags) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = ref.id();
    this.name = requireNonNull(name, "name is null");
    this.deploymentName = requireNonNull(deploymentName, "deploymentName is null");
    this.awsRegion = requireNonNull(awsRegion, "awsRegion is null");
    this.status = requireNonNull(status, "status is null");
    this.pricingTier = requireNonNull(pricingTier, "pricingTier is null");
    this.metastoreId = requireNonNull(metastoreId, "metastoreId is null");
    this.credentialsId = requireNonNull(credentialsId, "credentialsId is null");
    this.storageConfigurationId =
        requireNonNull(storageConfigurationId, "storageConfigurationId is null");
    this.networkId = requireNonNull(networkId, "networkId is null");
    this.privateAccessSettingsId =
        requireNonNull(privateAccessSettingsId, "privateAccessSettingsId is null");
    this.managedServicesCustomerManagedKeyId =
        requireNonNull(
            managedServicesCustomerManagedKeyId, "managedServicesCustomerManagedKeyId is null");
    this.storageCustomerManagedKeyId =
        requireNonNull(storageCustomerManagedKeyId, "storageCustomerManagedKeyId is null");
    this.customTags = Map.copyOf(customTags);
  }

  static Workspace of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new Workspace(
        ResourceRef.of(resource),
        Attributes.text(attributes, "workspace_name"),
        Attributes.text(attributes, "deployment_name"),
        Attributes.text(attributes, "aws_region"),
        Attributes.text(attributes, "workspace_status"),
        Attributes.text(attributes, "pricing_tier"),
        Attributes.text(attributes, "metastore_id"),
        Attributes.text(attributes, "credentials_id"),
        Attributes.text(attributes, "storage_configuration_id"),
        Attributes.text(attributes, "network_id"),
        Attributes.text(attributes, "private_access_settings_id"),
        Attributes.text(attributes, "managed_services_customer_managed_key_id"),
        Attributes.text(attributes, "storage_customer_managed_key_id"),
        Attributes.textMap(attributes.path("custom_tags")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getName() {
    return name;
  }

  public String getDeploymentName() {
    return deploymentName;
  }

  public String getAwsRegion() {
    return awsRegion;
  }

  public String getStatus() {
    return status;
  }

  /** Its status is RUNNING. */
  public boolean isRunning() {
    return status.equals(KnownValues.RUNNING);
  }

  /**
   * Its status is one plumbline knows (RUNNING, or one of the statuses of a workspace that is not
   * running). An absent or new status is not known: the workspace may be running, so a rule about
   * running workspaces cannot pass it, and cannot fail it either.
   */
  public boolean isStatusKnown() {
    return isRunning() || KnownValues.WORKSPACE_STATUSES_NOT_RUNNING.contains(status);
  }

  public String getPricingTier() {
    return pricingTier;
  }

  public String getMetastoreId() {
    return metastoreId;
  }

  public boolean isMetastoreAssigned() {
    return !metastoreId.isEmpty();
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  public String getStorageConfigurationId() {
    return storageConfigurationId;
  }

  public String getNetworkId() {
    return networkId;
  }

  public String getPrivateAccessSettingsId() {
    return privateAccessSettingsId;
  }

  public String getManagedServicesCustomerManagedKeyId() {
    return managedServicesCustomerManagedKeyId;
  }

  public String getStorageCustomerManagedKeyId() {
    return storageCustomerManagedKeyId;
  }

  public Map<String, String> getCustomTags() {
    return customTags;
  }
}
