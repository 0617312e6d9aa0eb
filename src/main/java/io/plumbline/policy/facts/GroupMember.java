package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/**
 * One direct membership ({@code databricks_group_member}): a user, group or service principal in a
 * group, at account level or in one workspace. {@code memberKind} is {@code user}, {@code group},
 * {@code service_principal} or {@code unknown}.
 */
public final class GroupMember implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String groupId;
  private final String groupName;
  private final String memberId;
  private final String memberKind;
  private final String memberDisplay;

  public GroupMember(
      ResourceRef ref,
      String workspaceId,
      String groupId,
      String groupName,
      String memberId,
      String memberKind,
      String memberDisplay) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.groupId = requireNonNull(groupId, "groupId is null");
    this.groupName = requireNonNull(groupName, "groupName is null");
    this.memberId = requireNonNull(memberId, "memberId is null");
    this.memberKind = requireNonNull(memberKind, "memberKind is null");
    this.memberDisplay = requireNonNull(memberDisplay, "memberDisplay is null");
  }

  static GroupMember of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new GroupMember(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "group_id"),
        Attributes.text(attributes, "group_display_name"),
        Attributes.text(attributes, "member_id"),
        Attributes.text(attributes, "member_kind"),
        Attributes.text(attributes, "member_display"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public boolean isAccountLevel() {
    return workspaceId.isEmpty();
  }

  public String getGroupId() {
    return groupId;
  }

  public String getGroupName() {
    return groupName;
  }

  public String getMemberId() {
    return memberId;
  }

  public String getMemberKind() {
    return memberKind;
  }

  public String getMemberDisplay() {
    return memberDisplay;
  }
}
