package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import java.util.Map;
import java.util.Set;

/**
 * A cluster ({@code databricks_cluster}) with its configuration. Absent texts are empty strings;
 * absent {@code autotermination_minutes} is 0, as for the API: the cluster never terminates.
 */
public final class Cluster implements Fact {

  /**
   * Sources of clusters people keep and reuse; job, pipeline and SQL clusters end with their run.
   */
  private static final Set<String> INTERACTIVE_SOURCES = Set.of("", "UI", "API");

  private final ResourceRef ref;
  private final String workspaceId;
  private final String name;
  private final String policyId;
  private final String clusterSource;
  private final String dataSecurityMode;
  private final String singleUserName;
  private final String creatorUserName;
  private final long autoterminationMinutes;
  private final String instanceProfileArn;
  private final Map<String, String> customTags;

  public Cluster(
      ResourceRef ref,
      String workspaceId,
      String name,
      String policyId,
      String clusterSource,
      String dataSecurityMode,
      String singleUserName,
      String creatorUserName,
      long autoterminationMinutes,
      String instanceProfileArn,
      Map<String, String> customTags) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.name = requireNonNull(name, "name is null");
    this.policyId = requireNonNull(policyId, "policyId is null");
    this.clusterSource = requireNonNull(clusterSource, "clusterSource is null");
    this.dataSecurityMode = requireNonNull(dataSecurityMode, "dataSecurityMode is null");
    this.singleUserName = requireNonNull(singleUserName, "singleUserName is null");
    this.creatorUserName = requireNonNull(creatorUserName, "creatorUserName is null");
    this.autoterminationMinutes = autoterminationMinutes;
    this.instanceProfileArn = requireNonNull(instanceProfileArn, "instanceProfileArn is null");
    this.customTags = Map.copyOf(customTags);
  }

  static Cluster of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new Cluster(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "cluster_name"),
        Attributes.text(attributes, "policy_id"),
        Attributes.text(attributes, "cluster_source"),
        Attributes.text(attributes, "data_security_mode"),
        Attributes.text(attributes, "single_user_name"),
        Attributes.text(attributes, "creator_user_name"),
        Attributes.number(attributes, "autotermination_minutes", 0),
        Attributes.text(attributes, "instance_profile_arn"),
        Attributes.textMap(attributes.path("custom_tags")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getClusterId() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getName() {
    return name;
  }

  public String getPolicyId() {
    return policyId;
  }

  public boolean isPolicyAssigned() {
    return !policyId.isBlank();
  }

  public String getClusterSource() {
    return clusterSource;
  }

  /** Made from the UI or the API (or of absent source), not by a job, pipeline or warehouse. */
  public boolean isInteractive() {
    return INTERACTIVE_SOURCES.contains(clusterSource);
  }

  /**
   * Absent or a source plumbline knows; a new source may or may not be interactive, so a rule about
   * interactive clusters can neither pass nor fail the cluster.
   */
  public boolean isSourceKnown() {
    return clusterSource.isEmpty() || KnownValues.CLUSTER_SOURCES.contains(clusterSource);
  }

  public String getDataSecurityMode() {
    return dataSecurityMode;
  }

  /** No user isolation: NONE, or no access mode at all (the API's default). */
  public boolean isWithoutIsolation() {
    return dataSecurityMode.isEmpty() || dataSecurityMode.equals("NONE");
  }

  /** Absent or an access mode plumbline knows (legacy names and their newer aliases). */
  public boolean isDataSecurityModeKnown() {
    return dataSecurityMode.isEmpty() || KnownValues.DATA_SECURITY_MODES.contains(dataSecurityMode);
  }

  public String getSingleUserName() {
    return singleUserName;
  }

  public String getCreatorUserName() {
    return creatorUserName;
  }

  public long getAutoterminationMinutes() {
    return autoterminationMinutes;
  }

  public String getInstanceProfileArn() {
    return instanceProfileArn;
  }

  public Map<String, String> getCustomTags() {
    return customTags;
  }
}
