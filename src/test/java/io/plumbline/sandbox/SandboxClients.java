package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running sandbox with real databricks-sdk-java clients and a raw HTTP client for the control
 * API. The SDK clients are configured explicitly (host, account, token, PAT credentials) so that
 * neither {@code DATABRICKS_*} variables nor {@code ~/.databrickscfg} can change them.
 */
final class SandboxClients implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCOUNT = "/api/2.0/accounts/{account_id}";
  static final String ACCOUNT_USERS = "GET " + ACCOUNT + "/scim/v2/Users";
  static final String ACCOUNT_GROUP = "GET " + ACCOUNT + "/scim/v2/Groups/{id}";
  static final String ACCOUNT_WORKSPACE = "GET " + ACCOUNT + "/workspaces/{workspace_id}";
  static final String ACCOUNT_WORKSPACES = "GET " + ACCOUNT + "/workspaces";
  static final String WORKSPACE_USERS = "GET /api/2.0/preview/scim/v2/Users";
  static final String CLUSTER_POLICIES = "GET /api/2.0/policies/clusters/list";

  private final SandboxServer server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String accountId;
  private final String token;
  private final AccountClient account;
  private final Map<Long, WorkspaceClient> workspaces = new ConcurrentHashMap<>();

  private SandboxClients(SandboxServer server) {
    this.server = requireNonNull(server, "server is null");
    JsonNode info = server.sandbox().info();
    this.accountId = info.path("account_id").asText();
    this.token = info.path("token").asText();
    this.account = new AccountClient(config());
  }

  static SandboxClients start(SandboxOptions options) {
    return new SandboxClients(SandboxServer.start(options));
  }

  static SandboxClients startDefault() {
    return start(SandboxOptions.of(EstateLoader.loadDefault()));
  }

  private DatabricksConfig config() {
    return new DatabricksConfig()
        .setHost(server.host().toString())
        .setAccountId(accountId)
        .setToken(token)
        .setCredentialsProvider(new PatCredentialsProvider());
  }

  SandboxServer server() {
    return server;
  }

  String accountId() {
    return accountId;
  }

  String token() {
    return token;
  }

  /** The live estate document being served (drift applied). */
  JsonNode document() {
    return server.sandbox().estate().document();
  }

  AccountClient account() {
    return account;
  }

  WorkspaceClient workspace(String workspaceName) {
    JsonNode item = document().path("workspaces").path(workspaceName);
    if (item.isMissingNode()) {
      throw new IllegalArgumentException("no workspace \"" + workspaceName + "\" in the estate");
    }
    return workspace(item.path("workspace_id").asLong(), item.path("deployment_name").asText());
  }

  WorkspaceClient workspace(long workspaceId, String deploymentName) {
    return workspaces.computeIfAbsent(
        workspaceId,
        id ->
            account.getWorkspaceClient(
                new Workspace().setWorkspaceId(id).setDeploymentName(deploymentName)));
  }

  /**
   * {@code GET /api/2.0/workspace-conf?keys=...} through the SDK's own API client: the SDK's {@code
   * workspaceConf().getStatus} never sends {@code keys}.
   */
  static Map<String, String> workspaceConf(WorkspaceClient workspace, List<String> keys) {
    Request request =
        new Request("GET", "/api/2.0/workspace-conf")
            .withQueryParam("keys", String.join(",", keys))
            .withHeader("Accept", "application/json")
            .withHeader(WorkspaceApi.WORKSPACE_HEADER, workspace.config().getWorkspaceId());
    return workspace.apiClient().getStringMap(request);
  }

  // ---- raw HTTP ------------------------------------------------------------------------------

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  URI uri(String pathAndQuery) {
    return server.host().resolve(pathAndQuery);
  }

  /** An authenticated GET. */
  HttpResponse<String> apiGet(String pathAndQuery) {
    return send(request(pathAndQuery).header("Authorization", "Bearer " + token).GET());
  }

  CompletableFuture<HttpResponse<String>> apiGetAsync(String pathAndQuery) {
    return http.sendAsync(
        request(pathAndQuery).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The account API path with this account's id, e.g. {@code accountPath("/workspaces")}. */
  String accountPath(String suffix) {
    return "/api/2.0/accounts/" + accountId + suffix;
  }

  // ---- control API ---------------------------------------------------------------------------

  JsonNode controlGet(String path) {
    HttpResponse<String> response = send(request("/_sandbox" + path).GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /_sandbox" + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  void reset() {
    HttpResponse<String> response =
        send(request("/_sandbox/reset").POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("reset answered " + response.statusCode());
    }
  }

  HttpResponse<String> postFaults(String document) {
    return send(
        request("/_sandbox/faults")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(document)));
  }

  /** Sets faults and fails unless the sandbox accepted them. */
  void faults(String document) {
    HttpResponse<String> response = postFaults(document);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "faults rejected (" + response.statusCode() + "): " + response.body());
    }
  }

  HttpResponse<String> patchEstate(String patch) {
    return send(
        request("/_sandbox/estate")
            .header("Content-Type", "application/json-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
  }

  JsonNode requests() {
    return controlGet("/requests");
  }

  /** How many requests to an endpoint template got a status, per GET /_sandbox/requests. */
  long requestCount(String endpoint, int status) {
    long count = 0;
    for (JsonNode row : requests().path("requests")) {
      if (row.path("endpoint").asText().equals(endpoint) && row.path("status").asInt() == status) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  /** Requests to an endpoint template whatever their status. */
  long requestCount(String endpoint) {
    long count = 0;
    for (JsonNode row : requests().path("requests")) {
      if (row.path("endpoint").asText().equals(endpoint)) {
        count += row.path("count").asLong();
      }
    }
    return count;
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
