package io.plumbline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A command-line tool the tests need from the machine (promtool, amtool, kubectl). A missing tool
 * fails the test, never skips it: a check that silently does not run is worse than none.
 */
record Tool(String name, String debianPackage) {

  static final Tool PROMTOOL = new Tool("promtool", "prometheus");
  static final Tool AMTOOL = new Tool("amtool", "prometheus-alertmanager");
  static final Tool KUBECTL = new Tool("kubectl", "kubernetes-client");

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  record Run(List<String> command, int exitCode, String output) {

    void assertSucceeded() {
      assertThat(exitCode)
          .as("%s exited %d; its output:%n%s", String.join(" ", command), exitCode, output)
          .isZero();
    }
  }

  /** Runs the tool in the project root (the working directory of the tests). */
  Run run(String... arguments) throws IOException, InterruptedException {
    Path output = Files.createTempFile("plumbline-" + name, ".out");
    try {
      List<String> command = command(arguments);
      int exitCode = execute(command, output, output);
      return new Run(command, exitCode, Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Runs the tool and returns what it wrote to standard output, failing the test when it exits
   * non-zero; its standard error (warnings such as kubectl's deprecation notes) is kept apart.
   */
  String output(String... arguments) throws IOException, InterruptedException {
    Path output = Files.createTempFile("plumbline-" + name, ".out");
    Path errors = Files.createTempFile("plumbline-" + name, ".err");
    try {
      List<String> command = command(arguments);
      int exitCode = execute(command, output, errors);
      new Run(command, exitCode, Files.readString(errors, StandardCharsets.UTF_8))
          .assertSucceeded();
      return Files.readString(output, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(output);
      Files.deleteIfExists(errors);
    }
  }

  private List<String> command(String... arguments) {
    Optional<Path> executable = onPath();
    if (executable.isEmpty()) {
      fail(
          "%s is not on the PATH: install the Debian package %s (apt-get install %s); CI installs"
              + " it",
          name, debianPackage, debianPackage);
    }
    List<String> command = new ArrayList<>();
    command.add(executable.get().toString());
    command.addAll(List.of(arguments));
    return command;
  }

  private static int execute(List<String> command, Path output, Path errors)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(new File(System.getProperty("user.dir")))
            .redirectOutput(output.toFile());
    if (output.equals(errors)) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(errors.toFile());
    }
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail("%s did not finish within %s", command, TIMEOUT);
    }
    return process.exitValue();
  }

  private Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(directory -> !directory.isBlank())
        .map(directory -> Path.of(directory, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
