package io.plumbline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus on loopback (Debian package prometheus), scraping plumbline's management port
 * every second and evaluating the repository's alert rules every second.
 */
final class PrometheusProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path logFile;
  private final URI url;
  private final HttpClient client = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, Path logFile, URI url) {
    this.process = process;
    this.logFile = logFile;
    this.url = url;
  }

  static PrometheusProcess start(
      Path directory, int metricsPort, Path ruleFile, int alertmanagerPort)
      throws IOException, InterruptedException {
    Path binary = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(binary)) {
      fail(
          "Prometheus is missing: install the Debian package prometheus (apt-get install prometheus)");
    }
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: plumbline
            metrics_path: /q/metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        """
            .formatted(ruleFile.toAbsolutePath(), metricsPort, alertmanagerPort));
    int port = freePort();
    Path logFile = directory.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(directory.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    PrometheusProcess prometheus =
        new PrometheusProcess(process, logFile, URI.create("http://127.0.0.1:" + port + "/"));
    prometheus.awaitReady();
    return prometheus;
  }

  /** Alerts in state firing (not pending) with the given alertname. */
  List<JsonNode> firing(String alertName) throws IOException, InterruptedException {
    JsonNode body = get("api/v1/alerts");
    List<JsonNode> firing = new ArrayList<>();
    for (JsonNode alert : body.path("data").path("alerts")) {
      if (alert.path("labels").path("alertname").asText().equals(alertName)
          && alert.path("state").asText().equals("firing")) {
        firing.add(alert);
      }
    }
    return firing;
  }

  /** The value of an instant query's first sample, or NaN when the result is empty. */
  double query(String promql) throws IOException, InterruptedException {
    JsonNode body = get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode result = body.path("data").path("result");
    return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
  }

  String log() throws IOException {
    return Files.readString(logFile);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("Prometheus exited with " + process.exitValue() + ":\n" + Files.readString(logFile));
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(url.resolve("-/ready"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    fail("Prometheus not ready within 30s:\n" + Files.readString(logFile));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on loopback", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
