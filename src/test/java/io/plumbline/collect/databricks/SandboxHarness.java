package io.plumbline.collect.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.DatabricksTarget.PersonalAccessToken;
import io.plumbline.collect.DatabricksTarget.WorkspaceRouting;
import io.plumbline.collect.RetryPolicy;
import io.plumbline.collect.ScanProgress;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Secret;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.snapshot.SnapshotCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sandbox on free ports and the collector pointed at it with the real SDK, driven by a real
 * {@link CollectionRun} with short backoffs so that tests with faults stay fast.
 */
final class SandboxHarness implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** What one collection produced, with the run's call counters. */
  record Collection(CollectionRun.Result result, CallStats stats) {

    List<Resource> resources(String type) {
      return result.resources().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    List<Resource> resources(Scope scope, String type) {
      return resources(type).stream().filter(resource -> resource.scope().equals(scope)).toList();
    }

    Optional<Resource> resource(Scope scope, String type, String id) {
      return resources(scope, type).stream()
          .filter(resource -> resource.id().equals(id))
          .findFirst();
    }

    Coverage coverage(Scope scope, String type) {
      return result.coverage().stream()
          .filter(row -> row.scope().equals(scope) && row.resourceType().equals(type))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no coverage row for " + scope + " " + type));
    }

    String contentHash() {
      return SnapshotCodec.contentHash(result.coverage(), result.resources());
    }
  }

  private final SandboxServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private SandboxHarness(SandboxServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  static SandboxHarness startDefault() {
    return start(EstateLoader.loadDefault());
  }

  static SandboxHarness start(Estate estate) {
    return new SandboxHarness(SandboxServer.start(SandboxOptions.of(estate)));
  }

  /** The live estate document being served (drift applied). */
  JsonNode document() {
    return server.sandbox().estate().document();
  }

  String accountId() {
    return server.sandbox().info().path("account_id").asText();
  }

  long workspaceId(String name) {
    return document().path("workspaces").path(name).path("workspace_id").asLong();
  }

  int port() {
    return server.host().getPort();
  }

  DatabricksTarget target() {
    return new DatabricksTarget(
        "sandbox",
        server.host(),
        accountId(),
        new PersonalAccessToken(Secret.of(server.sandbox().info().path("token").asText())),
        WorkspaceRouting.HEADER,
        Set.of(),
        Set.of());
  }

  static CollectionRun.Settings settings() {
    return new CollectionRun.Settings(
        Map.of(ScopeKind.ACCOUNT, 4, ScopeKind.WORKSPACE, 8, ScopeKind.AWS, 1),
        new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100)),
        Duration.ofSeconds(120),
        1);
  }

  Collection collect() {
    return collect(ClientRateLimiter.unlimited());
  }

  Collection collect(ClientRateLimiter rateLimiter) {
    return collect(target(), rateLimiter);
  }

  Collection collect(DatabricksTarget target, ClientRateLimiter rateLimiter) {
    CallStats stats = new CallStats();
    CollectionRun run = new CollectionRun(settings(), stats, ScanProgress.NONE);
    try (DatabricksCollector collector =
        new DatabricksCollector(target, rateLimiter, Duration.ofSeconds(10))) {
      return new Collection(run.execute(List.of(collector)), stats);
    }
  }

  // ---- control API ---------------------------------------------------------------------------

  void faults(String document) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(control("/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(document)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "faults rejected (" + response.statusCode() + "): " + response.body());
    }
  }

  void reset() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(control("/reset")).POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("reset answered " + response.statusCode());
    }
  }

  /** Every request the sandbox served since the last reset, discovery probes included. */
  long requestTotal() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(control("/requests")).GET());
    try {
      return JSON.readTree(response.body()).path("total").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Requests to one endpoint template ("GET /api/...") with a status. */
  long requestCount(String endpoint, int status) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(control("/requests")).GET());
    try {
      long count = 0;
      for (JsonNode row : JSON.readTree(response.body()).path("requests")) {
        if (row.path("endpoint").asText().equals(endpoint)
            && row.path("status").asInt() == status) {
          count += row.path("count").asLong();
        }
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI control(String path) {
    return server.host().resolve("/_sandbox" + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
