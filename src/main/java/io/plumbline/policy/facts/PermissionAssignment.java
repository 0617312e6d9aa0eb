package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * An identity assignment of a workspace ({@code databricks_mws_permission_assignment}): a user,
 * group or service principal of the account given {@code USER} or {@code ADMIN} in the workspace.
 * {@code principalKind} is {@code user}, {@code group}, {@code service_principal} or {@code
 * unknown}.
 */
public final class PermissionAssignment implements Fact {

  private final ResourceRef ref;
  private final String workspaceId;
  private final String principalId;
  private final String principalKind;
  private final String principalName;
  private final String displayName;
  private final List<String> permissions;

  public PermissionAssignment(
      ResourceRef ref,
      String workspaceId,
      String principalId,
      String principalKind,
      String principalName,
      String displayName,
      List<String> permissions) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.principalId = requireNonNull(principalId, "principalId is null");
    this.principalKind = requireNonNull(principalKind, "principalKind is null");
    this.principalName = requireNonNull(principalName, "principalName is null");
    this.displayName = requireNonNull(displayName, "displayName is null");
    this.permissions = List.copyOf(permissions);
  }

  static PermissionAssignment of(Resource resource) {
    JsonNode attributes = resource.attributes();
    String workspaceId = Attributes.workspaceId(resource);
    if (workspaceId.isEmpty()) {
      workspaceId = Attributes.text(attributes, "workspace_id");
    }
    return new PermissionAssignment(
        ResourceRef.of(resource),
        workspaceId,
        Attributes.text(attributes, "principal_id"),
        Attributes.text(attributes, "principal_kind"),
        Attributes.text(attributes, "principal_name"),
        Attributes.text(attributes, "display_name"),
        Attributes.texts(attributes.path("permissions")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  /** The SCIM id of the principal, as text (the API carries it as a number). */
  public String getPrincipalId() {
    return principalId;
  }

  public String getPrincipalKind() {
    return principalKind;
  }

  /** userName, group displayName or service principal applicationId. */
  public String getPrincipalName() {
    return principalName;
  }

  public String getDisplayName() {
    return displayName;
  }

  public List<String> getPermissions() {
    return permissions;
  }

  public boolean isAdmin() {
    return permissions.contains("ADMIN");
  }

  /** Every permission is one plumbline knows (USER, ADMIN): none could be an admin-like new one. */
  public boolean isPermissionsKnown() {
    return KnownValues.WORKSPACE_PERMISSIONS.containsAll(permissions);
  }
}
