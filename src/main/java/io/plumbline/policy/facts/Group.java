package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * A group ({@code databricks_group}) as the account or one workspace lists it. In a workspace it is
 * either an account group assigned there or a workspace-local group (such as the built-in {@code
 * admins} and {@code users}). Direct members are SCIM ids by kind; the members reached through
 * nested groups are known only for account groups read at account level (empty elsewhere).
 */
public final class Group implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String displayName;
  private final String externalId;
  private final boolean workspaceLocal;
  private final List<String> roles;
  private final List<String> entitlements;
  private final List<String> memberUsers;
  private final List<String> memberGroups;
  private final List<String> memberServicePrincipals;
  private final List<String> effectiveUsers;
  private final List<String> effectiveServicePrincipals;

  public Group(
      ResourceRef ref,
      String workspaceId,
      String displayName,
      String externalId,
      boolean workspaceLocal,
      List<String> roles,
      List<String> entitlements,
      List<String> memberUsers,
      List<String> memberGroups,
      List<String> memberServicePrincipals,
      List<String> effectiveUsers,
      List<String> effectiveServicePrincipals) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.displayName = requireNonNull(displayName, "displayName is null");
    this.externalId = requireNonNull(externalId, "externalId is null");
    this.workspaceLocal = workspaceLocal;
    this.roles = List.copyOf(roles);
    this.entitlements = List.copyOf(entitlements);
    this.memberUsers = List.copyOf(memberUsers);
    this.memberGroups = List.copyOf(memberGroups);
    this.memberServicePrincipals = List.copyOf(memberServicePrincipals);
    this.effectiveUsers = List.copyOf(effectiveUsers);
    this.effectiveServicePrincipals = List.copyOf(effectiveServicePrincipals);
  }

  static Group of(Resource resource) {
    JsonNode attributes = resource.attributes();
    JsonNode members = attributes.path("members");
    JsonNode effective = attributes.path("effective_members");
    return new Group(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "display_name"),
        Attributes.text(attributes, "external_id"),
        Attributes.flag(attributes, "workspace_local", false),
        Attributes.texts(attributes.path("roles")),
        Attributes.texts(attributes.path("entitlements")),
        Attributes.texts(members.path("users")),
        Attributes.texts(members.path("groups")),
        Attributes.texts(members.path("service_principals")),
        Attributes.texts(effective.path("users")),
        Attributes.texts(effective.path("service_principals")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  /** The SCIM id. */
  public String getId() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public boolean isAccountLevel() {
    return workspaceId.isEmpty();
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getExternalId() {
    return externalId;
  }

  /** A group that exists only in this workspace, not an account group assigned to it. */
  public boolean isWorkspaceLocal() {
    return workspaceLocal;
  }

  public List<String> getRoles() {
    return roles;
  }

  public List<String> getEntitlements() {
    return entitlements;
  }

  public List<String> getMemberUsers() {
    return memberUsers;
  }

  public List<String> getMemberGroups() {
    return memberGroups;
  }

  public List<String> getMemberServicePrincipals() {
    return memberServicePrincipals;
  }

  /** Users reached directly or through nested groups (account level only). */
  public List<String> getEffectiveUsers() {
    return effectiveUsers;
  }

  /** Service principals reached directly or through nested groups (account level only). */
  public List<String> getEffectiveServicePrincipals() {
    return effectiveServicePrincipals;
  }
}
