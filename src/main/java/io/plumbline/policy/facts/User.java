package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * A user ({@code databricks_user}) as the account or one workspace lists it. The same person
 * appears once at account level and once in every workspace that shows them; {@code workspaceId} is
 * empty for the account's copy. Absent texts are empty strings.
 */
public final class User implements Fact {

  private static final String INSTANCE_PROFILE = ":instance-profile/";

  private final ResourceRef ref;
  private final String workspaceId;
  private final String userName;
  private final String displayName;
  private final boolean active;
  private final String externalId;
  private final boolean scimProvisioned;
  private final List<String> roles;
  private final List<String> entitlements;

  public User(
      ResourceRef ref,
      String workspaceId,
      String userName,
      String displayName,
      boolean active,
      String externalId,
      boolean scimProvisioned,
      List<String> roles,
      List<String> entitlements) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.userName = requireNonNull(userName, "userName is null");
    this.displayName = requireNonNull(displayName, "displayName is null");
    this.active = active;
    this.externalId = requireNonNull(externalId, "externalId is null");
    this.scimProvisioned = scimProvisioned;
    this.roles = List.copyOf(roles);
    this.entitlements = List.copyOf(entitlements);
  }

  static User of(Resource resource) {
    JsonNode attributes = resource.attributes();
    String externalId = Attributes.text(attributes, "external_id");
    return new User(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "user_name"),
        Attributes.text(attributes, "display_name"),
        // SCIM's default: a user whose "active" is not given is active
        Attributes.flag(attributes, "active", true),
        externalId,
        Attributes.flag(attributes, "scim_provisioned", !externalId.isBlank()),
        Attributes.texts(attributes.path("roles")),
        Attributes.texts(attributes.path("entitlements")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  /** The SCIM id, the same in every scope. */
  public String getId() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public boolean isAccountLevel() {
    return workspaceId.isEmpty();
  }

  public String getUserName() {
    return userName;
  }

  public String getDisplayName() {
    return displayName;
  }

  public boolean isActive() {
    return active;
  }

  public String getExternalId() {
    return externalId;
  }

  /** Provisioned by the identity provider (SCIM sets an externalId); false for a local user. */
  public boolean isScimProvisioned() {
    return scimProvisioned;
  }

  /** SCIM roles: instance profile ARNs in a workspace, account roles at account level. */
  public List<String> getRoles() {
    return roles;
  }

  /** The roles that are instance profiles, held by the user itself rather than a group. */
  public List<String> getInstanceProfiles() {
    return roles.stream().filter(role -> role.contains(INSTANCE_PROFILE)).toList();
  }

  public List<String> getEntitlements() {
    return entitlements;
  }
}
