package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.logging.Redaction;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar scans a sandbox whose token is a canary, with every log category at DEBUG (the
 * Apache HTTP client under the Databricks and AWS SDKs logs each request's headers and bytes there)
 * on the console and in a log file: the canary never appears in either, and the redaction marker
 * does, next to the headers the client logged, so that the test cannot pass because nothing was
 * logged.
 */
class LogRedactionIT {

  private static final String CANARY = "canary-7f3a9c1e-never-in-a-log";

  private static final List<String> DEBUG_EVERYWHERE =
      List.of(
          "-Dquarkus.log.level=DEBUG",
          "-Dquarkus.log.category.\"io.quarkus\".level=DEBUG",
          "-Dquarkus.log.category.\"org.apache.http\".level=DEBUG",
          "-Dquarkus.log.category.\"org.apache.hc\".level=DEBUG",
          "-Dquarkus.log.category.\"com.databricks\".level=DEBUG",
          "-Dquarkus.log.category.\"com.databricks.sdk.core.DatabricksConfig\".level=DEBUG",
          "-Dquarkus.log.category.\"software.amazon.awssdk\".level=DEBUG",
          "-Dquarkus.log.category.\"io.plumbline\".level=DEBUG");

  @Test
  void aScanLoggedAtDebugNeverPrintsTheToken(@TempDir Path directory) throws Exception {
    String estate;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("sandbox/default-estate.yaml")) {
      estate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(estate).contains("token: dapi-plumbline-sandbox-token");
    Path logFile = directory.resolve("plumbline.log");
    try (SandboxServer sandbox =
        SandboxServer.start(
            SandboxOptions.of(
                    EstateLoader.parse(
                        "canary estate",
                        estate.replace("token: dapi-plumbline-sandbox-token", "token: " + CANARY)))
                .withPorts(0, 0))) {
      Path jar = Path.of(System.getProperty("plumbline.jar", "target/quarkus-app/quarkus-run.jar"));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(DEBUG_EVERYWHERE);
      command.add("-Dquarkus.log.file.enable=true");
      command.add("-Dquarkus.log.file.path=" + logFile);
      command.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "scan",
              "--sandbox-url",
              sandbox.host().toString(),
              "--no-store",
              "--fail-on",
              "none",
              "--format",
              "json",
              "--out",
              directory.resolve("out").toString()));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String console = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

      String file = Files.readString(logFile);
      assertThat(process.exitValue()).as(tail(console)).isZero();
      for (String log : List.of(console, file)) {
        assertThat(log)
            .as("the Apache HTTP client logged the request headers at DEBUG")
            .contains("http-outgoing")
            .containsPattern(
                "(?i)>> \"?authorization: " + java.util.regex.Pattern.quote(Redaction.MARKER));
        assertThat(log).doesNotContain(CANARY).doesNotContain("sandbox-secret");
      }
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }
}
