package io.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.audit.AuditService;
import io.plumbline.audit.EvaluationService;
import io.plumbline.audit.ScanOutcome;
import io.plumbline.collect.CollectConfig;
import io.plumbline.collect.CollectPlan;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Coverage;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.snapshot.SnapshotFiles;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.ScanReceipt;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Snapshot a Databricks-on-AWS estate into DIR/snapshot.json.gz, evaluate it against the"
          + " rules and policies, and write the reports --format selects (every format by"
          + " default).",
      "Exit codes: 0 success, 1 a finding at or above --fail-on failed, 2 usage or configuration"
          + " error, 3 collection incomplete (some scope x resource type could not be read;"
          + " checked before 1)."
    })
// commands are looked up by picocli, not injected, so Arc must not remove them as unused
@Dependent
@Unremovable
public class ScanCommand implements Callable<Integer> {

  private final CollectConfig applicationConfig;

  @Spec private CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Collection configuration (YAML, keys under plumbline.collect).")
  Path configFile;

  @ArgGroup(exclusive = true)
  Target target = new Target();

  static final class Target {
    @Option(
        names = "--demo",
        description = "Start the sandbox with the reference estate in this process and scan it.")
    boolean demo;

    @Option(
        names = "--sandbox-url",
        paramLabel = "URL",
        description = "Scan a running sandbox (plumbline sandbox), e.g. http://127.0.0.1:8990.")
    URI sandboxUrl;
  }

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "plumbline-out",
      description = "Where to write snapshot.json.gz and the reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin ReportOptions reports;

  @Mixin StoreOptions store;

  @Option(
      names = "--no-store",
      description =
          "Do not remember this scan: no history, lifecycle or drift against the previous scan.")
  boolean noStore;

  private final StoreConfig storeConfig;

