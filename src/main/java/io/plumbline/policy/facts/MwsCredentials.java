package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;

/**
 * A credentials configuration of the account ({@code databricks_mws_credentials}): the IAM role
 * Databricks assumes, and the external id it presents when it does.
 */
public final class MwsCredentials implements Fact {

  private final ResourceRef ref;
  private final String credentialsId;
  private final String name;
  private final String roleArn;
  private final String externalId;

  public MwsCredentials(
      ResourceRef ref, String credentialsId, String name, String roleArn, String externalId) {
    this.ref = requireNonNull(ref, "ref is null");
    this.credentialsId = requireNonNull(credentialsId, "credentialsId is null");
    this.name = requireNonNull(name, "name is null");
    this.roleArn = requireNonNull(roleArn, "roleArn is null");
    this.externalId = requireNonNull(externalId, "externalId is null");
  }

  static MwsCredentials of(Resource resource) {
    return new MwsCredentials(
        ResourceRef.of(resource),
        resource.id(),
        Attributes.text(resource.attributes(), "credentials_name"),
        Attributes.text(resource.attributes(), "role_arn"),
        Attributes.text(resource.attributes(), "external_id"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  /** The Databricks account the configuration belongs to. */
  public String getAccountId() {
    return ref.scope().id();
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  public String getName() {
    return name;
  }

  public String getRoleArn() {
    return roleArn;
  }

  /** The external id, or "" when the API did not send one. */
  public String getExternalId() {
    return externalId;
  }
}
