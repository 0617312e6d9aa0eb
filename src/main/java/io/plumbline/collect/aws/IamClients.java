package io.plumbline.collect.aws;

import static java.util.Objects.requireNonNull;

import io.plumbline.collect.AwsTarget;
import io.plumbline.collect.CallStats;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds IAM clients for one target. Credentials are resolved once, when the collector is built, so
 * that a configuration error shows at once; a client is built per fetch and closed after it, since
 * nothing tells a collector when a collection ends.
 *
 * <p>Retries: the SDK's standard mode, set explicitly so that {@code AWS_RETRY_MODE} or {@code
 * AWS_MAX_ATTEMPTS} cannot change how plumbline behaves. It retries one page (3 attempts in all,
 * jittered exponential backoff, longer for throttling, and it knows AWS's throttling codes), while
 * the engine retries a whole read, which restarts paging from the first page. Turning the SDK's
 * retries off would make one throttled page of a large account cost every page before it again; the
 * engine's attempts are for outages that outlast a few seconds. 403 and 404 are retried by neither.
 */
final class IamClients {

  private static final Duration LONGEST_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AwsTarget target;
  private final Duration callTimeout;
  private final AwsCredentialsProvider credentials;

  IamClients(AwsTarget target, Duration callTimeout) {
    this.target = requireNonNull(target, "target is null");
    this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
    AwsCredentialsProvider base =
        target
            .credentials()
            .<AwsCredentialsProvider>map(
                given ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            given.accessKeyId(), given.secretAccessKey().reveal())))
            // the shared default chain: environment, profile, web identity, container, instance
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    this.credentials =
        target
            .roleArn()
            .map(role -> RoleAssumption.assume(role, base, target.endpoint()))
            .orElse(base);
  }

  /**
   * A new client recording its calls in {@code stats}; the caller closes it. ApacheHttpClient is
   * deprecated in favour of Apache5HttpClient (software.amazon.awssdk:apache5-client); it stays
   * until the build moves over as a whole.
   */
  @SuppressWarnings("deprecation")
  IamClient create(CallStats stats) {
    IamClientBuilder builder =
        IamClient.builder()
            .region(region(target.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .socketTimeout(callTimeout)
                    .connectionTimeout(min(callTimeout, LONGEST_CONNECT_TIMEOUT)))
            .overrideConfiguration(
                configuration ->
                    configuration
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallAttemptTimeout(callTimeout)
                        .addExecutionInterceptor(new CallRecorder(stats)));
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** An EC2 client of one region; the caller closes it. */
  @SuppressWarnings("deprecation")
  Ec2Client ec2(CallStats stats, String region) {
    Ec2ClientBuilder builder =
        Ec2Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .overrideConfiguration(configuration(stats));
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * An S3 client of one region, path-style where an endpoint is given; checksums only where S3
   * requires them, so that an S3-compatible endpoint is not sent trailers it cannot read.
   */
  @SuppressWarnings("deprecation")
  S3Client s3(CallStats stats, String region) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(configuration(stats));
    target
        .endpoint()
        .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return builder.build();
  }

  /** A KMS client of one region; the caller closes it. */
  @SuppressWarnings("deprecation")
  KmsClient kms(CallStats stats, String region) {
    KmsClientBuilder builder =
        KmsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(httpClient())
            .overrideConfiguration(configuration(stats));
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @SuppressWarnings("deprecation")
  private ApacheHttpClient.Builder httpClient() {
    return ApacheHttpClient.builder()
        .socketTimeout(callTimeout)
        .connectionTimeout(min(callTimeout, LONGEST_CONNECT_TIMEOUT));
  }

  private java.util.function.Consumer<
          software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder>
      configuration(CallStats stats) {
    return configuration ->
        configuration
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .apiCallAttemptTimeout(callTimeout)
            .addExecutionInterceptor(new CallRecorder(stats));
  }

  static Region region(String name) {
    return name.equals(Region.AWS_GLOBAL.id()) ? Region.AWS_GLOBAL : Region.of(name);
  }

  private static Duration min(Duration first, Duration second) {
    return first.compareTo(second) <= 0 ? first : second;
  }
}
