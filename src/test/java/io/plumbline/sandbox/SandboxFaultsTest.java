package io.plumbline.sandbox;

import static io.plumbline.sandbox.EstateExpectations.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** Injected faults and rate limits as the real SDK experiences them. */
@TestInstance(Lifecycle.PER_CLASS)
class SandboxFaultsTest {

  private static final String WORKSPACES_PATH = "/api/2.0/accounts/*/workspaces";

  private SandboxClients sandbox;
  private AccountClient account;
  private EstateExpectations estate;

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxClients.startDefault();
    account = sandbox.account();
    estate = new EstateExpectations(sandbox.document());
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  private static String faults(ObjectNode... faults) {
    ObjectNode document = SandboxClients.JSON.createObjectNode();
    ArrayNode list = document.putArray("faults");
    for (ObjectNode fault : faults) {
      list.add(fault);
    }
    return document.toString();
  }

  private static ObjectNode fault(String match) {
    return SandboxClients.JSON.createObjectNode().put("match", match);
  }

  // ---- status faults -------------------------------------------------------------------------

  @Test
  void forbiddenFaultScopedToOneWorkspaceFailsOnlyThatWorkspacesCalls() {
    List<String> names = new ArrayList<>(estate.workspaces().keySet());
    assertThat(names).as("the estate has at least two workspaces").hasSizeGreaterThan(1);
    String forbidden = names.get(0);
    String allowed = names.get(1);
    sandbox.faults(
        faults(
            fault("/api/2.0/**")
                .put("workspace", estate.workspaceId(forbidden))
                .put("status", 403)));

    assertThat(
            catchThrowable(
                () ->
                    list(
                        sandbox
                            .workspace(forbidden)
                            .clusterPolicies()
                            .list(new ListClusterPoliciesRequest()))))
        .isInstanceOf(PermissionDenied.class);
    assertThat(
            catchThrowable(
                () -> list(sandbox.workspace(forbidden).groups().list(new ListGroupsRequest()))))
        .as("SCIM errors map to the same exception")
        .isInstanceOf(PermissionDenied.class);

    assertThat(
            list(
                sandbox
                    .workspace(allowed)
                    .clusterPolicies()
                    .list(new ListClusterPoliciesRequest())))
        .hasSize(estate.workspace(allowed).path("cluster_policies").size());
    assertThat(list(sandbox.workspace(allowed).groups().list(new ListGroupsRequest())))
        .isNotEmpty();
    assertThat(list(account.workspaces().list())).hasSize(names.size());
    assertThat(sandbox.requestCount(SandboxClients.CLUSTER_POLICIES, 403)).isEqualTo(1);
    assertThat(sandbox.requestCount(SandboxClients.CLUSTER_POLICIES, 200)).isEqualTo(1);
  }

