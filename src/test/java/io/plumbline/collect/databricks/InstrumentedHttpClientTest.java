package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The client-side rate limiter in the HTTP client under the SDK: with the server's limit on account
 * SCIM GETs lowered to 2 per second, a client limited to the same rate is never throttled, and one
 * without a limit is.
 */
@TestInstance(Lifecycle.PER_CLASS)
class InstrumentedHttpClientTest {

  private static final String LOW_GROUP_GET_LIMIT =
      "{\"faults\":[],\"rate_limits\":{\"account_scim_get\":2}}";
  private static final String GROUP_GET = "GET /api/2.0/accounts/{account_id}/scim/v2/Groups/{id}";

  private SandboxHarness sandbox;

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxHarness.startDefault();
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  @Test
  void aClientLimitedLikeTheServerIsNeverThrottled() {
    assertThat(sandbox.document().path("groups").size()).isGreaterThanOrEqualTo(9);
    sandbox.faults(LOW_GROUP_GET_LIMIT);
    Map<String, Double> rates = new HashMap<>(DatabricksCollector.publishedRateLimits());
    rates.put("account_scim_get", 2.0);

    Collection collection = sandbox.collect(new ClientRateLimiter(rates));

    assertThat(collection.stats().throttledCount()).isZero();
    assertThat(sandbox.requestCount(GROUP_GET, 429)).isZero();
    assertThat(sandbox.requestCount(GROUP_GET, 200))
        .isEqualTo(sandbox.document().path("groups").size());
    assertThat(collection.stats().rateLimitWaitMillis())
        .as("the limiter made calls wait")
        .isPositive();
    assertThat(collection.result().coverage())
        .allSatisfy(row -> assertThat(row.isComplete()).as(row.toString()).isTrue());
  }

  @Test
  void aClientWithoutLimitIsThrottledAndCountsEveryThrottle() {
    sandbox.faults(LOW_GROUP_GET_LIMIT);

    Collection collection = sandbox.collect(ClientRateLimiter.unlimited());

    assertThat(collection.stats().throttledCount()).isPositive();
    assertThat(collection.stats().throttledCount()).isEqualTo(sandbox.requestCount(GROUP_GET, 429));
    assertThat(collection.stats().callsByApiAndStatus()).containsKey("account.scim.groups 429");
  }

  @Test
  void requestsAreClassifiedByPublishedLimitFamily() {
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/accounts/a-1/scim/v2/Groups/123"))
        .isEqualTo("account_scim_get");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/accounts/a-1/scim/v2/Users"))
        .isEqualTo("account_scim_list");
    assertThat(InstrumentedHttpClient.family("PATCH", "/api/2.0/accounts/a-1/scim/v2/Groups/1"))
        .isEqualTo("unlimited");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/preview/scim/v2/Groups"))
        .isEqualTo("workspace_scim");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/permissions/cluster-policies/ABC"))
        .isEqualTo("permissions_get");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/token-management/tokens"))
        .isEqualTo("token_management");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.1/clusters/list"))
        .isEqualTo("unlimited");
    assertThat(InstrumentedHttpClient.family("GET", "/api/2.0/accounts/a-1/workspaces"))
        .isEqualTo("unlimited");
    assertThat(DatabricksCollector.publishedRateLimits())
        .containsOnlyKeys(
            "account_scim_get",
            "account_scim_list",
            "workspace_scim",
            "permissions_get",
            "token_management");
  }

  @Test
  void requestsAreScopedToTheAccountOrTheirWorkspace() {
    String account = InstrumentedHttpClient.accountScope("a-1");
    assertThat(
            InstrumentedHttpClient.scope(
                "/api/2.0/accounts/a-1/workspaces/7/permissionassignments",
                null,
                OptionalLong.empty(),
                account))
        .isEqualTo("account:a-1");
    assertThat(
            InstrumentedHttpClient.scope(
                "/api/2.0/preview/scim/v2/Users",
                "1000000000000101",
                OptionalLong.empty(),
                account))
        .isEqualTo("workspace:1000000000000101");
    assertThat(
            InstrumentedHttpClient.scope(
                "/api/2.0/preview/scim/v2/Users", null, OptionalLong.of(42), account))
        .isEqualTo("workspace:42");
    assertThat(
            InstrumentedHttpClient.scope(
                "/.well-known/databricks-config", null, OptionalLong.empty(), account))
        .isEqualTo("account:a-1");
  }
}
