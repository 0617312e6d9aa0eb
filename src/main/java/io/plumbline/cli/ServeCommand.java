package io.plumbline.cli;

import io.plumbline.audit.EvaluationService;
import io.plumbline.collect.CollectConfig;
import io.plumbline.collect.CollectPlan;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.policy.Waivers;
import io.plumbline.scheduler.ScheduleConfig;
import io.plumbline.scheduler.ScheduleSettings;
import io.plumbline.serve.PlumblineService;
import io.plumbline.serve.ServeConfig;
import io.plumbline.store.StoreConfig;
import io.plumbline.store.StoreSettings;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the service: scans on a schedule (plumbline.schedule.cron) and on demand, the REST"
          + " API on /api/v1, OpenAPI on /q/openapi, and metrics and health on the management"
          + " port (/q/metrics, /q/health).",
      "Stops on SIGTERM or Ctrl-C: a running scan finishes within plumbline.schedule.shutdown-grace"
          + " or is recorded as aborted."
    })
@Dependent
@Unremovable
public class ServeCommand implements Callable<Integer> {

  private final PlumblineService service;
  private final CollectConfig collectConfig;
  private final StoreConfig storeConfig;
  private final ScheduleConfig scheduleConfig;
  private final ServeConfig serveConfig;

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Collection configuration (YAML, keys under plumbline.collect).")
  Path configFile;

  @Option(
      names = "--sandbox-url",
      paramLabel = "URL",
      description = "Scan a running sandbox (plumbline sandbox) instead of a real estate.")
  URI sandboxUrl;

  @Option(
      names = "--store-url",
      paramLabel = "JDBC_URL",
      description = "The store (default: plumbline.store.url, an H2 file under .plumbline/).")
  String storeUrl;

  @Option(
      names = "--cron",
      paramLabel = "EXPRESSION",
      description = "Quartz cron schedule with seconds (default: plumbline.schedule.cron).")
  String cron;

  @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack directory.")
  Path rules;

  @Option(names = "--policies", paramLabel = "DIR", description = "Policies directory.")
  Path policies;

  @Inject
  public ServeCommand(
      PlumblineService service,
      CollectConfig collectConfig,
      StoreConfig storeConfig,
      ScheduleConfig scheduleConfig,
      ServeConfig serveConfig) {
    this.service = service;
    this.collectConfig = collectConfig;
    this.storeConfig = storeConfig;
    this.scheduleConfig = scheduleConfig;
    this.serveConfig = serveConfig;
  }

  @Override
  public Integer call() {
    Supplier<CollectPlan> plan = plan();
    PlumblineService.Settings settings =
        settings(
            storeConfig,
            scheduleConfig,
            serveConfig,
            plan,
            Optional.ofNullable(storeUrl),
            Optional.ofNullable(cron),
            Optional.ofNullable(rules),
            Optional.ofNullable(policies));
    service.start(settings, EvaluationPrinter.toolVersion());
    PrintWriter out = spec.commandLine().getOut();
    printEndpoints(out, settings);
    try {
      Quarkus.waitForExit();
    } finally {
      service.stop();
    }
    return ExitCodes.SUCCESS;
  }

  /** The service's settings from configuration and the command's overrides. */
  static PlumblineService.Settings settings(
      StoreConfig storeConfig,
      ScheduleConfig scheduleConfig,
      ServeConfig serveConfig,
      Supplier<CollectPlan> plan,
      Optional<String> storeUrl,
      Optional<String> cron,
      Optional<Path> rules,
      Optional<Path> policies) {
    StoreSettings store = StoreSettings.from(storeConfig, System::getenv);
    if (storeUrl.isPresent()) {
      store = StoreOptions.withUrl(store, storeUrl.get());
    }
    ScheduleSettings schedule = ScheduleSettings.from(scheduleConfig);
    if (cron.isPresent()) {
      schedule =
          new ScheduleSettings(
              cron.get(),
              schedule.timeZone(),
              schedule.enabled(),
              schedule.instanceId(),
              schedule.clusterCheckinInterval(),
              schedule.shutdownGrace());
    }
    Set<ReportFormat> formats;
    try {
      formats = ReportFormat.parseList(String.join(",", serveConfig.reportFormats()));
    } catch (IllegalArgumentException e) {
      throw new PlumblineException(
          ErrorKind.USER_ERROR, "plumbline.serve.report-formats: " + e.getMessage());
    }
    return new PlumblineService.Settings(
        store,
        schedule,
        plan,
        new EvaluationService.Options(
            rules, policies, Optional.empty(), Waivers.DEFAULT_EXPIRY_WARNING),
        serveConfig.dataDirectory(),
        formats,
        serveConfig.refreshInterval(),
        serveConfig.scanOnStart());
  }

  private Supplier<CollectPlan> plan() {
    CollectConfig config =
        configFile == null ? collectConfig : ConfigFiles.collectConfig(configFile);
    if (sandboxUrl != null) {
      URI host = ScanCommand.stripTrailingSlash(sandboxUrl);
      return () -> CollectPlan.forSandbox(host, ScanCommand.sandboxInfo(host), config);
    }
    CollectPlan plan = CollectPlan.fromConfig(config, System::getenv);
    if (plan.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "nothing to scan: use --sandbox-url URL, or --config FILE with plumbline.collect.accounts"
              + " (plumbline demo runs the service against the sandbox)");
    }
    return () -> CollectPlan.fromConfig(config, System::getenv);
  }

  static void printEndpoints(PrintWriter out, PlumblineService.Settings settings) {
    String host =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.host", String.class)
            .orElse("0.0.0.0");
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    int port =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.port", Integer.class)
            .orElse(8080);
    int management =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.management.port", Integer.class)
            .orElse(9000);
    out.printf("plumbline service running%n");
    out.printf("  API       http://%s:%d/api/v1/scans%n", shown, port);
    out.printf("  OpenAPI   http://%s:%d/q/openapi%n", shown, port);
    out.printf("  metrics   http://%s:%d/q/metrics%n", shown, management);
    out.printf("  health    http://%s:%d/q/health%n", shown, management);
    out.printf("  store     %s%n", settings.store().displayUrl());
    out.printf("  schedule  %s%n", settings.schedule().cron());
    out.flush();
  }
}
