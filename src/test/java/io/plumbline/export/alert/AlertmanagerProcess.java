package io.plumbline.export.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A real Alertmanager on loopback, started from the prometheus-alertmanager binary (Debian package
 * prometheus-alertmanager; the system property plumbline.alertmanager names another binary).
 */
public final class AlertmanagerProcess extends LoopbackServer {

  private static final List<String> CANDIDATES =
      List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();

  private AlertmanagerProcess(List<String> command, Path logFile, int port)
      throws IOException, InterruptedException {
    super("Alertmanager", command, logFile, port);
  }

  public static AlertmanagerProcess start(Path directory) throws IOException, InterruptedException {
    return start(directory, freePort());
  }

  /** Starts on {@code port}, for a service whose configuration names the port before it starts. */
  public static AlertmanagerProcess start(Path directory, int port)
      throws IOException, InterruptedException {
    Path binary =
        binary()
            .orElseGet(
                () ->
                    fail(
                        "the Alertmanager binary is missing: install the Debian package"
                            + " prometheus-alertmanager (apt-get install prometheus-alertmanager),"
                            + " or name the binary with -Dplumbline.alertmanager=PATH"));
    Path config = directory.resolve("alertmanager.yml");
    Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
    return new AlertmanagerProcess(
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.path=" + Files.createDirectories(directory.resolve("data")),
            "--web.listen-address=127.0.0.1:" + port,
            // an empty address disables clustering, which would otherwise bind 0.0.0.0:9094
            "--cluster.listen-address="),
        directory.resolve("alertmanager.log"),
        port);
  }

  /** The alerts Alertmanager holds as active whose label {@code name} is {@code value}. */
  public List<JsonNode> activeAlerts(String name, String value)
      throws IOException, InterruptedException {
    String filter = URLEncoder.encode(name + "=\"" + value + "\"", StandardCharsets.UTF_8);
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(url().resolve("api/v2/alerts?active=true&filter=" + filter))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode alerts = JSON.readTree(response.body());
    return Arrays.asList(JSON.treeToValue(alerts, JsonNode[].class));
  }

  private static Optional<Path> binary() {
    String named = System.getProperty("plumbline.alertmanager");
    if (named != null) {
      return Optional.of(Path.of(named)).filter(Files::isExecutable);
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }
}
