package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * A service principal ({@code databricks_service_principal}) as the account or one workspace lists
 * it; {@code workspaceId} is empty for the account's copy. Absent texts are empty strings.
 */
public final class ServicePrincipal implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String applicationId;
  private final String displayName;
  private final boolean active;
  private final boolean scimProvisioned;
  private final List<String> roles;
  private final List<String> entitlements;

  public ServicePrincipal(
      ResourceRef ref,
      String workspaceId,
      String applicationId,
      String displayName,
      boolean active,
      boolean scimProvisioned,
      List<String> roles,
      List<String> entitlements) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.applicationId = requireNonNull(applicationId, "applicationId is null");
    this.displayName = requireNonNull(displayName, "displayName is null");
    this.active = active;
    this.scimProvisioned = scimProvisioned;
    this.roles = List.copyOf(roles);
    this.entitlements = List.copyOf(entitlements);
  }

  static ServicePrincipal of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new ServicePrincipal(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "application_id"),
        Attributes.text(attributes, "display_name"),
        Attributes.flag(attributes, "active", true),
        Attributes.flag(attributes, "scim_provisioned", false),
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

  public String getApplicationId() {
    return applicationId;
  }

  public String getDisplayName() {
    return displayName;
  }

  public boolean isActive() {
    return active;
  }

  public boolean isScimProvisioned() {
    return scimProvisioned;
  }

  public List<String> getRoles() {
    return roles;
  }

  public List<String> getEntitlements() {
    return entitlements;
  }
}
