package io.plumbline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.serve.PlumblineService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management port of a running service: the plumbline_* series with the names alert rules rely
 * on, clean for promtool, and readiness that reports the latest scan.
 */
@QuarkusTest
@TestProfile(ServiceUnderTest.Profile.class)
class MetricsAndHealthTest {

  private static final List<String> RELIED_UPON =
      List.of(
          "plumbline_scan_duration_seconds_bucket",
          "plumbline_scan_last_success_timestamp_seconds",
          "plumbline_scans_total{result=\"success\"",
          "plumbline_findings{",
          "plumbline_findings_new_total{",
          "plumbline_workspace_findings{",
          "plumbline_drift_changes{kind=\"changed\"",
          "plumbline_collection_coverage_ratio{workspace=\"workspace:1000000000000101\"",
          "plumbline_api_requests_total{",
          "plumbline_api_throttled_total{",
          "plumbline_waivers_expiring{within=\"7d\"");

  @Inject PlumblineService service;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startTheService() {
    ServiceUnderTest.start(service);
  }

  @Test
  void everyReliedUponSeriesIsExportedAndPromtoolFindsNoProblem() throws Exception {
    String metrics = get("/q/metrics").body();

    for (String series : RELIED_UPON) {
      assertThat(metrics).as(series).contains(series);
    }
    // the reference estate's prod drift: results downloading switched on
    assertThat(metrics)
        .containsPattern(
            "plumbline_findings\\{rule=\"DBX-WSC-001\",severity=\"high\",verdict=\"fail\",?\\} 1.0");
    String plumbline =
        metrics
            .lines()
            .filter(line -> line.contains("plumbline_"))
            .collect(Collectors.joining("\n", "", "\n"));
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(plumbline.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).as("promtool's findings").isBlank();
  }

  @Test
  void readinessIsUpAndNamesTheLatestScan() throws Exception {
    HttpResponse<String> response = get("/q/health/ready");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode check = new ObjectMapper().readTree(response.body()).path("checks").get(0);
    assertThat(check.path("status").asText()).isEqualTo("UP");
    assertThat(check.path("data").path("last_scan").asText()).startsWith("scan-");
    assertThat(check.path("data").path("store").asText()).isEqualTo("reachable");
    assertThat(check.path("data").path("rules").asInt()).isPositive();
  }

  @Test
  void livenessIsUp() throws Exception {
    assertThat(get("/q/health/live").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ServiceUnderTest.managementPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
