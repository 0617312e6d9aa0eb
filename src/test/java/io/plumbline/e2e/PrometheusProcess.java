package io.plumbline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.LoopbackServer;
import java.io.IOException;
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

/**
 * A real Prometheus on loopback (Debian package prometheus), scraping plumbline's management port
 * every second and evaluating the repository's alert rules every second.
 */
final class PrometheusProcess extends LoopbackServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();

  private PrometheusProcess(List<String> command, Path logFile, int port)
      throws IOException, InterruptedException {
    super("Prometheus", command, logFile, port);
  }

  static PrometheusProcess start(
      Path directory, int metricsPort, Path ruleFile, int alertmanagerPort)
      throws IOException, InterruptedException {
    Path binary = requireBinary(Path.of("/usr/bin/prometheus"), "prometheus");
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
    return new PrometheusProcess(
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + Files.createDirectories(directory.resolve("tsdb")),
            "--web.listen-address=127.0.0.1:" + port),
        directory.resolve("prometheus.log"),
        port);
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

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
