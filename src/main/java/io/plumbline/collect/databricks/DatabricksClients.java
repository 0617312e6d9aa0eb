package io.plumbline.collect.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.DatabricksTarget.OAuthMachineToMachine;
import io.plumbline.collect.DatabricksTarget.PersonalAccessToken;
import io.plumbline.collect.DatabricksTarget.WorkspaceRouting;
import io.plumbline.collect.ReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The SDK clients of one collection: the account client, built on first use, and one workspace
 * client per workspace, reached through the account host and the routing header (the sandbox) or
 * through the workspace's deployment URL (production). Every client sends its requests through one
 * {@link InstrumentedHttpClient} per host, so rate limits and call counts see all of them.
 */
final class DatabricksClients {

  private final DatabricksTarget target;
  private final HttpClient transport;
  private final ClientRateLimiter rateLimiter;
  private final CallStats stats;
  private final int timeoutSeconds;
  private final SdkCalls calls;
  private final InstrumentedHttpClient accountHttp;
  private final SharedResults<String, AccountClient> account = new SharedResults<>();
  private final SharedResults<Long, WorkspaceClient> workspaces = new SharedResults<>();

  DatabricksClients(
      DatabricksTarget target,
      HttpClient transport,
      ClientRateLimiter rateLimiter,
      CallStats stats,
      int timeoutSeconds,
      SdkCalls calls) {
    this.target = requireNonNull(target, "target is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
    this.stats = requireNonNull(stats, "stats is null");
    this.timeoutSeconds = timeoutSeconds;
    this.calls = requireNonNull(calls, "calls is null");
    this.accountHttp =
        new InstrumentedHttpClient(
            transport, rateLimiter, stats, target.accountId(), OptionalLong.empty());
  }

  SdkCalls calls() {
    return calls;
  }

  AccountClient account() throws Exception {
    return account.get(
        "account",
        () ->
            calls.call(
                "connect to the account API at " + target.host(),
                () -> new AccountClient(config(target.host().toString(), true, accountHttp))));
  }

  /** The client of one workspace; {@code deploymentName} may be null with header routing. */
  WorkspaceClient workspace(long workspaceId, String deploymentName) throws Exception {
    return workspaces.get(
        workspaceId,
        () -> {
          if (target.routing() == WorkspaceRouting.HEADER) {
            AccountClient accountClient = account();
            return calls.call(
                "connect to workspace " + workspaceId,
                () -> viaAccountHost(accountClient, workspaceId, deploymentName));
          }
          if (deploymentName == null || deploymentName.isBlank()) {
            throw new ReadException(
                OptionalInt.empty(),
                "NO_DEPLOYMENT_NAME",
                "workspace " + workspaceId + " has no deployment name: its URL is unknown",
                false,
                Optional.empty(),
                null);
          }
          String host = "https://" + deploymentName + ".cloud.databricks.com";
          InstrumentedHttpClient http =
              new InstrumentedHttpClient(
                  transport, rateLimiter, stats, target.accountId(), OptionalLong.of(workspaceId));
          return calls.call(
              "connect to workspace " + workspaceId + " at " + host,
              () -> new WorkspaceClient(config(host, false, http)));
        });
  }

  private WorkspaceClient viaAccountHost(
      AccountClient accountClient, long workspaceId, String deploymentName) {
    WorkspaceClient client =
        accountClient.getWorkspaceClient(
            new Workspace().setWorkspaceId(workspaceId).setDeploymentName(deploymentName));
    // the SDK clones the account's config, HTTP client included (0.141.0); should a later version
    // stop doing so, the workspace's calls must still be limited and counted
    if (client.config().getHttpClient() != accountHttp) {
      client = new WorkspaceClient(client.config().setHttpClient(accountHttp));
    }
    return client;
  }

  private DatabricksConfig config(String host, boolean accountLevel, HttpClient http) {
    DatabricksConfig config =
        new DatabricksConfig()
            .setHost(host)
            .setHttpTimeoutSeconds(timeoutSeconds)
            .setHttpClient(http);
    if (accountLevel) {
      config.setAccountId(target.accountId());
    }
    if (target.auth() instanceof PersonalAccessToken token) {
      config.setToken(token.token().reveal()).setCredentialsProvider(new PatCredentialsProvider());
    } else if (target.auth() instanceof OAuthMachineToMachine oauth) {
      // naming the auth type keeps DATABRICKS_* variables from adding a second method
      config
          .setClientId(oauth.clientId())
          .setClientSecret(oauth.clientSecret().reveal())
          .setAuthType("oauth-m2m");
    }
    return config;
  }

  /**
   * A GET through a client's own API client, for what the SDK's models drop or do not send: the
   * response as JSON. With header routing the workspace header is added here, as the generated
   * services would.
   */
  JsonNode getJson(ApiClient api, String path, Map<String, String> query, OptionalLong workspaceId)
      throws IOException {
    Request request = new Request("GET", path).withHeader("Accept", "application/json");
    query.forEach(request::withQueryParam);
    if (workspaceId.isPresent() && target.routing() == WorkspaceRouting.HEADER) {
      request.withHeader(
          InstrumentedHttpClient.WORKSPACE_HEADER, Long.toString(workspaceId.getAsLong()));
    }
    try (InputStream body = api.execute(request, InputStream.class)) {
      return Json.parse(body);
    }
  }
}
