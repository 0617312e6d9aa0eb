package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as a user runs it: {@code plumbline sandbox} serves the default estate. */
class SandboxCommandIT {

  private static final Pattern LISTENING =
      Pattern.compile("Databricks APIs on (http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void thePackagedSandboxServesTheDefaultEstate() throws Exception {
    Path jar = Path.of(System.getProperty("plumbline.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(java.toString(), "-jar", jar.toString(), "sandbox", "--port", "0"))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String host = awaitListening(process);
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      JsonNode info = get(client, host + "/_sandbox/info", null);
      assertThat(info.path("workspaces").size()).isGreaterThanOrEqualTo(3);
      assertThat(info.path("iam_endpoint").asText()).startsWith("http://127.0.0.1:");

      JsonNode workspaces =
          get(
              client,
              host + "/api/2.0/accounts/" + info.path("account_id").asText() + "/workspaces",
              info.path("token").asText());
      assertThat(workspaces.isArray()).isTrue();
      assertThat(workspaces.size()).isEqualTo(info.path("workspaces").size());
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(Files.exists(jar)).isTrue();
  }

  @Test
  void thePackagedScanOfTheDemoEstateWritesACompleteSnapshot(
      @org.junit.jupiter.api.io.TempDir Path out) throws Exception {
    Path jar = Path.of(System.getProperty("plumbline.jar", "target/quarkus-app/quarkus-run.jar"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-jar",
                    jar.toString(),
                    "scan",
                    "--demo",
                    "--fail-on",
                    "none",
                    "--out",
                    out.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("0 failed").contains("databricks_mws_workspaces").contains("FAIL");
    for (String file :
        List.of(
            "snapshot.json.gz", "findings.json", "findings.csv", "findings.sarif", "report.html")) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
  }

  private static String awaitListening(Process process) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    throw new AssertionError(
        "the sandbox exited before it listened (exit " + process.waitFor() + ")");
  }

  private static JsonNode get(HttpClient client, String url, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
