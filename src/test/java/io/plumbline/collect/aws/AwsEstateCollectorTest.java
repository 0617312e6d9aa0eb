package io.plumbline.collect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.collect.AwsTarget;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.Collector;
import io.plumbline.collect.RetryPolicy;
import io.plumbline.collect.ScanProgress;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.model.Coverage;
import io.plumbline.model.CoverageStatus;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The AWS network, storage and key collector with the real AWS SDK (EC2, S3, KMS) against the
 * sandbox's emulators, after the real Databricks collector has read the account's MWS lists it
 * depends on.
 */
@TestInstance(Lifecycle.PER_CLASS)
class AwsEstateCollectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** The smallest page EC2 allows: the reference estate's lists take several pages. */
  private static final int PAGE_SIZE = 5;

  private final HttpClient http = HttpClient.newHttpClient();
  private SandboxServer server;
  private Scope scope;

  @BeforeAll
  void startSandbox() {
    server = SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()));
    scope = Scope.aws(server.sandbox().info().path("aws_account_id").asText());
  }

  @AfterAll
  void stopSandbox() {
    server.close();
  }

  @BeforeEach
  void resetSandbox() {
    control("/_sandbox/reset", "{}");
  }

  @Test
  void collectsTheNetworkStorageAndKeyEachMwsConfigurationPointsAt() {
    CollectionRun.Result result = collect();

    assertThat(awsCoverage(result))
        .hasSize(16)
        .allSatisfy(
            row ->
                assertThat(row.status()).as(row.resourceType()).isEqualTo(CoverageStatus.COMPLETE));
    // sandbox-ml's network names a VPC and its storage a bucket that do not exist: nothing of them
    assertThat(ids(result, "aws_vpc"))
        .containsExactly("vpc-8379c7ce65426f74b", "vpc-a6a9421cc1c93016f", "vpc-f62e338d74ff1fe4f");
    assertThat(ids(result, "aws_subnet")).hasSize(9);
    assertThat(ids(result, "aws_security_group"))
        .containsExactly("sg-62983475eb46c5296", "sg-9dad8199bfca8b6f3", "sg-c4fd32f640d003263");
    assertThat(ids(result, "aws_vpc_security_group_ingress_rule")).hasSize(4);
    assertThat(ids(result, "aws_vpc_security_group_egress_rule")).hasSize(15);
    assertThat(ids(result, "aws_vpc_peering_connection"))
        .containsExactly("pcx-0e5b7d9f1a3c24680", "pcx-0f1e2d3c4b5a69788");
    assertThat(ids(result, "aws_vpc_endpoint")).hasSize(4);
    assertThat(ids(result, "aws_route_table")).hasSize(9);
    assertThat(ids(result, "aws_s3_bucket"))
        .containsExactly(
            "example-databricks-logs", "example-dev-root", "example-prod-root", "example-qa-root");
    assertThat(ids(result, "aws_kms_key")).containsExactly("5f0e7c61-9a4b-4d2e-8c3f-2a1b0c9d8e7f");
    assertThat(result.resources())
        .filteredOn(resource -> resource.scope().kind() == ScopeKind.AWS)
        .allSatisfy(resource -> assertThat(resource.scope()).isEqualTo(scope));
  }

  @Test
  void aSettingS3SaysIsNotConfiguredIsNoResourceAndTheReadIsComplete() {
    CollectionRun.Result result = collect();

    // drift root-bucket-public-access-block-removed: NoSuchPublicAccessBlockConfiguration
    assertThat(coverage(result, "aws_s3_bucket_public_access_block").status())
        .isEqualTo(CoverageStatus.COMPLETE);
    assertThat(ids(result, "aws_s3_bucket_public_access_block"))
        .containsExactly("example-databricks-logs", "example-dev-root", "example-prod-root");
    // the log bucket does not log to itself: an empty BucketLoggingStatus
    assertThat(ids(result, "aws_s3_bucket_logging"))
        .containsExactly("example-dev-root", "example-prod-root", "example-qa-root");
    Resource logging = resource(result, "aws_s3_bucket_logging", "example-qa-root");
    assertThat(logging.attribute("/target_bucket").asText()).isEqualTo("example-databricks-logs");
    // versioning sent without MfaDelete: absent, not "Disabled"
    Resource versioning = resource(result, "aws_s3_bucket_versioning", "example-dev-root");
    assertThat(versioning.attribute("/status").asText()).isEqualTo("Enabled");
    assertThat(versioning.attribute("/mfa_delete").isNull()).isTrue();
    Resource block = resource(result, "aws_s3_bucket_public_access_block", "example-dev-root");
    assertThat(block.attribute("/block_public_acls").asBoolean()).isTrue();
    assertThat(block.attribute("/restrict_public_buckets").asBoolean()).isTrue();
  }

  @Test
  void documentsAreNormalisedAndEncryptionNamesTheKey() {
    CollectionRun.Result result = collect();

    Resource policy = resource(result, "aws_s3_bucket_policy", "example-prod-root");
    assertThat(policy.attribute("/policy/Statement")).hasSize(2);
    Resource encryption =
        resource(result, "aws_s3_bucket_server_side_encryption_configuration", "example-prod-root");
    assertThat(encryption.attribute("/sse_algorithm").asText()).isEqualTo("aws:kms");
    assertThat(encryption.attribute("/kms_master_key_id").asText())
        .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/5f0e7c61-9a4b-4d2e-8c3f-2a1b0c9d8e7f");
    assertThat(encryption.attribute("/bucket_key_enabled").asBoolean()).isTrue();

    Resource key = resource(result, "aws_kms_key", "5f0e7c61-9a4b-4d2e-8c3f-2a1b0c9d8e7f");
    assertThat(key.attribute("/enable_key_rotation").asBoolean()).isTrue();
    assertThat(key.attribute("/rotation_period_in_days").asInt()).isEqualTo(365);
    assertThat(key.attribute("/key_state").asText()).isEqualTo("Enabled");
    assertThat(key.attribute("/policy/Statement")).hasSize(3);
  }

  @Test
  void networkObjectsCarryTheirRelationsAndOptionalFieldsStayAbsent() {
    CollectionRun.Result result = collect();

    Resource ssh = resource(result, "aws_vpc_security_group_ingress_rule", "sgr-0f9e8d7c6b5a43210");
    assertThat(ssh.attribute("/group_id").asText()).isEqualTo("sg-62983475eb46c5296");
    assertThat(ssh.attribute("/ip_protocol").asText()).isEqualTo("tcp");
    assertThat(ssh.attribute("/from_port").asInt()).isEqualTo(22);
    assertThat(ssh.attribute("/cidr_ipv4").asText()).isEqualTo("0.0.0.0/0");
    Resource self = resource(result, "aws_vpc_security_group_ingress_rule", "sgr-0a1d0e5f0001");
    assertThat(self.attribute("/ip_protocol").asText()).isEqualTo("-1");
    assertThat(self.attribute("/from_port").asInt()).isEqualTo(-1);
    assertThat(self.attribute("/referenced_group_id").asText()).isEqualTo("sg-62983475eb46c5296");
    assertThat(self.attribute("/cidr_ipv4").isNull()).isTrue();

    Resource peering = resource(result, "aws_vpc_peering_connection", "pcx-0f1e2d3c4b5a69788");
    assertThat(peering.attribute("/accepter_owner_id").asText()).isEqualTo("444455556666");
    assertThat(peering.attribute("/requester_owner_id").asText()).isEqualTo("111122223333");
    assertThat(peering.attribute("/status").asText()).isEqualTo("active");

    // lower camel on the wire; kept as sent
    Resource sts = resource(result, "aws_vpc_endpoint", "vpce-0a4f6e8d0c2b39753");
    assertThat(sts.attribute("/state").asText()).isEqualTo("available");
    assertThat(sts.attribute("/policy_document").isNull()).isTrue();
    assertThat(sts.attribute("/subnet_ids")).hasSize(2);

    Resource table = resource(result, "aws_route_table", "rtb-0c8a4e6f0b3d57912");
    assertThat(table.attribute("/main").asBoolean()).isFalse();
    assertThat(table.attribute("/subnet_ids")).hasSize(2);
    assertThat(table.attribute("/routes").findValuesAsText("vpc_peering_connection_id"))
        .containsExactly("pcx-0e5b7d9f1a3c24680");
    assertThat(
            resource(result, "aws_route_table", "rtb-0c0d6a8b2e5f79134")
                .attribute("/main")
                .asBoolean())
        .isTrue();

    Resource subnet = resource(result, "aws_subnet", "subnet-de94fb78c8d5f08b7");
    assertThat(subnet.attribute("/tags").isEmpty()).isTrue();
    assertThat(subnet.attribute("/map_public_ip_on_launch").asBoolean()).isFalse();
  }

  @Test
  void listsLongerThanAPageAreReadPageByPageToTheEnd() {
    collect();

    // 15 egress and 4 ingress rules in pages of 5, and a full last page leads to an empty one
    assertThat(requests("EC2 DescribeSecurityGroupRules")).isGreaterThanOrEqualTo(4);
    assertThat(requests("EC2 DescribeRouteTables")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void accessDeniedOnOneS3SettingFailsThatTypeAloneWithoutRetrying() {
    faults("/s3/GetBucketPublicAccessBlock", 403);

    CollectionRun.Result result = collect();

    Coverage denied = coverage(result, "aws_s3_bucket_public_access_block");
    assertThat(denied.status()).isEqualTo(CoverageStatus.FAILED);
    assertThat(denied.reason().orElseThrow().errorCode()).isEqualTo("AccessDenied");
    assertThat(denied.reason().orElseThrow().attempts()).isEqualTo(1);
    assertThat(ids(result, "aws_s3_bucket_public_access_block")).isEmpty();
    assertThat(coverage(result, "aws_s3_bucket_policy").status())
        .isEqualTo(CoverageStatus.COMPLETE);
    assertThat(requests("S3 GetBucketPublicAccessBlock")).isEqualTo(1);
  }

  @Test
  void unauthorizedEc2AndKmsCallsFailTheirTypes() {
    faults("/ec2/DescribeSecurityGroupRules", 403);
    CollectionRun.Result ec2 = collect();
    assertThat(
            coverage(ec2, "aws_vpc_security_group_ingress_rule").reason().orElseThrow().errorCode())
        .isEqualTo("UnauthorizedOperation");
    assertThat(coverage(ec2, "aws_vpc_security_group_egress_rule").status())
        .isEqualTo(CoverageStatus.FAILED);
    assertThat(coverage(ec2, "aws_security_group").status()).isEqualTo(CoverageStatus.COMPLETE);

    faults("/kms/GetKeyPolicy", 403);
    CollectionRun.Result kms = collect();
    assertThat(coverage(kms, "aws_kms_key").reason().orElseThrow().errorCode())
        .isEqualTo("AccessDeniedException");
    assertThat(ids(kms, "aws_kms_key")).isEmpty();
  }

  @Test
  void throttlingThatOutlastsTheRetriesFailsTheRead() {
    faults("/ec2/DescribeVpcs", 429);

    CollectionRun.Result result = collect();

    Coverage throttled = coverage(result, "aws_vpc");
    assertThat(throttled.status()).isEqualTo(CoverageStatus.FAILED);
    assertThat(throttled.reason().orElseThrow().errorCode()).isEqualTo("RequestLimitExceeded");
    assertThat(throttled.reason().orElseThrow().attempts()).isEqualTo(2);
    assertThat(ids(result, "aws_vpc")).isEmpty();
  }

  @Test
  void whenTheMwsNetworksAreNotReadTheNetworkIsNotReadEither() {
    faults("/api/2.0/accounts/*/networks", 403);

    CollectionRun.Result result = collect();

    for (String type :
        List.of(
            "aws_vpc",
            "aws_subnet",
            "aws_security_group",
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
            "aws_vpc_peering_connection",
            "aws_vpc_endpoint",
            "aws_route_table")) {
      Coverage row = coverage(result, type);
      assertThat(row.status()).as(type).isEqualTo(CoverageStatus.FAILED);
      assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("DEPENDENCY_FAILED");
    }
    assertThat(requests("EC2 DescribeVpcs")).isZero();
    assertThat(coverage(result, "aws_s3_bucket").status()).isEqualTo(CoverageStatus.COMPLETE);
  }

  @Test
  void declaresTheIamActionsOfEveryTypeItReads() {
    Set<String> actions =
        AwsEstateCollector.declaredResourceTypes().stream()
            .flatMap(spec -> spec.iamActions().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(actions)
        .containsExactly(
            "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroupRules",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcEndpoints",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeVpcs",
            "kms:DescribeKey",
            "kms:GetKeyPolicy",
            "kms:GetKeyRotationStatus",
            "s3:GetBucketLocation",
            "s3:GetBucketLogging",
            "s3:GetBucketOwnershipControls",
            "s3:GetBucketPolicy",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetBucketVersioning",
            "s3:GetEncryptionConfiguration");
    assertThat(IamCollector.declaredResourceTypes())
        .allSatisfy(spec -> assertThat(spec.type()).startsWith("aws_iam_"));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private CollectionRun.Result collect() {
    CollectionRun.Settings settings =
        new CollectionRun.Settings(
            Map.of(ScopeKind.ACCOUNT, 4, ScopeKind.WORKSPACE, 4, ScopeKind.AWS, 4),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50)),
            Duration.ofMinutes(2),
            42);
    CollectPlan plan =
        CollectPlan.forSandbox(server.host(), server.sandbox().info(), settings, CALL_TIMEOUT);
    AwsTarget aws = plan.aws().orElseThrow();
    List<Collector> collectors = new ArrayList<>();
    plan.databricks()
        .forEach(
            target ->
                collectors.add(
                    new DatabricksCollector(
                        target,
                        new ClientRateLimiter(DatabricksCollector.publishedRateLimits()),
                        CALL_TIMEOUT)));
    collectors.add(new AwsEstateCollector(aws, CALL_TIMEOUT, PAGE_SIZE));
    CollectionRun run = new CollectionRun(settings, new CallStats(), ScanProgress.NONE);
    try {
      return run.execute(collectors);
    } finally {
      collectors.forEach(Collector::close);
    }
  }

  private List<Coverage> awsCoverage(CollectionRun.Result result) {
    return result.coverage().stream().filter(row -> row.scope().equals(scope)).toList();
  }

  private Coverage coverage(CollectionRun.Result result, String type) {
    return awsCoverage(result).stream()
        .filter(row -> row.resourceType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no coverage row for " + type));
  }

  private static Set<String> ids(CollectionRun.Result result, String type) {
    ResourceCatalogue.get(type);
    return result.resources().stream()
        .filter(resource -> resource.type().equals(type))
        .map(Resource::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Resource resource(CollectionRun.Result result, String type, String id) {
    return result.resources().stream()
        .filter(resource -> resource.type().equals(type) && resource.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " " + id));
  }

  private void faults(String glob, int status) {
    control(
        "/_sandbox/faults",
        "{\"faults\": [{\"match\": \"" + glob + "\", \"status\": " + status + "}]}");
  }

  private void control(String path, String body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(server.host().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private long requests(String endpoint) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(server.host().resolve("/_sandbox/requests")).GET().build());
    JsonNode log;
    try {
      log = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the request log is not JSON: " + response.body(), e);
    }
    long count = 0;
    for (JsonNode row : log.path("requests")) {
      if (row.path("endpoint").asText().equals(endpoint)) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
