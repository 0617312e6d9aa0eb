package io.plumbline.cli;

import io.plumbline.error.PlumblineException;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.Sandbox;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.sandbox.ScaleEstateGenerator;
import io.quarkus.runtime.Quarkus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the emulated Databricks account and workspace APIs and AWS IAM on 127.0.0.1.",
      "Control API: GET /_sandbox/info, GET|PATCH /_sandbox/estate, GET|POST /_sandbox/faults,"
          + " GET /_sandbox/requests, POST /_sandbox/reset."
    })
public class SandboxCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8990",
      description =
          "Port of the Databricks APIs and the control API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--iam-port",
      defaultValue = "0",
      description = "Port of the AWS IAM API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int iamPort;

  @Option(
      names = "--estate",
      paramLabel = "FILE",
      description = "Estate to serve (YAML or JSON); default: the reference estate in the jar.")
  Path estateFile;

  @Option(
      names = "--faults",
      paramLabel = "FILE",
      description = "Faults active from the start (YAML or JSON, as POST /_sandbox/faults takes).")
  Path faultsFile;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed of every random choice: faults and generated estates (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      paramLabel = "SPEC",
      description = "Generate a large estate instead, e.g. workspaces=200,groups=2000,users=20000.")
  String scale;

  @Option(
      names = "--no-rate-limits",
      description = "Do not enforce the published Databricks rate limits.")
  boolean noRateLimits;

  @Option(
      names = "--scim-page-size",
      defaultValue = "" + SandboxOptions.DEFAULT_SCIM_PAGE_SIZE,
      description = "Most resources per SCIM list page (default: ${DEFAULT-VALUE}).")
  int scimPageSize;

  @Override
  public void run() {
    validatePorts();
    if (estateFile != null && scale != null) {
      throw new ParameterException(
          spec.commandLine(), "--estate and --scale cannot be used together");
    }
    if (scimPageSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "--scim-page-size must be positive, got " + scimPageSize);
    }
    Estate estate = loadEstate();
    SandboxOptions options =
        new SandboxOptions(
            port,
            iamPort,
            estate,
            Optional.ofNullable(faultsFile).map(Sandbox::readFaultsFile),
            seed,
            !noRateLimits,
            scimPageSize);
    try (SandboxServer server = startServer(options)) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "plumbline sandbox: Databricks APIs on %s, AWS IAM on %s%n",
          server.host(), server.iamEndpoint());
      out.printf(
          "account %s, %d workspaces; connection details at %s/_sandbox/info%n",
          estate.accountId(), estate.workspaces().size(), server.host());
      out.flush();
      Quarkus.waitForExit();
    }
  }

  private void validatePorts() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--port must be from 0 to 65535, got " + port);
    }
    if (iamPort < 0 || iamPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--iam-port must be from 0 to 65535, got " + iamPort);
    }
  }

  private Estate loadEstate() {
    if (scale != null) {
      ScaleEstateGenerator.Scale parsed;
      try {
        parsed = ScaleEstateGenerator.Scale.parse(scale);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "invalid --scale: " + e.getMessage());
      }
      return EstateLoader.fromDocument(
          ScaleEstateGenerator.generate(parsed, seed), "scale estate " + scale);
    }
    return estateFile == null ? EstateLoader.loadDefault() : EstateLoader.load(estateFile);
  }

  private static SandboxServer startServer(SandboxOptions options) {
    try {
      return SandboxServer.start(options);
    } catch (java.io.UncheckedIOException e) {
      throw PlumblineException.userError(
          e.getMessage() + " (" + e.getCause().getMessage() + "); choose another --port");
    }
  }
}
