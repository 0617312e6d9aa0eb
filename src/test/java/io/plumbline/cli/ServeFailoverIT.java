package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.LoopbackServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the packaged service on one real PostgreSQL, as docs/operations.md deploys them:
 * both serve the API and report the same posture, read from the store, whichever ran the scan; when
 * the replica that scanned crashes, the other keeps serving, runs the next scan and reports it.
 * (ScanSchedulerClusterTest checks the scheduling underneath: each scan once, take-over after a
 * crash.)
 */
class ServeFailoverIT {

  private static final Duration START_LIMIT = Duration.ofMinutes(4);
  private static final Duration SCAN_LIMIT = Duration.ofMinutes(4);
  private static final Duration AGREE_LIMIT = Duration.ofMinutes(1);
  private static final String NEVER = "0 0 0 1 1 ? 2099";
  private static final Pattern SANDBOX =
      Pattern.compile("plumbline sandbox: Databricks APIs on (http://\\S+?),");
  private static final Pattern RUNNING = Pattern.compile("plumbline service running");
  private static final Pattern STORED = Pattern.compile("stored scan (scan-\\S+) \\(\\w+\\)");

  /** The series that come from the store's latest scan, the same on every replica. */
  private static final Pattern POSTURE =
      Pattern.compile(
          "^(plumbline_findings|plumbline_workspace_findings|plumbline_drift_changes"
              + "|plumbline_scan_last_success_timestamp_seconds)[{ ].*$",
          Pattern.MULTILINE);

  private static final String LAST_SUCCESS = "plumbline_scan_last_success_timestamp_seconds";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  record Replica(PackagedRun run, int port, int managementPort) {}

