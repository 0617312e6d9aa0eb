package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}, or the {@code plumbline.jar} system
 * property failsafe sets) run in a process of its own, with its standard output and error read line
 * by line as they come, so that a test can act the moment a line appears.
 */
final class PackagedRun implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private PackagedRun(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "packaged-run-output");
    reader.setDaemon(true);
    reader.start();
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("plumbline.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).as("the packaged jar (./mvnw package)").exists();
    return jar;
  }

  /** Starts {@code plumbline ARGUMENTS} in {@code directory}, with {@code -D} JVM options. */
  static PackagedRun start(Path directory, List<String> jvmOptions, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(arguments));
    try {
      return new PackagedRun(
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs {@code plumbline ARGUMENTS} to its end; its exit code and output. */
  static Result run(Path directory, String... arguments) throws InterruptedException {
    try (PackagedRun run = start(directory, List.of(), arguments)) {
      int exit = run.awaitExit(Duration.ofMinutes(3));
      return new Result(exit, run.output());
    }
  }

  record Result(int exitCode, String output) {}

  private void read() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process was killed; what it wrote until then is kept
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /**
   * Waits for a line of output matching {@code pattern}; fails when the output ends first or after
   * {@code limit} (a bound against hanging, not a measurement).
   */
  synchronized Matcher awaitLine(Pattern pattern, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        Matcher matcher = pattern.matcher(lines.get(seen));
        if (matcher.find()) {
          return matcher;
        }
      }
      long remaining = deadline - System.nanoTime();
      if (ended || remaining <= 0) {
        throw new AssertionError(
            (ended ? "the process ended" : "no line after " + limit)
                + " before a line matching "
                + pattern
                + ":\n"
                + String.join("\n", lines));
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    }
  }

  /** Waits for the process to exit; fails after {@code limit}. */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + limit + ":\n" + output());
    }
    synchronized (this) {
      while (!ended) {
        wait();
      }
    }
    return process.exitValue();
  }

  /**
   * SIGTERM, as Kubernetes and systemd stop a service. Through the process handle: {@code
   * Process.destroy()} also closes the pipes, and what the process writes while it stops is lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
