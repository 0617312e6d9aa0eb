package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * A log delivery configuration of the account ({@code databricks_mws_log_delivery}): which logs go
 * where, whether it is enabled, and how its last delivery went.
 */
public final class MwsLogDelivery implements Fact {

  private final ResourceRef ref;
  private final String configId;
  private final String name;
  private final String logType;
  private final String outputFormat;
  private final String credentialsId;
  private final String storageConfigurationId;
  private final String status;
  private final String deliveryStatus;
  private final List<String> workspaceIdsFilter;

  public MwsLogDelivery(
      ResourceRef ref,
      String configId,
      String name,
      String logType,
      String outputFormat,
      String credentialsId,
      String storageConfigurationId,
      String status,
      String deliveryStatus,
      List<String> workspaceIdsFilter) {
    this.ref = requireNonNull(ref, "ref is null");
    this.configId = requireNonNull(configId, "configId is null");
    this.name = requireNonNull(name, "name is null");
    this.logType = requireNonNull(logType, "logType is null");
    this.outputFormat = requireNonNull(outputFormat, "outputFormat is null");
    this.credentialsId = requireNonNull(credentialsId, "credentialsId is null");
    this.storageConfigurationId =
        requireNonNull(storageConfigurationId, "storageConfigurationId is null");
    this.status = requireNonNull(status, "status is null");
    this.deliveryStatus = requireNonNull(deliveryStatus, "deliveryStatus is null");
    this.workspaceIdsFilter = List.copyOf(workspaceIdsFilter);
  }

  static MwsLogDelivery of(Resource resource) {
    return new MwsLogDelivery(
        ResourceRef.of(resource),
        resource.id(),
        Attributes.text(resource.attributes(), "config_name"),
        Attributes.text(resource.attributes(), "log_type"),
        Attributes.text(resource.attributes(), "output_format"),
        Attributes.text(resource.attributes(), "credentials_id"),
        Attributes.text(resource.attributes(), "storage_configuration_id"),
        Attributes.text(resource.attributes(), "status"),
        Attributes.text(resource.attributes(), "delivery_status"),
        Attributes.texts(resource.attributes().path("workspace_ids_filter")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getAccountId() {
    return ref.scope().id();
  }

  public String getConfigId() {
    return configId;
  }

  public String getName() {
    return name;
  }

  /** BILLABLE_USAGE or AUDIT_LOGS. */
  public String getLogType() {
    return logType;
  }

  /** AUDIT_LOGS or BILLABLE_USAGE; an absent or new log type is not known. */
  public boolean isLogTypeKnown() {
    return KnownValues.LOG_TYPES.contains(logType);
  }

  public String getOutputFormat() {
    return outputFormat;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  public String getStorageConfigurationId() {
    return storageConfigurationId;
  }

  /** ENABLED or DISABLED. */
  public String getStatus() {
    return status;
  }

  public boolean isEnabled() {
    return "ENABLED".equals(status);
  }

  /**
   * How the last delivery went: CREATED (none attempted yet), SUCCEEDED, USER_FAILURE,
   * SYSTEM_FAILURE or NOT_FOUND; "" when the API sent none.
   */
  public String getDeliveryStatus() {
    return deliveryStatus;
  }

  /** The workspaces delivered for; empty means every workspace of the account. */
  public List<String> getWorkspaceIdsFilter() {
    return workspaceIdsFilter;
  }
}
