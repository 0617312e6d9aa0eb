package io.plumbline.collect.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Credentials of the role named by {@code plumbline.collect.aws.role-arn}, assumed with the base
 * credentials and refreshed before they expire. The session name makes plumbline's reads easy to
 * find in CloudTrail.
 */
final class RoleAssumption {

  private static final String SESSION_NAME = "plumbline-collector";

  private RoleAssumption() {}

  /**
   * @param endpoint the IAM endpoint override, if any: STS is sent to the same place, so that a
   *     collector pointed at an emulator never reaches out to AWS to assume a role
   */
  static AwsCredentialsProvider assume(
      String roleArn, AwsCredentialsProvider base, Optional<URI> endpoint) {
    StsClientBuilder builder =
        StsClient.builder().credentialsProvider(base).region(Region.AWS_GLOBAL);
    endpoint.ifPresent(builder::endpointOverride);
    StsClient sts = builder.build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request -> request.roleArn(roleArn).roleSessionName(SESSION_NAME))
        .build();
  }
}
