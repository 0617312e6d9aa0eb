package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.ApiCall;
import io.plumbline.model.ApiRead;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.ScopeKind;
import java.util.List;

/**
 * One resource type as a collector reads it in one kind of scope: a view of a {@link ResourceType}
 * declaration and one of its {@link ApiRead reads}, never written by hand. The IAM policy of the
 * collector role and the documented Databricks role are generated from these.
 *
 * @param idAttribute the id attributes joined by {@code |}, or {@code _} for one resource a scope
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

  /** A declared type as read in one kind of scope. */
  public static ResourceTypeSpec of(ResourceType type, ApiRead read) {
    return new ResourceTypeSpec(
        type.name(),
        read.scope(),
        type.idAttributes().isEmpty()
            ? ResourceType.SINGLETON_ID
            : String.join(ResourceType.ID_SEPARATOR, type.idAttributes()),
        read.calls().stream().map(ApiCall::call).toList(),
        read.iamActions(),
        read.databricksRole());
  }

  /** Every declared type read in a kind of scope, in catalogue order. */
  public static List<ResourceTypeSpec> declaredIn(ScopeKind kind) {
    return ResourceCatalogue.readIn(kind).stream()
        .map(type -> of(type, type.read(kind).orElseThrow()))
        .toList();
  }
}
