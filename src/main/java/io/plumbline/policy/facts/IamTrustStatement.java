package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One statement of an IAM role's trust policy (its {@code assume_role_policy}): who may assume the
 * role, and on what condition. A failing rule reports it against the role.
 */
public final class IamTrustStatement implements Fact {

  private final ResourceRef ref;
  private final String roleName;
  private final String roleArn;
  private final int index;
  private final IamStatement statement;

  public IamTrustStatement(
      ResourceRef ref, String roleName, String roleArn, int index, IamStatement statement) {
    this.ref = requireNonNull(ref, "ref is null");
    this.roleName = requireNonNull(roleName, "roleName is null");
    this.roleArn = requireNonNull(roleArn, "roleArn is null");
    this.index = index;
    this.statement = requireNonNull(statement, "statement is null");
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getRoleName() {
    return roleName;
  }

  public String getRoleArn() {
    return roleArn;
  }

  /** Position in the normalised trust policy's statement list. */
  public int getIndex() {
    return index;
  }

  public IamStatement getStatement() {
    return statement;
  }

  /** The statement as written, for evidence. */
  public JsonNode getJson() {
    return statement.getJson();
  }

  public boolean isAllow() {
    return statement.isAllow();
  }

  public boolean allowsAction(String action) {
    return statement.allowsAction(action);
  }

  public boolean isAnyPrincipal() {
    return statement.isAnyPrincipal();
  }

  public boolean hasNotPrincipal() {
    return statement.hasNotPrincipal();
  }

  public List<String> getAwsPrincipals() {
    return statement.getAwsPrincipals();
  }

  public List<String> getPrincipalAccountIds() {
    return statement.getPrincipalAccountIds();
  }

  public boolean hasCondition() {
    return statement.hasCondition();
  }

  /** The {@code sts:ExternalId} values the statement requires (empty when it requires none). */
  public List<String> getExternalIds() {
    return statement.exactConditionValues("sts:ExternalId");
  }
}
