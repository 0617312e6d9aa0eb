package io.plumbline.collect.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Credentials of the role named by {@code plumbline.collect.aws.role-arn}, assumed with the base
 * credentials and refreshed before they expire. The session name makes plumbline's reads easy to
 * find in CloudTrail.
 */
final class RoleAssumption {

  private static final String SESSION_NAME = "plumbline-collector";

  private RoleAssumption() {}

  static AwsCredentialsProvider assume(String roleArn, AwsCredentialsProvider base) {
    StsClient sts =
        StsClient.builder().credentialsProvider(base).region(Region.AWS_GLOBAL).build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request -> request.roleArn(roleArn).roleSessionName(SESSION_NAME))
        .build();
  }
}
