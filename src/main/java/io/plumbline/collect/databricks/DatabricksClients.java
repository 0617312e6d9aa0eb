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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

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

  /**
   * Every item of a list as the API sent it, page after page while the answer carries a {@code
   * next_page_token} (sent back as {@code page_token}). This is how lists with enum-valued fields
   * are read: the SDK's models turn a value they do not know into null, and Databricks adds values
   * to its enums without notice.
   *
   * @param itemsField the field of the answer holding the items; empty for an answer that is a bare
   *     array (the account's provisioning lists)
   */
  List<JsonNode> getList(
      String operation,
      ApiClient api,
      String path,
      Map<String, String> query,
      Optional<String> itemsField,
      OptionalLong workspaceId)
      throws ReadException, InterruptedException {
    List<JsonNode> items = new ArrayList<>();
    Map<String, String> pageQuery = new LinkedHashMap<>(query);
    Set<String> tokensSeen = new HashSet<>();
    while (true) {
      JsonNode body = calls.call(operation, () -> getJson(api, path, pageQuery, workspaceId));
      JsonNode page = itemsField.map(body::path).orElse(body);
      if (page.isArray()) {
        page.forEach(items::add);
      } else if (page.isObject() && itemsField.isPresent()) {
        // lenient as the SDK is: a single item where a list was expected
        items.add(page);
      } else if (itemsField.isEmpty() || !(page.isMissingNode() || page.isNull())) {
        throw SdkCalls.malformed(
            operation
                + " did not answer a list"
                + itemsField.map(field -> " in " + field).orElse(""));
      }
      String token = Json.text(body, "next_page_token");
      if (token == null || token.isEmpty()) {
        return items;
      }
      if (!tokensSeen.add(token)) {
        throw SdkCalls.malformed(operation + " sent the same next_page_token twice");
      }
      pageQuery.put("page_token", token);
    }
  }
}
