package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * One direct grant on an object of a kind other than a cluster policy (a cluster, job, notebook,
 * folder, repo, SQL warehouse, instance pool, serving endpoint, or token use), from its {@code
 * databricks_permissions} resource: one fact per principal and level, so that each grant a rule
 * fails is a finding of its own. Inherited grants are not facts: they are granted on the folder (or
 * the kind's root) they come from. {@code objectType} is the API's ({@code cluster}, {@code job},
 * {@code notebook}, {@code directory}, {@code repo}, {@code warehouses}, {@code instance-pool},
 * {@code serving-endpoint}, {@code tokens}); {@code objectName} a name people know it by (a job's
 * or cluster's name, a path).
 */
public final class ObjectGrant implements Fact {

  private static final List<String> PRINCIPAL_FIELDS =
      List.of("user_name", "group_name", "service_principal_name");

  private final ResourceRef ref;
  private final String workspaceId;
  private final String objectType;
  private final String objectId;
  private final String objectName;
  private final String principalKind;
  private final String principalName;
  private final String permissionLevel;

  public ObjectGrant(
      ResourceRef ref,
      String workspaceId,
      String objectType,
      String objectId,
      String objectName,
      String principalKind,
      String principalName,
      String permissionLevel) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.objectType = requireNonNull(objectType, "objectType is null");
    this.objectId = requireNonNull(objectId, "objectId is null");
    this.objectName = requireNonNull(objectName, "objectName is null");
    this.principalKind = requireNonNull(principalKind, "principalKind is null");
    this.principalName = requireNonNull(principalName, "principalName is null");
    this.permissionLevel = requireNonNull(permissionLevel, "permissionLevel is null");
  }

  /** The direct grants of a permissions resource; none for a cluster policy's (see there). */
  static List<ObjectGrant> of(Resource resource) {
    JsonNode attributes = resource.attributes();
    String objectType = Attributes.text(attributes, "object_type");
    if (objectType.isEmpty()) {
      return List.of();
    }
    ResourceRef ref = ResourceRef.of(resource);
    String workspaceId = Attributes.workspaceId(resource);
    String objectName = Attributes.text(attributes, "object_name");
    List<ObjectGrant> grants = new ArrayList<>();
    for (JsonNode entry : attributes.path("access_control")) {
      for (String field : PRINCIPAL_FIELDS) {
        if (entry.hasNonNull(field)) {
          grants.add(
              new ObjectGrant(
                  ref,
                  workspaceId,
                  objectType,
                  resource.id(),
                  objectName.isEmpty() ? resource.id() : objectName,
                  field.substring(0, field.length() - "_name".length()),
                  entry.path(field).asText(),
                  Attributes.text(entry, "permission_level")));
          break;
        }
      }
    }
    return grants;
  }

  /** The facts of one permissions resource: cluster policy grants and object grants. */
  static List<Fact> facts(Resource resource) {
    List<Fact> facts = new ArrayList<>(ClusterPolicyGrant.of(resource));
    facts.addAll(of(resource));
    return facts;
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getObjectType() {
    return objectType;
  }

  public String getObjectId() {
    return objectId;
  }

  public String getObjectName() {
    return objectName;
  }

  /** {@code user}, {@code group} or {@code service_principal}. */
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

  /** Whether the grant is to the workspace's built-in group of every user. */
  public boolean isToAllUsers() {
    return principalKind.equals("group") && principalName.equals("users");
  }

  /** Whether the grant is to the workspace's admins group. */
  public boolean isToAdmins() {
    return principalKind.equals("group") && principalName.equals("admins");
  }

  /** Whether the object is in, or is, the workspace's shared folder. */
  public boolean isShared() {
    return objectName.equals("/Shared") || objectName.startsWith("/Shared/");
  }

  /**
   * The grant as a finding attribute, e.g. {@code access_control[group_name=users]}: one finding
   * per failing grant of the same object.
   */
  public String getAttribute() {
    return "access_control[" + principalKind + "_name=" + principalName + "]";
  }
}
