package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An IAM role ({@code aws_iam_role}). Its trust policy and inline policies become {@link
 * IamTrustStatement} and {@link IamPolicyStatement} facts of their own; attached managed policies
 * are joined by ARN ({@link #getManagedPolicyArns()} against {@link
 * IamPolicyStatement#getPolicyArn()}). Times are epoch milliseconds, -1 when IAM did not say.
 */
public final class IamRole implements Fact {

  private final ResourceRef ref;
  private final String name;
  private final String arn;
  private final String path;
  private final List<String> managedPolicyArns;
  private final List<String> instanceProfileArns;
  private final String permissionsBoundary;
  private final Map<String, String> tags;
  private final long createDate;
  private final long lastUsed;

  public IamRole(
      ResourceRef ref,
      String name,
      String arn,
      String path,
      List<String> managedPolicyArns,
      List<String> instanceProfileArns,
      String permissionsBoundary,
      Map<String, String> tags,
      long createDate,
      long lastUsed) {
    this.ref = requireNonNull(ref, "ref is null");
    this.name = requireNonNull(name, "name is null");
    this.arn = requireNonNull(arn, "arn is null");
    this.path = requireNonNull(path, "path is null");
    this.managedPolicyArns = List.copyOf(managedPolicyArns);
    this.instanceProfileArns = List.copyOf(instanceProfileArns);
    this.permissionsBoundary = requireNonNull(permissionsBoundary, "permissionsBoundary is null");
    this.tags = Map.copyOf(tags);
    this.createDate = createDate;
    this.lastUsed = lastUsed;
  }

  /** The role, then one fact per statement of its trust policy and of each inline policy. */
  static List<Fact> facts(Resource resource) {
    JsonNode attributes = resource.attributes();
    IamRole role =
        new IamRole(
            ResourceRef.of(resource),
            attributes.path("name").asText(resource.id()),
            attributes.path("arn").asText(""),
            attributes.path("path").asText("/"),
            Attributes.texts(attributes.path("managed_policy_arns")),
            Attributes.texts(attributes.path("instance_profile_arns")),
            Attributes.text(attributes, "permissions_boundary"),
            Attributes.textMap(attributes.path("tags")),
            AwsFacts.epochMillis(attributes.get("create_date")),
            AwsFacts.epochMillis(attributes.path("role_last_used").get("date")));
    List<Fact> facts = new ArrayList<>();
    facts.add(role);
    List<IamStatement> trust = IamStatement.of(attributes.get("assume_role_policy"));
    for (int index = 0; index < trust.size(); index++) {
      facts.add(new IamTrustStatement(role.ref, role.name, role.arn, index, trust.get(index)));
    }
    attributes
        .path("inline_policies")
        .properties()
        .forEach(
            policy -> {
              List<IamStatement> statements = IamStatement.of(policy.getValue());
              for (int index = 0; index < statements.size(); index++) {
                facts.add(
                    IamPolicyStatement.inline(
                        role.ref, role.arn, policy.getKey(), index, statements.get(index)));
              }
            });
    return facts;
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  /** The AWS account the role is in. */
  public String getAwsAccountId() {
    return ref.scope().id();
  }

  public String getName() {
    return name;
  }

  public String getArn() {
    return arn;
  }

  public String getPath() {
    return path;
  }

  public List<String> getManagedPolicyArns() {
    return managedPolicyArns;
  }

  /** The instance profiles the role is in, as IAM lists them with the role. */
  public List<String> getInstanceProfileArns() {
    return instanceProfileArns;
  }

  /** The permissions boundary policy ARN, or "" for none. */
  public String getPermissionsBoundary() {
    return permissionsBoundary;
  }

  public boolean hasPermissionsBoundary() {
    return !permissionsBoundary.isEmpty();
  }

  public Map<String, String> getTags() {
    return tags;
  }

  /** A tag's value, or "" when the role does not carry the tag. */
  public String tag(String key) {
    return tags.getOrDefault(key, "");
  }

  public long getCreateDate() {
    return createDate;
  }

  /**
   * When the role was last used to make an AWS request, or -1: IAM reports nothing for a role not
   * used within its tracking window (400 days), and IAM-compatible endpoints may report nothing.
   */
  public long getLastUsed() {
    return lastUsed;
  }

  public boolean isLastUseKnown() {
    return lastUsed >= 0;
  }

  /** Whole days between the last recorded use and {@code nowMillis}; -1 when none is recorded. */
  public long daysSinceLastUse(long nowMillis) {
    return lastUsed < 0 ? -1 : Math.max(0, (nowMillis - lastUsed) / 86_400_000L);
  }
}
