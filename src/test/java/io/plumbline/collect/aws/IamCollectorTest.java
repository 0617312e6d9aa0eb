package io.plumbline.collect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.AwsTarget;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.RetryPolicy;
import io.plumbline.collect.ScanProgress;
import io.plumbline.model.Coverage;
import io.plumbline.model.CoverageStatus;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Secret;
import io.plumbline.model.normal.PolicyDocuments;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** The IAM collector with the real AWS SDK against the sandbox's IAM emulator. */
@TestInstance(Lifecycle.PER_CLASS)
class IamCollectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final int ATTEMPTS = RetryPolicy.defaults().maxAttempts();
  private static final Set<String> GAAD_TYPES =
      Set.of(
          IamCollector.ROLE,
          IamCollector.ROLE_POLICY,
          IamCollector.ROLE_POLICY_ATTACHMENT,
          IamCollector.POLICY);

  private final HttpClient http = HttpClient.newHttpClient();
  private SandboxServer server;
  private String awsAccountId;
  private Scope scope;

  @BeforeAll
  void startSandbox() {
    server = SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()));
    awsAccountId = server.sandbox().info().path("aws_account_id").asText();
    scope = Scope.aws(awsAccountId);
  }

  @AfterAll
  void stopSandbox() {
    server.close();
  }

  @BeforeEach
  void resetSandbox() throws Exception {
    control("/_sandbox/reset", "{}");
  }

  // ---- what is collected -------------------------------------------------------------------

  @Test
  void collectsEveryRolePolicyAttachmentAndInstanceProfileOfTheEstate() {
    Collected collected = collect(collector());

    assertThat(collected.coverage())
        .extracting(Coverage::resourceType, Coverage::status)
        .containsExactlyInAnyOrder(
            tuple(IamCollector.ROLE, CoverageStatus.COMPLETE),
            tuple(IamCollector.ROLE_POLICY, CoverageStatus.COMPLETE),
            tuple(IamCollector.ROLE_POLICY_ATTACHMENT, CoverageStatus.COMPLETE),
            tuple(IamCollector.POLICY, CoverageStatus.COMPLETE),
            tuple(IamCollector.INSTANCE_PROFILE, CoverageStatus.COMPLETE));
    assertThat(collected.coverage()).allSatisfy(row -> assertThat(row.scope()).isEqualTo(scope));
    assertThat(collected.resources()).allSatisfy(row -> assertThat(row.scope()).isEqualTo(scope));

    assertThat(collected.ids(IamCollector.ROLE)).isEqualTo(fieldNames(iam().path("roles")));
    assertThat(collected.ids(IamCollector.ROLE_POLICY)).isEqualTo(expectedRolePolicyIds());
    assertThat(collected.ids(IamCollector.ROLE_POLICY_ATTACHMENT))
        .isEqualTo(expectedAttachmentIds());
    assertThat(collected.ids(IamCollector.POLICY)).isEqualTo(expectedPolicyArns());
    assertThat(collected.ids(IamCollector.INSTANCE_PROFILE))
        .isEqualTo(fieldNames(iam().path("instance_profiles")));
  }

  @Test
  void aRoleCarriesItsAttributesAndRelations() {
    Collected collected = collect(collector());
    JsonNode estateRole = iam().path("roles").path("qa-data-engineering");

    Resource role = collected.resource(IamCollector.ROLE, "qa-data-engineering");

    assertThat(role.attribute("/arn").asText())
        .isEqualTo("arn:aws:iam::" + awsAccountId + ":role/qa-data-engineering");
    assertThat(role.attribute("/path").asText()).isEqualTo("/");
    assertThat(role.attribute("/role_id").asText()).isEqualTo(estateRole.path("role_id").asText());
    assertThat(role.attribute("/create_date").asText()).isEqualTo("2025-03-12T10:00:00Z");
    assertThat(role.attribute("/max_session_duration").asInt()).isEqualTo(3600);
    assertThat(role.attribute("/description").asText())
        .isEqualTo(estateRole.path("description").asText());
    assertThat(role.attribute("/managed_policy_arns"))
        .containsExactly(
            JSON.getNodeFactory()
                .textNode("arn:aws:iam::" + awsAccountId + ":policy/shared-reference-data-read"));
    assertThat(role.attribute("/permissions_boundary").isNull()).isTrue();
    assertThat(role.attribute("/role_last_used").isNull()).isTrue();
    assertThat(role.attribute("/tags")).isEqualTo(estateRole.path("tags"));
    assertThat(role.attribute("/instance_profile_arns"))
        .containsExactly(
            JSON.getNodeFactory()
                .textNode(
                    "arn:aws:iam::" + awsAccountId + ":instance-profile/qa-data-engineering"));

    Resource profile = collected.resource(IamCollector.INSTANCE_PROFILE, "qa-data-engineering");
    assertThat(profile.attribute("/roles"))
        .containsExactly(JSON.getNodeFactory().textNode("qa-data-engineering"));
    assertThat(profile.attribute("/arn").asText())
        .isEqualTo("arn:aws:iam::" + awsAccountId + ":instance-profile/qa-data-engineering");

    Resource attachment =
        collected.resource(
            IamCollector.ROLE_POLICY_ATTACHMENT,
            "qa-data-engineering|arn:aws:iam::"
                + awsAccountId
                + ":policy/shared-reference-data-read");
    assertThat(attachment.attribute("/role").asText()).isEqualTo("qa-data-engineering");

    Resource policy =
        collected.resource(
            IamCollector.POLICY,
            "arn:aws:iam::" + awsAccountId + ":policy/shared-reference-data-read");
    assertThat(policy.attribute("/default_version_id").asText()).isEqualTo("v1");
    assertThat(policy.attribute("/aws_managed").asBoolean()).isFalse();
    assertThat(policy.attribute("/attachment_count").asInt())
        .isEqualTo(countRolesAttaching(policy.id()));
  }

  @Test
  void theDriftedDevTrustPolicyHasNoExternalIdConditionWhileQaAndProdKeepIt() {
    Collected collected = collect(collector());

    assertThat(externalIds(collected, "dev-cross-account")).isEmpty();
    assertThat(externalIds(collected, "qa-cross-account"))
        .containsExactly("c0ffee00-da7a-4b1e-8e57-000000000001");
    assertThat(externalIds(collected, "prod-cross-account"))
        .containsExactly("c0ffee00-da7a-4b1e-8e57-000000000001");
  }

  @Test
  void theQaDataEngineeringRoleCarriesTheHandAddedS3StarPolicy() {
    Collected collected = collect(collector());
    JsonNode s3Star =
        JSON.createObjectNode()
            .put("Version", "2012-10-17")
            .set(
                "Statement",
                JSON.createArrayNode()
                    .add(
                        JSON.createObjectNode()
                            .put("Effect", "Allow")
                            .<ObjectNode>set("Action", JSON.createArrayNode().add("s3:*"))
                            .set("Resource", JSON.createArrayNode().add("*"))));

    Resource role = collected.resource(IamCollector.ROLE, "qa-data-engineering");
    Resource inline =
        collected.resource(IamCollector.ROLE_POLICY, "qa-data-engineering|s3-debug-access");

    assertThat(role.attribute("/inline_policies/s3-debug-access")).isEqualTo(s3Star);
    assertThat(inline.attribute("/policy")).isEqualTo(s3Star);
    assertThat(inline.attribute("/role").asText()).isEqualTo("qa-data-engineering");
    assertThat(collected.resource(IamCollector.ROLE, "prod-data-engineering"))
        .satisfies(
            prod ->
                assertThat(prod.attribute("/inline_policies").has("s3-debug-access")).isFalse());
  }

  @Test
  void everyDocumentEqualsTheEstatesDocumentAfterNormalisation() {
    Collected collected = collect(collector());

    List<String> compared = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : iam().path("roles").properties()) {
      String name = entry.getKey();
      JsonNode estateRole = entry.getValue();
      Resource role = collected.resource(IamCollector.ROLE, name);
      assertThat(role.attribute("/assume_role_policy"))
          .as("trust policy of %s", name)
          .isEqualTo(PolicyDocuments.normalize(estateRole.path("assume_role_policy")));
      for (Map.Entry<String, JsonNode> inline : estateRole.path("inline_policies").properties()) {
        JsonNode expected = PolicyDocuments.normalize(inline.getValue());
        assertThat(role.attribute("/inline_policies/" + inline.getKey()))
            .as("inline policy %s of %s", inline.getKey(), name)
            .isEqualTo(expected);
        assertThat(
                collected
                    .resource(IamCollector.ROLE_POLICY, name + "|" + inline.getKey())
                    .attribute("/policy"))
            .isEqualTo(expected);
        compared.add(name + "|" + inline.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> entry : iam().path("policies").properties()) {
      JsonNode estatePolicy = entry.getValue();
      String defaultVersion = estatePolicy.path("default_version_id").asText();
      Resource policy =
          collected.resource(
              IamCollector.POLICY, "arn:aws:iam::" + awsAccountId + ":policy/" + entry.getKey());
      assertThat(policy.attribute("/policy"))
          .isEqualTo(PolicyDocuments.normalize(estatePolicy.path("versions").path(defaultVersion)));
    }
    assertThat(compared).hasSize(expectedRolePolicyIds().size());
  }

  @Test
  void smallPagesYieldTheSameResourcesAsOnePage() {
    Collected onePage = collect(collector());
    control("/_sandbox/reset", "{}");

    Collected smallPages = collect(new IamCollector(target(awsAccountId), CALL_TIMEOUT, 2));

    assertThat(smallPages.coverage()).allSatisfy(row -> assertThat(row.isComplete()).isTrue());
    assertThat(smallPages.resources()).containsExactlyInAnyOrderElementsOf(onePage.resources());
    int entities =
        iam().path("roles").size()
            + iam().path("policies").size()
            + iam().path("aws_managed_policies").size();
    assertThat(
            smallPages
                .stats()
                .callsByApiAndStatus()
                .get("aws.iam.get_account_authorization_details 200"))
        .as("GetAccountAuthorizationDetails read once for four types, in pages of two")
        .isGreaterThanOrEqualTo((entities + 1) / 2);
    assertThat(requests("IAM GetAccountAuthorizationDetails")).isEqualTo((entities + 1) / 2);
  }

  // ---- calls and failures ------------------------------------------------------------------

  @Test
  void everyHttpAttemptIsCountedAsTheSandboxSawIt() {
    Collected collected = collect(collector());

    long served = requestTotal();
    assertThat(collected.stats().calls()).isEqualTo(served);
    assertThat(collected.stats().callsByApiAndStatus().keySet())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(key).startsWith("aws.iam.").endsWith(" 200"))
        .contains("aws.iam.get_account_authorization_details 200");
    assertThat(collected.stats().throttledCount()).isZero();
  }

  @Test
  void accessDeniedFailsTheCoverageOfEveryTypeItReadsAndClaimsNoRoles() {
    faults("{\"faults\":[{\"match\":\"/iam/GetAccountAuthorizationDetails\",\"status\":403}]}");

    Collected collected = collect(collector());

    for (String type : GAAD_TYPES) {
      Coverage row = collected.coverage(type);
      assertThat(row.status()).as(type).isEqualTo(CoverageStatus.FAILED);
      FailureReason reason = row.reason().orElseThrow();
      assertThat(reason.httpStatus()).isEqualTo(OptionalInt.of(403));
      assertThat(reason.errorCode()).isEqualTo("AccessDenied");
      assertThat(reason.message()).contains("iam:GetAccountAuthorizationDetails");
      assertThat(reason.attempts()).as("AccessDenied is not retried").isEqualTo(1);
      assertThat(collected.resources(type)).as(type).isEmpty();
    }
    assertThat(requests("IAM GetAccountAuthorizationDetails"))
        .as("one fetch shared by the four types, not retried")
        .isEqualTo(1);
    assertThat(collected.coverage(IamCollector.INSTANCE_PROFILE).isComplete()).isTrue();
    assertThat(collected.resources(IamCollector.INSTANCE_PROFILE)).isNotEmpty();
  }

  @Test
  void aTruncatedBodyFailsAfterEveryAttemptInsteadOfReadingAsAnEmptyList() {
    faults(
        "{\"faults\":[{\"match\":\"/iam/GetAccountAuthorizationDetails\",\"body\":\"truncated\"}]}");

    Collected collected = collect(collector());

    for (String type : GAAD_TYPES) {
      Coverage row = collected.coverage(type);
      assertThat(row.status()).as(type).isEqualTo(CoverageStatus.FAILED);
      assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("MALFORMED_RESPONSE");
      assertThat(row.reason().orElseThrow().attempts()).isEqualTo(ATTEMPTS);
      assertThat(collected.resources(type)).isEmpty();
    }
    assertThat(collected.stats().retryCount()).isGreaterThan(0);
  }

  @Test
  void anHtmlPageInsteadOfXmlFailsEveryListInsteadOfReadingAsEmpty() {
    faults("{\"faults\":[{\"match\":\"/iam/**\",\"body\":\"malformed\"}]}");

    Collected collected = collect(collector());

    assertThat(collected.coverage()).hasSize(5);
    assertThat(collected.coverage())
        .allSatisfy(
            row -> {
              assertThat(row.status()).isEqualTo(CoverageStatus.FAILED);
              assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("MALFORMED_RESPONSE");
              assertThat(row.reason().orElseThrow().attempts()).isEqualTo(ATTEMPTS);
            });
    assertThat(collected.resources()).isEmpty();
  }

  @Test
  void throttlingIsRetriedToCompletionAndCounted() {
    faults("{\"faults\":[{\"match\":\"/iam/**\",\"status\":429,\"probability\":0.3}]}");

    // pages of five: enough requests that throttling is sure to hit some
    Collected collected = collect(new IamCollector(target(awsAccountId), CALL_TIMEOUT, 5));

    assertThat(collected.coverage()).allSatisfy(row -> assertThat(row.isComplete()).isTrue());
    assertThat(collected.ids(IamCollector.ROLE)).isEqualTo(fieldNames(iam().path("roles")));
    assertThat(collected.ids(IamCollector.ROLE_POLICY)).isEqualTo(expectedRolePolicyIds());
    assertThat(collected.ids(IamCollector.INSTANCE_PROFILE))
        .isEqualTo(fieldNames(iam().path("instance_profiles")));
    long throttled = requests(400);
    assertThat(throttled).as("the fault fired").isPositive();
    assertThat(collected.stats().throttledCount()).isEqualTo(throttled);
    assertThat(statusTotal(collected, "400")).isEqualTo(throttled);
    assertThat(collected.stats().calls()).isEqualTo(requestTotal());
  }

  @Test
  void anUnreachableEndpointFailsAsARetryableIoError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AwsTarget unreachable =
        new AwsTarget(
            awsAccountId,
            "aws-global",
            Optional.of(URI.create("http://127.0.0.1:" + closedPort)),
            Optional.empty(),
            credentials());

    Collected collected = collect(new IamCollector(unreachable, Duration.ofSeconds(2)));

    assertThat(collected.coverage()).hasSize(5);
    assertThat(collected.coverage())
        .allSatisfy(
            row -> {
              assertThat(row.status()).isEqualTo(CoverageStatus.FAILED);
              assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("IO_ERROR");
              assertThat(row.reason().orElseThrow().attempts()).isEqualTo(ATTEMPTS);
            });
    assertThat(collected.resources()).isEmpty();
    assertThat(collected.stats().callsByApiAndStatus().keySet())
        .isNotEmpty()
        .allSatisfy(key -> assertThat(key).startsWith("aws.iam.").endsWith(" error"));
  }

  @Test
  void credentialsOfAnotherAccountFailEveryReadWithoutRetrying() {
    Collected collected = collect(new IamCollector(target("999999999999"), CALL_TIMEOUT));

    assertThat(collected.coverage())
        .allSatisfy(
            row -> {
              assertThat(row.scope()).isEqualTo(Scope.aws("999999999999"));
              assertThat(row.status()).isEqualTo(CoverageStatus.FAILED);
              assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("ACCOUNT_MISMATCH");
              assertThat(row.reason().orElseThrow().message()).contains(awsAccountId);
              assertThat(row.reason().orElseThrow().attempts()).isEqualTo(1);
            });
    assertThat(collected.resources()).isEmpty();
  }

  @Test
  void aRoleToAssumeIsAssumedThroughStsAtTheSameEndpointAndItsFailureIsAFailedRead()
      throws Exception {
    AwsTarget withRole =
        new AwsTarget(
            awsAccountId,
            "aws-global",
            Optional.of(server.iamEndpoint()),
            Optional.of("arn:aws:iam::" + awsAccountId + ":role/plumbline-collector"),
            credentials());

    // the sandbox emulates IAM, not STS: AssumeRole is sent to it (never to AWS) and refused,
    // so every IAM read must end FAILED rather than empty
    Collected collected = collect(new IamCollector(withRole, CALL_TIMEOUT));

    assertThat(collected.result().coverage()).isNotEmpty().noneMatch(Coverage::isComplete);
    assertThat(collected.result().resources()).isEmpty();
  }

  @Test
  void declaresTheIamActionsOfEveryTypeItReads() {
    assertThat(IamCollector.declaredResourceTypes())
        .allSatisfy(spec -> assertThat(spec.scopeKind()).isEqualTo(ScopeKind.AWS))
        .extracting(spec -> spec.type())
        .containsExactlyInAnyOrder(
            IamCollector.ROLE,
            IamCollector.ROLE_POLICY,
            IamCollector.ROLE_POLICY_ATTACHMENT,
            IamCollector.POLICY,
            IamCollector.INSTANCE_PROFILE);
    Set<String> actions =
        IamCollector.declaredResourceTypes().stream()
            .flatMap(spec -> spec.iamActions().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(actions)
        .containsExactly(
            "iam:GetAccountAuthorizationDetails",
            "iam:GetRole",
            "iam:ListInstanceProfiles",
            "iam:ListRoles");
    assertThat(collector().resourceTypes()).isEqualTo(IamCollector.declaredResourceTypes());
  }

  // ---- helpers -----------------------------------------------------------------------------

  private record Collected(CollectionRun.Result result, CallStats stats) {
    List<Coverage> coverage() {
      return result.coverage();
    }

    Coverage coverage(String type) {
      return result.coverage().stream()
          .filter(row -> row.resourceType().equals(type))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no coverage row for " + type));
    }

    List<Resource> resources() {
      return result.resources();
    }

    List<Resource> resources(String type) {
      return result.resources().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    Set<String> ids(String type) {
      return resources(type).stream()
          .map(Resource::id)
          .collect(Collectors.toCollection(TreeSet::new));
    }

    Resource resource(String type, String id) {
      return resources(type).stream()
          .filter(resource -> resource.id().equals(id))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + type + " " + id));
    }
  }

  private Collected collect(IamCollector collector) {
    CallStats stats = new CallStats();
    CollectionRun.Settings settings =
        new CollectionRun.Settings(
            Map.of(ScopeKind.ACCOUNT, 1, ScopeKind.WORKSPACE, 1, ScopeKind.AWS, 4),
            new RetryPolicy(ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(50)),
            Duration.ofMinutes(2),
            42);
    CollectionRun run = new CollectionRun(settings, stats, ScanProgress.NONE);
    return new Collected(run.execute(List.of(collector)), stats);
  }

  private IamCollector collector() {
    return new IamCollector(target(awsAccountId), CALL_TIMEOUT);
  }

  private AwsTarget target(String accountId) {
    return new AwsTarget(
        accountId,
        "aws-global",
        Optional.of(server.iamEndpoint()),
        Optional.empty(),
        credentials());
  }

  private static Optional<AwsTarget.StaticCredentials> credentials() {
    return Optional.of(new AwsTarget.StaticCredentials("AKIDSANDBOX", Secret.of("sandbox-secret")));
  }

  /** The IAM section of the estate being served, drift applied. */
  private JsonNode iam() {
    return server.sandbox().estate().document().path("iam");
  }

  private static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private Set<String> expectedRolePolicyIds() {
    Set<String> ids = new TreeSet<>();
    for (Map.Entry<String, JsonNode> role : iam().path("roles").properties()) {
      role.getValue()
          .path("inline_policies")
          .fieldNames()
          .forEachRemaining(policy -> ids.add(role.getKey() + "|" + policy));
    }
    return ids;
  }

  private Set<String> expectedAttachmentIds() {
    Set<String> ids = new TreeSet<>();
    for (Map.Entry<String, JsonNode> role : iam().path("roles").properties()) {
      role.getValue()
          .path("attached_policies")
          .forEach(arn -> ids.add(role.getKey() + "|" + arn.asText()));
    }
    return ids;
  }

  /**
   * Every customer-managed policy, and the AWS-managed ones some role attaches or is bounded by.
   */
  private Set<String> expectedPolicyArns() {
    Set<String> arns = new TreeSet<>();
    for (Map.Entry<String, JsonNode> policy : iam().path("policies").properties()) {
      String path = policy.getValue().path("path").asText("/");
      arns.add("arn:aws:iam::" + awsAccountId + ":policy" + path + policy.getKey());
    }
    for (JsonNode role : iam().path("roles")) {
      role.path("attached_policies")
          .forEach(
              arn -> {
                if (arn.asText().startsWith("arn:aws:iam::aws:")) {
                  arns.add(arn.asText());
                }
              });
      String boundary = role.path("permissions_boundary").asText("");
      if (boundary.startsWith("arn:aws:iam::aws:")) {
        arns.add(boundary);
      }
    }
    return arns;
  }

  private int countRolesAttaching(String policyArn) {
    int count = 0;
    for (JsonNode role : iam().path("roles")) {
      for (JsonNode arn : role.path("attached_policies")) {
        if (arn.asText().equals(policyArn)) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  private static List<String> externalIds(Collected collected, String roleName) {
    Resource role = collected.resource(IamCollector.ROLE, roleName);
    List<String> ids = new ArrayList<>();
    for (JsonNode statement : role.attribute("/assume_role_policy/Statement")) {
      statement
          .path("Condition")
          .path("StringEquals")
          .path("sts:ExternalId")
          .forEach(id -> ids.add(id.asText()));
    }
    return ids;
  }

  private void faults(String document) {
    control("/_sandbox/faults", document);
  }

  private void control(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(server.host().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private JsonNode requestLog() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(server.host().resolve("/_sandbox/requests")).GET().build());
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the request log is not JSON: " + response.body(), e);
    }
  }

  private long requests(String endpoint) {
    long count = 0;
    for (JsonNode row : requestLog().path("requests")) {
      if (row.path("endpoint").asText().equals(endpoint)) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  /** IAM requests the sandbox answered with {@code status}. */
  private long requests(int status) {
    long count = 0;
    for (JsonNode row : requestLog().path("requests")) {
      if (row.path("endpoint").asText().startsWith("IAM ")
          && row.path("status").asInt() == status) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  /** Every IAM request the sandbox answered. */
  private long requestTotal() {
    long count = 0;
    for (JsonNode row : requestLog().path("requests")) {
      if (row.path("endpoint").asText().startsWith("IAM ")) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Calls of every IAM operation answered with {@code status}. */
  private static long statusTotal(Collected collected, String status) {
    return collected.stats().callsByApiAndStatus().entrySet().stream()
        .filter(entry -> entry.getKey().endsWith(" " + status))
        .mapToLong(java.util.Map.Entry::getValue)
        .sum();
  }
}