  @Inject
  public ScanCommand(CollectConfig applicationConfig, StoreConfig storeConfig) {
    this.applicationConfig = applicationConfig;
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() throws IOException {
    CollectConfig config =
        configFile == null ? applicationConfig : ConfigFiles.collectConfig(configFile);
    if (noStore && store.storeUrl != null) {
      throw new ParameterException(
          spec.commandLine(), "--no-store and --store-url exclude each other");
    }
    // what to scan is settled before the rule pack compiles: a usage error answers at once
    Optional<CollectPlan> plan = Optional.empty();
    if (!target.demo && target.sandboxUrl == null) {
      plan = Optional.of(CollectPlan.fromConfig(config, System::getenv));
      if (plan.get().isEmpty()) {
        throw new ParameterException(spec.commandLine(), nothingToScan());
      }
    }
    // rules and policies are loaded first: a bad rule or waiver must not cost a whole collection
    EvaluationService evaluation = EvaluationPrinter.service();
    EvaluationService.Prepared prepared = evaluation.prepare(reports.options());
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    ProgressPrinter progress = new ProgressPrinter(stderr, System.console() != null);
    // the store is opened before collecting: an unreachable store must not cost a collection
    try (Store history = noStore ? null : store.open(storeConfig)) {
      return scan(config, plan, evaluation, prepared, history, progress, stdout, stderr);
    }
  }

  private String nothingToScan() {
    if (configFile == null) {
      return "nothing to scan: use --demo, --sandbox-url URL, or --config FILE with"
          + " plumbline.collect.accounts";
    }
    return "nothing to scan: "
        + configFile
        + " declares no account (expected plumbline.collect.accounts); or use --demo or"
        + " --sandbox-url URL";
  }

  private Integer scan(
      CollectConfig config,
      Optional<CollectPlan> plan,
      EvaluationService evaluation,
      EvaluationService.Prepared prepared,
      Store history,
      ProgressPrinter progress,
      PrintWriter stdout,
      PrintWriter stderr) {
    Instant startedAt = Instant.now();
    AuditService audit =
        new AuditService(evaluation, Optional.ofNullable(history), Clock.systemUTC());
    String scanId = AuditService.newScanId(startedAt);
    AuditService.Output output = new AuditService.Output(out, reports.formats());
    ScanOutcome outcome;
    if (target.demo) {
      try (SandboxServer sandbox =
          SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()))) {
        stderr.println("demo: sandbox with the reference estate on " + sandbox.host());
        CollectPlan demo = CollectPlan.forSandbox(sandbox.host(), sandbox.sandbox().info(), config);
        outcome = audit.scan(scanId, startedAt, demo, prepared, progress, output);
      }
    } else if (target.sandboxUrl != null) {
      URI host = stripTrailingSlash(target.sandboxUrl);
      CollectPlan sandbox = CollectPlan.forSandbox(host, sandboxInfo(host), config);
      outcome = audit.scan(scanId, startedAt, sandbox, prepared, progress, output);
    } else {
      outcome = audit.scan(scanId, startedAt, plan.orElseThrow(), prepared, progress, output);
    }
    Snapshot snapshot = outcome.snapshot();
    printSummary(stdout, snapshot, out.resolve(SnapshotFiles.FILE_NAME));
    stdout.println();
    EvaluationPrinter.print(stdout, outcome.model(), outcome.reports(), false);
    outcome.receipt().ifPresent(receipt -> printStored(stdout, outcome, history));
    return EvaluationPrinter.exitCode(outcome.model());
  }

  private static void printStored(PrintWriter out, ScanOutcome outcome, Store history) {
    ScanReceipt receipt = outcome.receipt().orElseThrow();
    out.println();
    out.printf(
        "stored as scan %s (#%d) in %s%n",
        outcome.scanId(), receipt.seq(), history.settings().displayUrl());
    Map<LifecycleEventKind, Long> events = new EnumMap<>(LifecycleEventKind.class);
    receipt.events().forEach(event -> events.merge(event.kind(), 1L, Long::sum));
    out.printf(
        "lifecycle: %d new, %d reopened, %d persisting, %d resolved, %d unknown%n",
        events.getOrDefault(LifecycleEventKind.NEW, 0L),
        events.getOrDefault(LifecycleEventKind.REOPENED, 0L),
        events.getOrDefault(LifecycleEventKind.PERSISTING, 0L),
        events.getOrDefault(LifecycleEventKind.RESOLVED, 0L),
        events.getOrDefault(LifecycleEventKind.UNKNOWN, 0L));
    outcome
        .drift()
        .ifPresentOrElse(
            drift -> {
              Map<ChangeKind, Long> counts = drift.countsByKind();
              out.printf(
                  "drift since the previous scan: %d added, %d removed, %d changed, %d unknown"
                      + " (plumbline diff shows them)%n",
                  counts.get(ChangeKind.ADDED),
                  counts.get(ChangeKind.REMOVED),
                  counts.get(ChangeKind.CHANGED),
                  counts.get(ChangeKind.UNKNOWN));
            },
            () -> out.println("drift: first stored scan, nothing to compare with"));
    out.flush();
  }

  static URI stripTrailingSlash(URI uri) {
    String text = uri.toString();
    return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  static JsonNode sandboxInfo(URI host) {
    URI info = URI.create(host + "/_sandbox/info");
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  HttpRequest.newBuilder(info).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new PlumblineException(
            ErrorKind.EXTERNAL,
            "GET "
                + info
                + " answered "
                + response.statusCode()
                + ": is this a plumbline sandbox?");
      }
      return new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL, "cannot reach the sandbox at " + host + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlumblineException(ErrorKind.EXTERNAL, "interrupted while reaching " + host);
    }
  }

  static void printSummary(PrintWriter out, Snapshot snapshot, Path written) {
    out.printf("snapshot %s written to %s%n", snapshot.id(), written);
    out.printf("content hash %s%n", snapshot.contentHash());
    out.println();
    out.println("resources by type:");
    Map<String, Long> counts = snapshot.countsByType();
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(10);
    counts.forEach((type, count) -> out.printf("  %-" + width + "s %7d%n", type, count));
    out.printf("  %-" + width + "s %7d%n", "total", snapshot.resources().size());
    out.println();
    List<Coverage> failed = snapshot.failedCoverage();
    out.printf(
        "coverage: %d of %d scope x type reads complete, %d failed%n",
        snapshot.coverage().size() - failed.size(), snapshot.coverage().size(), failed.size());
    for (Coverage coverage : failed) {
      out.printf(
          "  FAILED %s %s: %s%n",
          coverage.scope(),
          coverage.resourceType(),
          coverage.reason().map(Object::toString).orElse(""));
    }
    out.println();
    out.printf(
        "api calls %d, retries %d, throttled %d, duration %.1f s%n",
        snapshot.stats().apiCalls(),
        snapshot.stats().retries(),
        snapshot.stats().throttled(),
        snapshot.stats().duration().toMillis() / 1000.0);
    if (!failed.isEmpty()) {
      out.println("collection incomplete: what could not be read is UNKNOWN, not absent (exit 3)");
    }
    out.flush();
  }
}
