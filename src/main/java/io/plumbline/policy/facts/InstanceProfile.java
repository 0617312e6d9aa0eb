package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/** An instance profile registered in a workspace ({@code databricks_instance_profile}). */
public final class InstanceProfile implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String iamRoleArn;
  private final boolean metaInstanceProfile;

  public InstanceProfile(
      ResourceRef ref, String workspaceId, String iamRoleArn, boolean metaInstanceProfile) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.iamRoleArn = requireNonNull(iamRoleArn, "iamRoleArn is null");
    this.metaInstanceProfile = metaInstanceProfile;
  }

  static InstanceProfile of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new InstanceProfile(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "iam_role_arn"),
        Attributes.flag(attributes, "is_meta_instance_profile", false));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getInstanceProfileArn() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  /** The role's ARN; empty when the registration does not name it. */
  public String getIamRoleArn() {
    return iamRoleArn;
  }

  /** A meta instance profile lets clusters assume other roles on top of its own. */
  public boolean isMetaInstanceProfile() {
    return metaInstanceProfile;
  }
}
