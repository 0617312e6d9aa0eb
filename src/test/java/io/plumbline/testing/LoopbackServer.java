package io.plumbline.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server from a Debian package (Prometheus, Alertmanager) started by a test on a loopback
 * port, its output kept in a log file that failures quote, and stopped by {@link #close()}.
 */
public class LoopbackServer implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;
  private final URI url;

  protected LoopbackServer(String name, List<String> command, Path logFile, int port)
      throws IOException, InterruptedException {
    this.name = name;
    this.logFile = logFile;
    this.url = URI.create("http://127.0.0.1:" + port + "/");
    this.process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    awaitReady();
  }

  /** The binary, or a failure that says which Debian package to install. */
  protected static Path requireBinary(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      fail(
          binary
              + " is missing: install the Debian package "
              + debianPackage
              + " (apt-get install "
              + debianPackage
              + "); .ci/run does");
    }
    return binary;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  public URI url() {
    return url;
  }

  public String log() throws IOException {
    return Files.readString(logFile);
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail(name + " exited with " + process.exitValue() + ":\n" + log());
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
    fail(name + " not ready within 30s:\n" + log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