  @Test
  void unavailableWithProbabilityOneExhaustsTheSdksFourAttempts() {
    sandbox.faults(faults(fault(WORKSPACES_PATH).put("status", 503).put("retry_after", 0)));

    Throwable thrown = catchThrowable(() -> list(account.workspaces().list()));

    // the SDK wraps the last error once it has given up
    assertThat(thrown)
        .isInstanceOf(DatabricksException.class)
        .hasMessageContaining("failed after 4 retries")
        .cause()
        .isInstanceOf(DatabricksError.class);
    assertThat(((DatabricksError) thrown.getCause()).getStatusCode()).isEqualTo(503);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACES, 503)).isEqualTo(4);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACES, 200)).isZero();
  }

  @Test
  void internalErrorIsNotRetried() {
    sandbox.faults(faults(fault(WORKSPACES_PATH).put("status", 500)));

    Throwable thrown = catchThrowable(() -> list(account.workspaces().list()));

    assertThat(thrown).isInstanceOf(DatabricksError.class);
    assertThat(((DatabricksError) thrown).getStatusCode()).isEqualTo(500);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACES, 500)).isEqualTo(1);
  }

  @Test
  void truncatedBodyMakesTheSdkThrowRatherThanReturnPartialData() {
    sandbox.faults(faults(fault(WORKSPACES_PATH).put("body", "truncated")));

    Throwable thrown = catchThrowable(() -> list(account.workspaces().list()));

    assertThat(thrown).isInstanceOf(DatabricksException.class).hasMessageContaining("IO error");
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACES, 200))
        .as("a body that does not parse is not retried")
        .isEqualTo(1);
  }

  @Test
  void truncatedScimPageMakesTheSdkThrow() {
    String workspaceName = estate.workspaces().keySet().iterator().next();
    sandbox.faults(faults(fault("/api/2.0/preview/scim/v2/Users").put("body", "truncated")));

    Throwable thrown =
        catchThrowable(
            () -> list(sandbox.workspace(workspaceName).users().list(new ListUsersRequest())));

    assertThat(thrown).isInstanceOf(DatabricksException.class);
  }

  @Test
  void malformedBodyMakesTheSdkThrow() {
    sandbox.faults(faults(fault("/api/2.0/accounts/*/scim/v2/Groups/*").put("body", "malformed")));
    String groupId = estate.groupId(sandbox.document().path("groups").fieldNames().next());

    Throwable thrown = catchThrowable(() -> account.groups().get(groupId));

    assertThat(thrown).isInstanceOf(DatabricksException.class).hasMessageContaining("IO error");
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_GROUP, 200)).isEqualTo(1);
  }

  @Test
  void latencyDelaysTheCall() {
    long latency = 400;
    sandbox.faults(faults(fault(WORKSPACES_PATH).put("latency_ms", latency)));

    long started = System.nanoTime();
    List<Workspace> workspaces = list(account.workspaces().list());
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(workspaces).hasSize(estate.workspaces().size());
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(latency);
  }

  @Test
  void seededProbabilityGivesTheSameOutcomesInTwoFreshSandboxes() {
    JsonNode document =
        SandboxClients.parse(
            faults(
                fault("/api/2.0/accounts/*/workspaces/*")
                    .put("status", 500)
                    .put("probability", 0.5)));
    SandboxOptions options =
        SandboxOptions.of(EstateLoader.loadDefault()).withFaults(document).withSeed(42);

    List<Integer> first = outcomes(options);
    List<Integer> second = outcomes(options);
    List<Integer> otherSeed = outcomes(options.withSeed(43));

    assertThat(first).contains(200, 500).isEqualTo(second);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  /** Statuses of 30 calls in a row to one endpoint of a fresh sandbox. */
  private static List<Integer> outcomes(SandboxOptions options) {
    try (SandboxClients fresh = SandboxClients.start(options)) {
      long workspaceId =
          fresh.document().path("workspaces").elements().next().path("workspace_id").asLong();
      List<Integer> statuses = new ArrayList<>();
      for (int call = 0; call < 30; call++) {
        try {
          fresh.account().workspaces().get(workspaceId);
          statuses.add(200);
        } catch (DatabricksError e) {
          statuses.add(e.getStatusCode());
        }
      }
      assertThat(fresh.requestCount(SandboxClients.ACCOUNT_WORKSPACE)).isEqualTo(30);
      return statuses;
    }
  }

  @Test
  void invalidFaultsDocumentIsRejectedNamingTheFieldAndChangesNothing() {
    String previous = faults(fault(WORKSPACES_PATH).put("latency_ms", 1));
    sandbox.faults(previous);

    HttpResponse<String> badStatus =
        sandbox.postFaults(faults(fault(WORKSPACES_PATH).put("status", 999)));
    HttpResponse<String> unknownField =
        sandbox.postFaults(faults(fault(WORKSPACES_PATH).put("stauts", 503)));
    HttpResponse<String> badProbability =
        sandbox.postFaults(faults(fault(WORKSPACES_PATH).put("status", 503).put("probability", 2)));
    HttpResponse<String> unknownFamily =
        sandbox.postFaults("{\"faults\": [], \"rate_limits\": {\"account_scim_gets\": 1}}");
    HttpResponse<String> notJson = sandbox.postFaults("faults: [");

    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertThat(badStatus.body()).contains("/faults/0/status").contains("999");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("/faults/0/stauts");
    assertThat(badProbability.statusCode()).isEqualTo(400);
    assertThat(badProbability.body()).contains("/faults/0/probability");
    assertThat(unknownFamily.statusCode()).isEqualTo(400);
    assertThat(unknownFamily.body()).contains("/rate_limits/account_scim_gets");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(sandbox.controlGet("/faults")).isEqualTo(SandboxClients.parse(previous));
  }

  // ---- rate limits ---------------------------------------------------------------------------

  @Test
  void tooManyRequestsWithRetryAfterIsRetriedBySdkUntilItSucceeds() {
    sandbox.faults("{\"faults\": [], \"rate_limits\": {\"account_scim_get\": 1}}");
    List<String> groupIds = new ArrayList<>();
    sandbox.document().path("groups").forEach(group -> groupIds.add(group.path("id").asText()));
    List<String> fetched = new ArrayList<>();

    for (int index = 0; index < 3; index++) {
      Group group = account.groups().get(groupIds.get(index % groupIds.size()));
      fetched.add(group.getId());
    }

    assertThat(fetched).hasSize(3).doesNotContainNull();
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_GROUP, 200)).isEqualTo(3);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_GROUP, 429)).isPositive();
  }

  @Test
  void publishedAccountScimGetLimitIsInForceByDefault() {
    String groupId = estate.groupId(sandbox.document().path("groups").fieldNames().next());
    int allowedBurst = 20;
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int index = 0; index < 2 * allowedBurst; index++) {
      pending.add(sandbox.apiGetAsync(sandbox.accountPath("/scim/v2/Groups/" + groupId)));
    }
    List<HttpResponse<String>> responses = pending.stream().map(CompletableFuture::join).toList();

    assertThat(responses.stream().filter(response -> response.statusCode() == 200).count())
        .as("requests within the published 20 per second")
        .isGreaterThanOrEqualTo(allowedBurst);
    List<HttpResponse<String>> throttled =
        responses.stream().filter(response -> response.statusCode() == 429).toList();
    assertThat(throttled).isNotEmpty();
    assertThat(throttled)
        .allSatisfy(
            response -> {
              assertThat(response.headers().firstValue("Retry-After")).isPresent();
              assertThat(
                      Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow()))
                  .isPositive();
              assertThat(SandboxClients.parse(response.body()).path("status").asText())
                  .isEqualTo("429");
            });
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_GROUP, 429)).isEqualTo(throttled.size());
  }

  @Test
  void faultsPostedAreServedBackByGetFaults() {
    String document = faults(fault(WORKSPACES_PATH).put("status", 503).put("probability", 0.25));
    sandbox.faults(document);

    assertThat(sandbox.controlGet("/faults")).isEqualTo(SandboxClients.parse(document));
  }
}
