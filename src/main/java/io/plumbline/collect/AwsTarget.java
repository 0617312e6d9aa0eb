package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Secret;
import java.net.URI;
import java.util.Optional;

/**
 * The AWS account whose IAM roles and instance profiles are collected.
 *
 * @param accountId the 12-digit AWS account id (the scope of what is read)
 * @param region the signing region; IAM is global ({@code aws-global})
 * @param endpoint an endpoint override (the sandbox), or empty for AWS itself
 * @param roleArn a role to assume before reading, or empty to use the credentials as they are
 * @param credentials static credentials (the sandbox), or empty for the default provider chain
 */
public record AwsTarget(
    String accountId,
    String region,
    Optional<URI> endpoint,
    Optional<String> roleArn,
    Optional<StaticCredentials> credentials) {

  public AwsTarget {
    requireNonNull(accountId, "accountId is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(roleArn, "roleArn is null");
    requireNonNull(credentials, "credentials is null");
  }

  public record StaticCredentials(String accessKeyId, Secret secretAccessKey) {
    public StaticCredentials {
      requireNonNull(accessKeyId, "accessKeyId is null");
      requireNonNull(secretAccessKey, "secretAccessKey is null");
    }
  }
}
