package io.plumbline.policy.facts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the rules on S3 bucket policies and KMS key policies need of a policy document, computed
 * once per resource for its declared fact ({@link FactDeclarations}).
 */
final class AwsResourcePolicies {

  /** Databricks' own AWS account (commercial regions). */
  static final String DATABRICKS_AWS_ACCOUNT = "414351767826";

  /**
   * What a workspace root bucket's policy grants Databricks (Databricks documentation, "Create an
   * S3 bucket for workspace deployment").
   */
  static final Set<String> ROOT_BUCKET_ACTIONS =
      Set.of(
          "s3:GetObject",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:ListBucket",
          "s3:GetBucketLocation");

  private AwsResourcePolicies() {}

  /**
   * The grants of a root bucket policy beyond the Databricks-required statement: Allow statements
   * to any principal other than the Databricks AWS account, and Databricks actions beyond the
   * required ones; one description per grant. Deny statements restrict and are never beyond.
   */
  static List<String> grantsBeyondDatabricks(JsonNode policy) {
    List<String> beyond = new ArrayList<>();
    if (policy == null || !policy.isObject()) {
      return beyond;
    }
    List<IamStatement> statements = IamStatement.of(policy);
    for (int index = 0; index < statements.size(); index++) {
      IamStatement statement = statements.get(index);
      if (!statement.isAllow()) {
        continue;
      }
      String sid = statement.getSid();
      String name = sid == null || sid.isEmpty() ? "statement " + index : sid;
      if (statement.isAnyPrincipal() || statement.hasNotPrincipal()) {
        beyond.add(name + ": any principal");
        continue;
      }
      for (String service : statement.getServicePrincipals()) {
        beyond.add(name + ": service " + service);
      }
      for (String account : statement.getPrincipalAccountIds()) {
        if (!account.equals(DATABRICKS_AWS_ACCOUNT)) {
          beyond.add(name + ": AWS account " + account);
        }
      }
      if (statement.getPrincipalAccountIds().contains(DATABRICKS_AWS_ACCOUNT)) {
        for (String action : statement.actionsOutside(ROOT_BUCKET_ACTIONS)) {
          beyond.add(name + ": Databricks " + action);
        }
      }
    }
    return beyond;
  }

  /** Whether a Deny statement refuses requests without TLS ({@code aws:SecureTransport} false). */
  static boolean deniesInsecureTransport(JsonNode policy) {
    if (policy == null || !policy.isObject()) {
      return false;
    }
    for (IamStatement statement : IamStatement.of(policy)) {
      if (!statement.isAllow()
          && statement.isAnyPrincipal()
          && (statement.coversAction("s3:GetObject") || statement.coversAction("s3:PutObject"))
          && statement.conditionValues("aws:SecureTransport").contains("false")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The principals an Allow statement of a key policy names outside the key's own account and the
   * Databricks AWS account: other accounts, and any principal.
   */
  static List<String> foreignPrincipals(JsonNode policy, String ownAccount) {
    List<String> foreign = new ArrayList<>();
    if (policy == null || !policy.isObject()) {
      return foreign;
    }
    for (IamStatement statement : IamStatement.of(policy)) {
      if (!statement.isAllow()) {
        continue;
      }
      if (statement.isAnyPrincipal() || statement.hasNotPrincipal()) {
        foreign.add("*");
        continue;
      }
      for (String account : statement.getPrincipalAccountIds()) {
        if (!account.equals(ownAccount)
            && !account.equals(DATABRICKS_AWS_ACCOUNT)
            && !foreign.contains(account)) {
          foreign.add(account);
        }
      }
    }
    return foreign;
  }
}
