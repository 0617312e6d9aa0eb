package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.ScopeKind;
import java.util.List;

/**
 * What a collector declares about one resource type it reads: where it lives, which attribute is
 * its id, the API calls that read it, and the permissions those calls need. The IAM policy of the
 * collector role and the documented Databricks role are generated from these, never written a
 * second time.
 *
 * @param apiCalls e.g. {@code GET /api/2.0/accounts/{account_id}/workspaces}, or {@code
 *     iam:ListRoles}
 * @param iamActions AWS IAM actions the calls need (empty for Databricks APIs)
 * @param databricksRole the least Databricks role that can make the calls (empty for AWS)
 */
public record ResourceTypeSpec(
    String type,
    ScopeKind scopeKind,
    String idAttribute,
    List<String> apiCalls,
    List<String> iamActions,
    String databricksRole) {

  public ResourceTypeSpec {
    requireNonNull(type, "type is null");
    requireNonNull(scopeKind, "scopeKind is null");
    requireNonNull(idAttribute, "idAttribute is null");
    apiCalls = List.copyOf(apiCalls);
    iamActions = List.copyOf(iamActions);
    requireNonNull(databricksRole, "databricksRole is null");
  }

  public static ResourceTypeSpec databricks(
      String type, ScopeKind scopeKind, String idAttribute, String role, String... apiCalls) {
    return new ResourceTypeSpec(type, scopeKind, idAttribute, List.of(apiCalls), List.of(), role);
  }

  public static ResourceTypeSpec aws(String type, String idAttribute, String... iamActions) {
    return new ResourceTypeSpec(
        type,
        ScopeKind.AWS,
        idAttribute,
        java.util.Arrays.stream(iamActions).toList(),
        List.of(iamActions),
        "");
  }
}
