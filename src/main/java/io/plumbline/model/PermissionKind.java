package io.plumbline.model;

import static java.util.Objects.requireNonNull;

/**
 * A kind of object whose permissions plumbline reads ({@code GET
 * /api/2.0/permissions/{requestType}/{id}}) into {@link ResourceCatalogue#PERMISSIONS} resources.
 *
 * @param objectType the API's {@code object_type} ({@code cluster}, {@code job}, {@code
 *     warehouses}, {@code tokens})
 * @param requestType the request path's object type ({@code clusters}, {@code jobs}, {@code
 *     authorization})
 * @param idAttribute the permissions resource's attribute holding the object's id, as the Terraform
 *     provider names it ({@code cluster_id}, {@code sql_endpoint_id})
 * @param section where baselines declare these grants, and who owns them by default
 */
public record PermissionKind(
    String objectType, String requestType, String idAttribute, BaselineSection section) {

  public PermissionKind {
    requireNonNull(objectType, "objectType is null");
    requireNonNull(requestType, "requestType is null");
    requireNonNull(idAttribute, "idAttribute is null");
    requireNonNull(section, "section is null");
  }

  /** The object id the API gives these grants, e.g. {@code /jobs/123}. */
  public String objectId(String id) {
    if (objectType.equals("tokens")) {
      return "/authorization/tokens";
    }
    if (objectType.equals("warehouses")) {
      return "/sql/warehouses/" + id;
    }
    return "/" + requestType + "/" + id;
  }
}
