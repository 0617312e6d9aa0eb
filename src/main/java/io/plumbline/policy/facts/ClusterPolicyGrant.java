package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * One direct grant on a cluster policy, from the policy's {@code databricks_permissions} resource
 * (object {@code /cluster-policies/<id>}): one fact per principal and level, so that each grant a
 * rule fails is a finding of its own. {@code principalKind} is {@code user}, {@code group} or
 * {@code service_principal}.
 */
public final class ClusterPolicyGrant implements Fact {

  private static final String CLUSTER_POLICIES = "/cluster-policies/";
  private static final List<String> PRINCIPAL_FIELDS =
      List.of("user_name", "group_name", "service_principal_name");

  private final ResourceRef ref;
  private final String workspaceId;
  private final String policyId;
  private final String principalKind;
  private final String principalName;
  private final String permissionLevel;

  public ClusterPolicyGrant(
      ResourceRef ref,
      String workspaceId,
      String policyId,
      String principalKind,
      String principalName,
      String permissionLevel) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.policyId = requireNonNull(policyId, "policyId is null");
    this.principalKind = requireNonNull(principalKind, "principalKind is null");
    this.principalName = requireNonNull(principalName, "principalName is null");
    this.permissionLevel = requireNonNull(permissionLevel, "permissionLevel is null");
  }

  /** The grants of a permissions resource; none when its object is not a cluster policy. */
  static List<ClusterPolicyGrant> of(Resource resource) {
    JsonNode attributes = resource.attributes();
    String policyId = Attributes.text(attributes, "cluster_policy_id");
    if (policyId.isEmpty() && resource.id().startsWith(CLUSTER_POLICIES)) {
      policyId = resource.id().substring(CLUSTER_POLICIES.length());
    }
    if (policyId.isEmpty()) {
      return List.of();
    }
    ResourceRef ref = ResourceRef.of(resource);
    String workspaceId = Attributes.workspaceId(resource);
    List<ClusterPolicyGrant> grants = new ArrayList<>();
    for (JsonNode entry : attributes.path("access_control")) {
      for (String field : PRINCIPAL_FIELDS) {
        if (entry.hasNonNull(field)) {
          grants.add(
              new ClusterPolicyGrant(
                  ref,
                  workspaceId,
                  policyId,
                  field.substring(0, field.length() - "_name".length()),
                  entry.path(field).asText(),
                  Attributes.text(entry, "permission_level")));
          break;
        }
      }
    }
    return grants;
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getPolicyId() {
    return policyId;
  }

  public String getPrincipalKind() {
    return principalKind;
  }

  /** userName, group name or service principal applicationId. */
  public String getPrincipalName() {
    return principalName;
  }

  public String getPermissionLevel() {
    return permissionLevel;
  }

  /**
   * The grant as a finding attribute, e.g. {@code access_control[user_name=ana@example.com]}: one
   * finding per failing grant of the same policy.
   */
  public String getAttribute() {
    return "access_control[" + principalKind + "_name=" + principalName + "]";
  }
}
