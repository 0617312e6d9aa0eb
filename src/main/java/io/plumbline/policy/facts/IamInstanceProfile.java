package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import java.util.List;

/** An IAM instance profile ({@code aws_iam_instance_profile}) and the role names it holds. */
public final class IamInstanceProfile implements Fact {

  private final ResourceRef ref;
  private final String name;
  private final String arn;
  private final List<String> roles;

  public IamInstanceProfile(ResourceRef ref, String name, String arn, List<String> roles) {
    this.ref = requireNonNull(ref, "ref is null");
    this.name = requireNonNull(name, "name is null");
    this.arn = requireNonNull(arn, "arn is null");
    this.roles = List.copyOf(roles);
  }

  static IamInstanceProfile of(Resource resource) {
    return new IamInstanceProfile(
        ResourceRef.of(resource),
        resource.attributes().path("name").asText(resource.id()),
        resource.attributes().path("arn").asText(""),
        Attributes.texts(resource.attributes().path("roles")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getAwsAccountId() {
    return ref.scope().id();
  }

  public String getName() {
    return name;
  }

  public String getArn() {
    return arn;
  }

  /** Role names (IAM allows at most one). */
  public List<String> getRoles() {
    return roles;
  }
}
