package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;

/**
 * One statement of a permission policy: an inline policy of a role ({@code aws_iam_role}'s {@code
 * inline_policies}, about the role) or a managed policy ({@code aws_iam_policy}, about the policy).
 * A rule on a role's permissions joins both: {@code roleArn == $role.arn || policyArn memberOf
 * $role.managedPolicyArns}.
 */
public final class IamPolicyStatement implements Fact {

  private final ResourceRef ref;
  private final String roleArn;
  private final String policyArn;
  private final String policyName;
  private final int index;
  private final IamStatement statement;

  private IamPolicyStatement(
      ResourceRef ref,
      String roleArn,
      String policyArn,
      String policyName,
      int index,
      IamStatement statement) {
    this.ref = requireNonNull(ref, "ref is null");
    this.roleArn = requireNonNull(roleArn, "roleArn is null");
    this.policyArn = requireNonNull(policyArn, "policyArn is null");
    this.policyName = requireNonNull(policyName, "policyName is null");
    this.index = index;
    this.statement = requireNonNull(statement, "statement is null");
  }

  /** A statement of a role's inline policy. */
  public static IamPolicyStatement inline(
      ResourceRef role, String roleArn, String policyName, int index, IamStatement statement) {
    return new IamPolicyStatement(role, roleArn, "", policyName, index, statement);
  }

  /** A statement of the default version of a managed policy. */
  public static IamPolicyStatement managed(
      ResourceRef policy, String policyArn, String policyName, int index, IamStatement statement) {
    return new IamPolicyStatement(policy, "", policyArn, policyName, index, statement);
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public boolean isInline() {
    return policyArn.isEmpty();
  }

  /** The role of an inline policy; "" for a managed policy. */
  public String getRoleArn() {
    return roleArn;
  }

  /** The managed policy's ARN; "" for an inline policy. */
  public String getPolicyArn() {
    return policyArn;
  }

  public String getPolicyName() {
    return policyName;
  }

  /**
   * The role attribute a finding about this statement names: {@code inline_policies.<name>} or
   * {@code managed_policy_arns.<arn>}. One finding per policy, however many statements fail.
   */
  public String getRoleAttribute() {
    return isInline() ? "inline_policies." + policyName : "managed_policy_arns." + policyArn;
  }

  /** Which policy, in words, for messages. */
  public String getDescription() {
    return isInline() ? "inline policy " + policyName : "managed policy " + policyArn;
  }

  public int getIndex() {
    return index;
  }

  public IamStatement getStatement() {
    return statement;
  }

  public JsonNode getJson() {
    return statement.getJson();
  }

  public boolean isAllow() {
    return statement.isAllow();
  }

  public List<String> getActions() {
    return statement.getActions();
  }

  public List<String> getResources() {
    return statement.getResources();
  }

  public List<String> getWildcardActions() {
    return statement.getWildcardActions();
  }

  public boolean isAnyAction() {
    return statement.isAnyAction();
  }

  public boolean isAnyResource() {
    return statement.isAnyResource();
  }

  public boolean hasCondition() {
    return statement.hasCondition();
  }

  public List<String> actionsOutside(Collection<String> allowed) {
    return statement.actionsOutside(allowed);
  }
}