  @Test
  void theSurvivorOfACrashKeepsServingTheApiAndBothReplicasReportOnePostureFromTheStore(
      @TempDir Path directory) throws Exception {
    String token = "failover-" + UUID.randomUUID();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        PackagedRun sandbox =
            PackagedRun.start(
                Files.createDirectories(directory.resolve("sandbox")),
                List.of(),
                "sandbox",
                "--port",
                "0")) {
      String sandboxUrl = sandbox.awaitLine(SANDBOX, START_LIMIT).group(1);
      String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
      Replica replicaA = start(directory, "replica-a", jdbcUrl, sandboxUrl, token);
      try (PackagedRun first = replicaA.run()) {
        Replica replicaB = start(directory, "replica-b", jdbcUrl, sandboxUrl, token);
        try (PackagedRun second = replicaB.run()) {
          first.awaitLine(RUNNING, START_LIMIT);
          second.awaitLine(RUNNING, START_LIMIT);
          HttpResponse<String> request = post(replicaA, "/api/v1/scans", token);
          assertThat(request.statusCode()).as(request.body()).isEqualTo(202);
          // Quartz runs it on one replica or the other
          Replica scanning =
              await(
                  () ->
                      STORED.matcher(first.output()).find()
                          ? replicaA
                          : STORED.matcher(second.output()).find() ? replicaB : null,
                  replica -> replica != null,
                  SCAN_LIMIT,
                  () -> "a replica to store the requested scan");
          Replica survivor = scanning == replicaA ? replicaB : replicaA;
          Matcher stored = STORED.matcher(scanning.run().output());
          assertThat(stored.find()).isTrue();
          String firstScan = stored.group(1);

          // both replicas serve the scan one of them ran, and the same posture
          for (Replica replica : List.of(scanning, survivor)) {
            assertThat(get(replica, "/api/v1/scans", token).body()).contains(firstScan);
          }
          Set<String> posture =
              await(
                  () -> posture(scanning),
                  candidate -> !candidate.isEmpty() && candidate.equals(posture(survivor)),
                  AGREE_LIMIT,
                  () ->
                      "the posture both replicas report; only the scanning replica's: "
                          + difference(posture(scanning), posture(survivor))
                          + "; only the other's: "
                          + difference(posture(survivor), posture(scanning)));
          assertThat(posture).anyMatch(line -> line.startsWith("plumbline_findings{"));
          JsonNode findings = findings(scanning, token);
          assertThat(findings(survivor, token)).isEqualTo(findings);

          // the replica that scanned crashes: no shutdown, it just stops
          scanning.run().kill();
          scanning.run().awaitExit(Duration.ofSeconds(30));

          HttpResponse<String> requested = post(survivor, "/api/v1/scans", token);
          assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
          String secondScan = survivor.run().awaitLine(STORED, SCAN_LIMIT).group(1);
          assertThat(secondScan).isNotEqualTo(firstScan);

          String scans = get(survivor, "/api/v1/scans", token).body();
          assertThat(scans).contains(firstScan, secondScan);
          // the estate did not change: the same findings and gauges, from the newer scan
          Set<String> after =
              await(
                  () -> posture(survivor),
                  candidate -> lastSuccess(candidate) > lastSuccess(posture),
                  AGREE_LIMIT,
                  () -> "the survivor's posture after its scan");
          assertThat(withoutLastSuccess(after)).isEqualTo(withoutLastSuccess(posture));
          assertThat(fingerprints(findings(survivor, token)))
              .isNotEmpty()
              .isEqualTo(fingerprints(findings));
        }
      }
    }
  }

  private static Replica start(
      Path directory, String name, String jdbcUrl, String sandboxUrl, String token)
      throws IOException {
    int port = LoopbackServer.freePort();
    int managementPort = LoopbackServer.freePort();
    PackagedRun run =
        PackagedRun.start(
            Files.createDirectories(directory.resolve(name)),
            List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dplumbline.store.url=" + jdbcUrl,
                "-Dplumbline.store.username=postgres",
                "-Dplumbline.schedule.instance-id=" + name,
                "-Dplumbline.schedule.cluster-checkin-interval=2s",
                "-Dplumbline.schedule.shutdown-grace=2s",
                "-Dplumbline.serve.refresh-interval=1s",
                "-Dplumbline.serve.scan-on-start=false",
                "-Dplumbline.serve.report-formats=sarif",
                "-Dplumbline.api.tokens.ci.role=operator",
                "-Dplumbline.api.tokens.ci.sha256=" + sha256(token)),
            "serve",
            "--sandbox-url",
            sandboxUrl,
            "--cron",
            NEVER);
    return new Replica(run, port, managementPort);
  }

  private static Set<String> posture(Replica replica) {
    try {
      HttpResponse<String> metrics =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + replica.managementPort() + "/q/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Set<String> lines = new TreeSet<>();
      Matcher matcher = POSTURE.matcher(metrics.body());
      while (matcher.find()) {
        lines.add(matcher.group());
      }
      return lines;
    } catch (IOException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double lastSuccess(Set<String> posture) {
    return posture.stream()
        .filter(line -> line.startsWith(LAST_SUCCESS))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .max()
        .orElse(0);
  }

  private static Set<String> withoutLastSuccess(Set<String> posture) {
    Set<String> lines = new TreeSet<>(posture);
    lines.removeIf(line -> line.startsWith(LAST_SUCCESS));
    return lines;
  }

  private static Set<String> fingerprints(JsonNode findings) {
    Set<String> fingerprints = new TreeSet<>();
    findings.forEach(finding -> fingerprints.add(finding.path("fingerprint").asText()));
    return fingerprints;
  }

  private static JsonNode findings(Replica replica, String token) throws Exception {
    HttpResponse<String> response = get(replica, "/api/v1/findings?verdict=fail,unknown", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(Replica replica, String path, String token)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Replica replica, String path, String token)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> difference(Set<String> from, Set<String> other) {
    Set<String> difference = new TreeSet<>(from);
    difference.removeAll(other);
    return difference;
  }

  private static <T> T await(
      Supplier<T> value, Predicate<T> done, Duration within, Supplier<String> what)
      throws InterruptedException {
    Instant limit = Instant.now().plus(within);
    T last = value.get();
    while (!done.test(last)) {
      if (!Instant.now().isBefore(limit)) {
        throw new AssertionError("waiting for " + what.get() + "; last: " + last);
      }
      Thread.sleep(500);
      last = value.get();
    }
    return last;
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
