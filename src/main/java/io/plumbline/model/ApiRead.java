package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a resource type is read in one kind of scope: the API calls, and what the caller must be
 * allowed to make them. A Databricks call is written {@code GET /api/2.0/...} with path parameters
 * in braces; an AWS call is its IAM action ({@code iam:ListRoles}).
 *
 * @param databricksRole the least Databricks role that sees everything the calls return (empty for
 *     AWS)
 * @param iamActions the IAM actions the calls need (empty for Databricks)
 */
public record ApiRead(
    ScopeKind scope, List<ApiCall> calls, String databricksRole, List<String> iamActions) {

  public ApiRead {
    requireNonNull(scope, "scope is null");
    calls = List.copyOf(calls);
    requireNonNull(databricksRole, "databricksRole is null");
    iamActions = List.copyOf(iamActions);
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("a read makes at least one call");
    }
  }

  /** What the calls need, as {@code plumbline types} lists it: a role, or IAM actions. */
  public List<String> permissions() {
    return databricksRole.isEmpty() ? iamActions : List.of(databricksRole);
  }
}
