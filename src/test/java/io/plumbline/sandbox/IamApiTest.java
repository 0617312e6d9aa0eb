package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

class IamApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";

  private final AtomicReference<JsonNode> estate = new AtomicReference<>();
  private final AtomicReference<SandboxRequest> lastRequest = new AtomicReference<>();
  private final AtomicReference<SandboxResponse> fault = new AtomicReference<>();
  private final IamApi api = new IamApi();
  private HttpServer server;
  private IamClient iam;

  @BeforeEach
  void startServerAndClient() throws IOException {
    estate.set(loadEstate());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
    iam =
        IamClient.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(baseUri())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .httpClientBuilder(ApacheHttpClient.builder())
            // Retries would hide which response the emulator sent and slow the error tests down.
            .overrideConfiguration(
                configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void stopServerAndClient() {
    iam.close();
    server.stop(0);
  }

  @Test
  void listRolesPaginatorWalksEveryPageReturningEachRoleOnce() {
    List<ListRolesResponse> pages =
        iam.listRolesPaginator(request -> request.maxItems(2)).stream().toList();

    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).isTruncated()).isTrue();
    assertThat(pages.get(2).isTruncated()).isFalse();
    List<Role> roles = pages.stream().flatMap(page -> page.roles().stream()).toList();
    assertThat(roles)
        .extracting(Role::roleName)
        .containsExactly(
            "audit-log-delivery",
            "Breakglass",
            "cluster-s3-access",
            "databricks-cross-account",
            "unity-catalog-storage");
    Role cluster = roles.get(2);
    assertThat(cluster.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/data/cluster-s3-access");
    assertThat(cluster.path()).isEqualTo("/data/");
    assertThat(cluster.roleId()).isEqualTo("AROAEXAMPLECLUSTER002");
    assertThat(cluster.createDate()).isEqualTo(Instant.parse("2024-03-02T09:15:00Z"));
    assertThat(cluster.maxSessionDuration()).isEqualTo(3600);
    assertThat(roles.get(3).description()).isEqualTo("Databricks control plane launches clusters");
  }

  @Test
  void listRolesOmitsBoundaryTagsAndLastUsedAsAwsDoes() {
    Role role =
        iam.listRoles().roles().stream()
            .filter(candidate -> candidate.roleName().equals("databricks-cross-account"))
            .findFirst()
            .orElseThrow();

    assertThat(role.permissionsBoundary()).isNull();
    assertThat(role.hasTags()).isFalse();
    assertThat(role.roleLastUsed()).isNull();
  }

  @Test
  void listRolesFiltersByPathPrefix() {
    assertThat(iam.listRoles(request -> request.pathPrefix("/data/")).roles())
        .extracting(Role::roleName)
        .containsExactly("cluster-s3-access");
  }

  @Test
  void getRoleReturnsBoundaryTagsAndLastUsed() {
    Role role = iam.getRole(request -> request.roleName("databricks-cross-account")).role();

    assertThat(role.arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/databricks-cross-account");
    assertThat(role.maxSessionDuration()).isEqualTo(7200);
    assertThat(role.permissionsBoundary().permissionsBoundaryTypeAsString()).isEqualTo("Policy");
    assertThat(role.permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":policy/boundaries/plumbline-boundary");
    assertThat(role.tags())
        .containsExactly(
            Tag.builder().key("owner").value("platform").build(),
            Tag.builder().key("cost-center").value("cc-42").build());
    assertThat(role.roleLastUsed().lastUsedDate()).isEqualTo(Instant.parse("2024-05-20T08:30:00Z"));
    assertThat(role.roleLastUsed().region()).isEqualTo("us-east-1");
  }

  @Test
  void getRoleOfANeverUsedRoleHasAnEmptyLastUsed() {
    Role role = iam.getRole(request -> request.roleName("Breakglass")).role();

    assertThat(role.roleLastUsed().lastUsedDate()).isNull();
    assertThat(role.permissionsBoundary()).isNull();
  }

  @Test
  void assumeRolePolicyDocumentIsServedUrlEncodedAndDecodesToTheEstateDocument() {
    String served =
        iam.getRole(request -> request.roleName("databricks-cross-account"))
            .role()
            .assumeRolePolicyDocument();

    assertThat(served).startsWith("%7B%22Version%22").contains("%20").doesNotContain("+", " ");
    JsonNode decoded = decodeDocument(served);
    assertThat(decoded).isEqualTo(role("databricks-cross-account").get("assume_role_policy"));
    assertThat(decoded.at("/Statement/0/Condition/StringEquals").get("sts:ExternalId").asText())
        .isEqualTo("0d3f5c1e-8a6b-4c2d-9e7f-1a2b3c4d5e6f");
  }

  @Test
  void inlinePoliciesAreListedByNameAndServedUrlEncoded() {
    assertThat(
            iam.listRolePolicies(request -> request.roleName("databricks-cross-account"))
                .policyNames())
        .containsExactly("ec2-launch", "pass-role");

    String document =
        iam.getRolePolicy(
                request -> request.roleName("databricks-cross-account").policyName("ec2-launch"))
            .policyDocument();

    assertThat(document).contains("%26").doesNotContain("&");
    assertThat(decodeDocument(document))
        .isEqualTo(role("databricks-cross-account").at("/inline_policies/ec2-launch"));
  }

  @Test
  void attachedPoliciesIncludeCustomerAndAwsManagedPolicies() {
    List<AttachedPolicy> attached =
        iam.listAttachedRolePolicies(request -> request.roleName("databricks-cross-account"))
            .attachedPolicies();

    assertThat(attached)
        .containsExactly(
            AttachedPolicy.builder()
                .policyName("databricks-guardrails")
                .policyArn("arn:aws:iam::" + ACCOUNT + ":policy/databricks-guardrails")
                .build(),
            AttachedPolicy.builder()
                .policyName("ReadOnlyAccess")
                .policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .build());
  }

  @Test
  void getPolicyAndItsDefaultVersion() {
    String arn = "arn:aws:iam::" + ACCOUNT + ":policy/databricks-guardrails";

    Policy policy = iam.getPolicy(request -> request.policyArn(arn)).policy();
    PolicyVersion version =
        iam.getPolicyVersion(request -> request.policyArn(arn).versionId(policy.defaultVersionId()))
            .policyVersion();

    assertThat(policy.policyName()).isEqualTo("databricks-guardrails");
    assertThat(policy.policyId()).isEqualTo("ANPAEXAMPLEGUARD00001");
    assertThat(policy.arn()).isEqualTo(arn);
    assertThat(policy.defaultVersionId()).isEqualTo("v2");
    assertThat(policy.attachmentCount()).isEqualTo(2);
    assertThat(policy.isAttachable()).isTrue();
    assertThat(policy.updateDate()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    assertThat(version.versionId()).isEqualTo("v2");
    assertThat(version.isDefaultVersion()).isTrue();
    assertThat(decodeDocument(version.document()))
        .isEqualTo(estate.get().at("/iam/policies/databricks-guardrails/versions/v2"));
  }

  @Test
  void getPolicyFindsAwsManagedPoliciesAndBoundaryUsage() {
    Policy readOnly =
        iam.getPolicy(request -> request.policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"))
            .policy();
    Policy boundary =
        iam.getPolicy(
                request ->
                    request.policyArn(
                        "arn:aws:iam::" + ACCOUNT + ":policy/boundaries/plumbline-boundary"))
            .policy();

    assertThat(readOnly.attachmentCount()).isEqualTo(1);
    assertThat(boundary.path()).isEqualTo("/boundaries/");
    assertThat(boundary.attachmentCount()).isZero();
    assertThat(boundary.permissionsBoundaryUsageCount()).isEqualTo(1);
  }

  @Test
  void listInstanceProfilesPaginatorReturnsEveryProfileWithItsRoles() {
    List<InstanceProfile> profiles =
        iam
            .listInstanceProfilesPaginator(request -> request.maxItems(1))
            .instanceProfiles()
            .stream()
            .toList();

    assertThat(profiles)
        .extracting(InstanceProfile::instanceProfileName)
        .containsExactly("cluster-s3-access", "legacy-profile", "shared-profile");
    InstanceProfile cluster = profiles.get(0);
    assertThat(cluster.arn())
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":instance-profile/data/cluster-s3-access");
    assertThat(cluster.instanceProfileId()).isEqualTo("AIPAEXAMPLECLUSTER001");
    assertThat(cluster.roles())
        .extracting(Role::arn)
        .containsExactly("arn:aws:iam::" + ACCOUNT + ":role/data/cluster-s3-access");
    assertThat(cluster.roles().get(0).assumeRolePolicyDocument()).isNotEmpty();
    assertThat(profiles.get(1).roles()).isEmpty();
  }

  @Test
  void listInstanceProfilesForRoleReturnsTheProfilesHoldingIt() {
    assertThat(
            iam.listInstanceProfilesForRole(request -> request.roleName("cluster-s3-access"))
                .instanceProfiles())
        .extracting(InstanceProfile::instanceProfileName)
        .containsExactly("cluster-s3-access", "shared-profile");
  }

  @Test
  void accountAuthorizationDetailsPagesOverRolesAndPoliciesWithEverythingAttached() {
    List<GetAccountAuthorizationDetailsResponse> pages =
        iam
            .getAccountAuthorizationDetailsPaginator(
                request ->
                    request
                        .filter(
                            EntityType.ROLE,
                            EntityType.LOCAL_MANAGED_POLICY,
                            EntityType.AWS_MANAGED_POLICY)
                        .maxItems(2))
            .stream()
            .toList();

    assertThat(pages).hasSize(5);
    assertThat(pages).allSatisfy(page -> assertThat(page.userDetailList()).isEmpty());
    assertThat(pages).allSatisfy(page -> assertThat(page.groupDetailList()).isEmpty());
    List<RoleDetail> roles =
        pages.stream().flatMap(page -> page.roleDetailList().stream()).toList();
    List<ManagedPolicyDetail> policies =
        pages.stream().flatMap(page -> page.policies().stream()).toList();

    assertThat(roles).extracting(RoleDetail::roleName).hasSize(5).doesNotHaveDuplicates();
    RoleDetail crossAccount =
        roles.stream()
            .filter(role -> role.roleName().equals("databricks-cross-account"))
            .findFirst()
            .orElseThrow();
    assertThat(decodeDocument(crossAccount.assumeRolePolicyDocument()))
        .isEqualTo(role("databricks-cross-account").get("assume_role_policy"));
    assertThat(crossAccount.rolePolicyList())
        .extracting(policy -> policy.policyName())
        .containsExactly("ec2-launch", "pass-role");
    assertThat(decodeDocument(crossAccount.rolePolicyList().get(1).policyDocument()))
        .isEqualTo(role("databricks-cross-account").at("/inline_policies/pass-role"));
    assertThat(crossAccount.attachedManagedPolicies())
        .extracting(AttachedPolicy::policyArn)
        .containsExactly(
            "arn:aws:iam::" + ACCOUNT + ":policy/databricks-guardrails",
            "arn:aws:iam::aws:policy/ReadOnlyAccess");
    assertThat(crossAccount.permissionsBoundary().permissionsBoundaryArn())
        .endsWith(":policy/boundaries/plumbline-boundary");
    assertThat(crossAccount.tags()).extracting(Tag::key).containsExactly("owner", "cost-center");
    assertThat(crossAccount.roleLastUsed().region()).isEqualTo("us-east-1");
    assertThat(crossAccount.instanceProfileList()).isEmpty();

    RoleDetail cluster =
        roles.stream()
            .filter(role -> role.roleName().equals("cluster-s3-access"))
            .findFirst()
            .orElseThrow();
    assertThat(cluster.instanceProfileList())
        .extracting(InstanceProfile::instanceProfileName)
        .containsExactly("cluster-s3-access", "shared-profile");
    assertThat(cluster.instanceProfileList().get(0).roles())
        .extracting(Role::roleName)
        .containsExactly("cluster-s3-access");

    assertThat(policies)
        .extracting(ManagedPolicyDetail::arn)
        .containsExactly(
            "arn:aws:iam::" + ACCOUNT + ":policy/databricks-guardrails",
            "arn:aws:iam::" + ACCOUNT + ":policy/boundaries/plumbline-boundary",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess");
    ManagedPolicyDetail guardrails = policies.get(0);
    assertThat(guardrails.defaultVersionId()).isEqualTo("v2");
    assertThat(guardrails.attachmentCount()).isEqualTo(2);
    assertThat(guardrails.policyVersionList())
        .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
        .containsExactly(tuple("v1", false), tuple("v2", true));
    assertThat(decodeDocument(guardrails.policyVersionList().get(0).document()))
        .isEqualTo(estate.get().at("/iam/policies/databricks-guardrails/versions/v1"));
  }

  @Test
  void accountAuthorizationDetailsFilterSelectsEntityKinds() {
    GetAccountAuthorizationDetailsResponse onlyAwsManaged =
        iam.getAccountAuthorizationDetails(
            request -> request.filter(EntityType.AWS_MANAGED_POLICY));

    assertThat(onlyAwsManaged.roleDetailList()).isEmpty();
    assertThat(onlyAwsManaged.policies())
        .extracting(ManagedPolicyDetail::policyName)
        .containsExactly("AdministratorAccess", "ReadOnlyAccess");
    assertThat(onlyAwsManaged.isTruncated()).isFalse();
  }

  @Test
  void aMissingRoleIsNoSuchEntityWithStatus404() {
    assertThatThrownBy(() -> iam.getRole(request -> request.roleName("nobody")))
        .isInstanceOfSatisfying(
            NoSuchEntityException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The role with name nobody cannot be found.");
              assertThat(e.requestId()).isNotBlank();
            });
  }

  @Test
  void missingPoliciesAndVersionsAreNoSuchEntity() {
    String arn = "arn:aws:iam::" + ACCOUNT + ":policy/databricks-guardrails";

    assertThatThrownBy(
            () -> iam.getPolicy(request -> request.policyArn("arn:aws:iam::aws:policy/Nope")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("Policy arn:aws:iam::aws:policy/Nope was not found.");
    assertThatThrownBy(
            () -> iam.getPolicyVersion(request -> request.policyArn(arn).versionId("v9")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("version v9 does not exist");
    assertThatThrownBy(
            () ->
                iam.getRolePolicy(
                    request -> request.roleName("cluster-s3-access").policyName("nope")))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("The role policy with name nope cannot be found.");
  }

  @Test
  void aBadMarkerOrMaxItemsIsAValidationError() {
    assertThatThrownBy(() -> iam.listRoles(request -> request.marker("not-a-marker!")))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.awsErrorDetails().errorMessage()).contains("not-a-marker!");
            });
    assertThatThrownBy(() -> iam.listRoles(request -> request.maxItems(1001)))
        .isInstanceOfSatisfying(
            IamException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void anUnknownActionIsInvalidActionWithStatus400() throws Exception {
    HttpResponse<String> response = post("Action=DeleteEverything&Version=2010-05-08");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
        .contains("<Type>Sender</Type><Code>InvalidAction</Code>")
        .contains("DeleteEverything")
        .contains("<RequestId>");
  }

  @Test
  void aMissingRequiredParameterIsAValidationError() throws Exception {
    HttpResponse<String> response = post("Action=GetRole&Version=2010-05-08");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("<Code>ValidationError</Code>")
        .contains("Value null at 'roleName'");
  }

  @Test
  void anEstateWithoutIamServesEmptyLists() throws Exception {
    estate.set(JSON.readTree("{\"account\": {\"aws_account_id\": \"123456789012\"}}"));

    assertThat(iam.listRoles().roles()).isEmpty();
    assertThat(iam.listInstanceProfiles().instanceProfiles()).isEmpty();
    assertThat(iam.getAccountAuthorizationDetails().roleDetailList()).isEmpty();
    estate.set(JSON.readTree("{\"iam\": {\"roles\": [1, 2], \"policies\": \"none\"}}"));
    assertThat(iam.listRoles().roles()).isEmpty();
    assertThat(iam.getAccountAuthorizationDetails().policies()).isEmpty();
  }

  @Test
  void errorResponsesFromTheFaultInjectorParseAsAwsErrors() {
    fault.set(IamApi.error(400, "Sender", "Throttling", "Rate exceeded"));

    assertThatThrownBy(() -> iam.listRoles())
        .isInstanceOfSatisfying(
            IamException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
              assertThat(e.isThrottlingException()).isTrue();
            });
  }

  @Test
  void theSdkPostsAFormEncodedQueryRequestToTheRoot() {
    iam.listRoles(request -> request.maxItems(3));

    SandboxRequest request = lastRequest.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.header("content-type"))
        .hasValueSatisfying(
            type -> assertThat(type).startsWith("application/x-www-form-urlencoded"));
    assertThat(request.header("authorization"))
        .hasValueSatisfying(value -> assertThat(value).contains("/aws-global/iam/aws4_request"));
    assertThat(SandboxRequest.parseForm(request.bodyText()))
        .containsEntry("Action", List.of("ListRoles"))
        .containsEntry("Version", List.of("2010-05-08"))
        .containsEntry("MaxItems", List.of("3"));
    assertThat(IamApi.action(request)).isEqualTo("ListRoles");
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      SandboxRequest request = toSandboxRequest(exchange);
      lastRequest.set(request);
      SandboxResponse injected = fault.get();
      SandboxResponse response = injected != null ? injected : api.handle(request, estate.get());
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream output = exchange.getResponseBody()) {
        output.write(body);
      }
    }
  }

  private static SandboxRequest toSandboxRequest(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    byte[] body;
    try (InputStream input = exchange.getRequestBody()) {
      body = input.readAllBytes();
    }
    return new SandboxRequest(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        SandboxRequest.parseForm(exchange.getRequestURI().getRawQuery()),
        headers,
        body);
  }

  private HttpResponse<String> post(String form) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(baseUri())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private JsonNode role(String name) {
    return estate.get().path("iam").path("roles").path(name);
  }

  /** Decodes as the collector must: '+' is literal in RFC 3986 encoding, not a space. */
  private static JsonNode decodeDocument(String encoded) {
    try {
      return JSON.readTree(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("served policy document is not JSON: " + encoded, e);
    }
  }

  private static JsonNode loadEstate() throws IOException {
    try (InputStream input =
        IamApiTest.class.getResourceAsStream("/sandbox/iam-test-estate.json")) {
      if (input == null) {
        throw new IllegalStateException("test fixture /sandbox/iam-test-estate.json is missing");
      }
      return JSON.readTree(input);
    }
  }
}
