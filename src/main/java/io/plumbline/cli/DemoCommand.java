package io.plumbline.cli;

import io.plumbline.access.CallerTokens;
import io.plumbline.access.Role;
import io.plumbline.collect.CollectConfig;
import io.plumbline.collect.CollectPlan;
import io.plumbline.model.Secret;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.scheduler.ScheduleConfig;
import io.plumbline.serve.PlumblineService;
import io.plumbline.serve.ServeConfig;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the sandbox with the reference estate and the service scanning it, on 127.0.0.1,"
          + " with an embedded store, and print the URLs and API tokens to try.",
      "Mutate the estate (PATCH /_sandbox/estate) and request a scan (POST /api/v1/scans) to"
          + " see drift, lifecycle, metrics and alerts move."
    })
@Dependent
@Unremovable
public class DemoCommand implements Callable<Integer> {

  private final PlumblineService service;
  private final CollectConfig collectConfig;
  private final CallerTokens tokens;

  @Spec private CommandSpec spec;

  @Option(
      names = "--cron",
      paramLabel = "EXPRESSION",
      defaultValue = "0 * * * * ?",
      description = "Quartz cron schedule with seconds (default: every minute, ${DEFAULT-VALUE}).")
  String cron;

  @Option(
      names = "--sandbox-port",
      defaultValue = "8990",
      description = "Port of the sandbox's Databricks APIs (default: ${DEFAULT-VALUE}; 0: free).")
  int sandboxPort;

  @Option(
      names = "--store-dir",
      paramLabel = "DIR",
      description = "Keep the demo's store in DIR (default: a new temporary directory).")
  Path storeDirectory;

  private final StoreConfig storeConfig;
  private final ScheduleConfig scheduleConfig;
  private final ServeConfig serveConfig;

  @Inject
  public DemoCommand(
      PlumblineService service,
      CollectConfig collectConfig,
      CallerTokens tokens,
      StoreConfig storeConfig,
      ScheduleConfig scheduleConfig,
      ServeConfig serveConfig) {
    this.service = service;
    this.collectConfig = collectConfig;
    this.tokens = tokens;
    this.storeConfig = storeConfig;
    this.scheduleConfig = scheduleConfig;
    this.serveConfig = serveConfig;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (SandboxServer sandbox =
        SandboxServer.start(
            SandboxOptions.of(EstateLoader.loadDefault()).withPorts(sandboxPort, 0))) {
      Path directory =
          storeDirectory != null ? storeDirectory : Files.createTempDirectory("plumbline-demo-");
      String storeUrl = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("store/plumbline");
      PlumblineService.Settings settings =
          ServeCommand.settings(
              storeConfig,
              scheduleConfig,
              serveConfig,
              () -> CollectPlan.forSandbox(sandbox.host(), sandbox.sandbox().info(), collectConfig),
              Optional.of(storeUrl),
              Optional.of(cron),
              Optional.empty(),
              Optional.empty());
      String viewer = register("demo-viewer", Role.VIEWER);
      String auditor = register("demo-auditor", Role.AUDITOR);
      String operator = register("demo-operator", Role.OPERATOR);
      service.start(settings, EvaluationPrinter.toolVersion());
      out.printf("sandbox   %s (control API: %s/_sandbox/info)%n", sandbox.host(), sandbox.host());
      ServeCommand.printEndpoints(out, settings);
      out.println();
      out.println("API tokens for this run (Authorization: Bearer TOKEN):");
      out.printf("  viewer    %s%n", viewer);
      out.printf("  auditor   %s%n", auditor);
      out.printf("  operator  %s%n", operator);
      out.println();
      out.println("try:");
      out.printf(
          "  curl -H 'Authorization: Bearer %s' http://127.0.0.1:%s/api/v1/findings?verdict=fail%n",
          viewer, httpPort());
      out.printf(
          "  curl -X POST -H 'Authorization: Bearer %s' http://127.0.0.1:%s/api/v1/scans%n",
          operator, httpPort());
      out.flush();
      try {
        Quarkus.waitForExit();
      } finally {
        service.stop();
      }
    }
    return ExitCodes.SUCCESS;
  }

  private String register(String name, Role role) {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    // demo tokens are printed once for the person who started the demo; they die with the process
    String token = "plb-demo-" + HexFormat.of().formatHex(random);
    tokens.register(name, role, Secret.of(token));
    return token;
  }

  private static String httpPort() {
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getOptionalValue("quarkus.http.port", String.class)
        .orElse("8080");
  }
}
