package io.plumbline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.audit.AppliedWaivers;
import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.Waivers;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import io.plumbline.snapshot.SnapshotFiles;
import io.plumbline.store.AppliedWaiver;
import io.plumbline.store.ScanReceipt;
import io.plumbline.store.ScanRecord;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import io.plumbline.store.VerifyResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store benchmark (not a test: run it with {@code bench/run-store-benchmark.sh}). Stores two
 * consecutive scans of the 200-workspace scale estate ({@link EvaluationEstate}, made once and kept
 * under {@code --out}, shared with the evaluation benchmark), judged by the repository's rules,
 * into a fresh store, on H2 (a file under {@code --out}) and on PostgreSQL (an embedded PostgreSQL
 * 14 on loopback, a fresh database per run), {@code --runs} times each. The first scan makes every
 * failing finding NEW, the second makes them PERSISTING. Each {@link Store#record} is timed end to
 * end and phase by phase, then {@link Store#verify} over the two scans.
 *
 * <pre>
 * StoreBenchmark [--scale workspaces=200,groups=2000,users=20000] [--seed 1] [--drifts 100]
 *                [--runs 3] [--databases h2,postgresql] [--rules rules] [--out target/bench]
 * </pre>
 */
public final class StoreBenchmark {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("scale", ScanBenchmark.DEFAULT_SCALE);
    options.put("seed", "1");
    options.put("drifts", "100");
    options.put("runs", "3");
    options.put("databases", "h2,postgresql");
    options.put("rules", "rules");
    options.put("out", "target/bench");
    for (int index = 0; index < args.length; index += 2) {
      String name = args[index].replaceFirst("^--", "");
      if (!options.containsKey(name) || index + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[index]);
      }
      options.put(name, args[index + 1]);
    }
    Scale scale = Scale.parse(options.get("scale"));
    long seed = Long.parseLong(options.get("seed"));
    int drifts = Integer.parseInt(options.get("drifts"));
    int runs = Integer.parseInt(options.get("runs"));
    Path out = Path.of(options.get("out"));
    Files.createDirectories(out);
    String label =
        "w"
            + scale.workspaces()
            + "-g"
            + scale.groups()
            + "-u"
            + scale.users()
            + "-seed"
            + seed
            + "-drifts"
            + drifts;
    Path data = out.resolve("evaluation-" + label);
    if (!EvaluationEstate.isPrepared(data)) {
      log(
          "making the snapshot and baselines in %s (once; the evaluation benchmark shares them)",
          data);
      EvaluationEstate.prepare(
          scale, seed, drifts, data, Path.of("policies").resolve("frameworks"));
    }

    ObjectNode report = JSON.createObjectNode();
    report.set("machine", EvaluationBenchmark.machine());
    report.put("options", options.toString());

    long start = System.nanoTime();
    Snapshot snapshot = SnapshotFiles.read(data.resolve(SnapshotFiles.FILE_NAME));
    log(
        "snapshot: %d resources, %d coverage rows, read in %d ms",
        snapshot.resources().size(), snapshot.coverage().size(), millisSince(start));
    start = System.nanoTime();
    EvaluationService service =
        new EvaluationService(Clock.systemUTC(), "bench", Path.of("").toAbsolutePath());
    EvaluationService.Prepared prepared =
        service.prepare(
            new EvaluationService.Options(
                Optional.of(Path.of(options.get("rules"))),
                Optional.of(data.resolve("policies")),
                Optional.of(Severity.HIGH),
                Waivers.DEFAULT_EXPIRY_WARNING));
    ReportModel model = service.evaluate(prepared, snapshot);
    List<Finding> findings = model.findings();
    List<AppliedWaiver> waivers = model.waivers().stream().map(AppliedWaivers::of).toList();
    log("evaluated in %d ms: %s", millisSince(start), model.evaluation().countsByVerdict());
    ObjectNode input = report.putObject("input");
    input.put("resources", snapshot.resources().size());
    input.put("coverage_rows", snapshot.coverage().size());
    input.put("findings", findings.size());
    input.set("findings_by_verdict", JSON.valueToTree(model.evaluation().countsByVerdict()));

    ArrayNode results = report.putArray("runs");
    for (String database : options.get("databases").split(",")) {
      switch (database) {
        case "h2" -> {
          for (int run = 1; run <= runs; run++) {
            Path directory = out.resolve("store-benchmark-h2").resolve("run-" + run);
            deleteRecursively(directory);
            String url = "jdbc:h2:file:" + directory.resolve("plumbline").toAbsolutePath();
            results.add(oneRun("H2", run, StoreSettings.of(url), snapshot, findings, waivers));
            log("H2 store size: %d bytes", size(directory));
            deleteRecursively(directory);
          }
        }
        case "postgresql" -> {
          try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            for (int run = 1; run <= runs; run++) {
              String name = "bench_" + run;
              try (Connection connection = server.getPostgresDatabase().getConnection();
                  Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
                statement.execute("CREATE DATABASE " + name);
              }
              results.add(
                  oneRun(
                      "PostgreSQL",
                      run,
                      StoreSettings.of(server.getJdbcUrl("postgres", name)),
                      snapshot,
                      findings,
                      waivers));
            }
          }
        }
        default -> throw new IllegalArgumentException("unknown database: " + database);
      }
    }

    String markdown = summary(report);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Files.writeString(
        out.resolve("store-benchmark-" + stamp + ".json"), JSON.writeValueAsString(report));
    Files.writeString(out.resolve("store-benchmark-" + stamp + ".md"), markdown);
    System.out.println();
    System.out.println(markdown);
  }

  private static ObjectNode oneRun(
      String database,
      int run,
      StoreSettings settings,
      Snapshot snapshot,
      List<Finding> findings,
      List<AppliedWaiver> waivers) {
    ObjectNode result = JSON.createObjectNode();
    result.put("database", database);
    result.put("run", run);
    result.put("load_average_before", EvaluationBenchmark.loadAverage());
    Instant first = snapshot.takenAt();
    long start = System.nanoTime();
    try (Store store = Store.open(settings)) {
      result.put("open_millis", millisSince(start));
      ArrayNode scans = result.putArray("scans");
      for (int scan = 1; scan <= 2; scan++) {
        Instant startedAt = first.plus(Duration.ofDays(scan - 1));
        ScanRecord record =
            ScanRecord.of(
                "scan-" + scan,
                startedAt,
                startedAt.plusSeconds(102),
                snapshot,
                findings,
                Optional.empty(),
                waivers,
                List.of());
        ObjectNode timing = scans.addObject();
        ObjectNode phases = timing.putObject("phases_millis");
        ObjectNode counts = timing.putObject("phases_counts");
        System.gc();
        start = System.nanoTime();
        ScanReceipt receipt =
            store.record(
                record,
                (phase, count, took) -> {
                  phases.put(phase, took.toMillis());
                  counts.put(phase, count);
                });
        timing.put("record_millis", millisSince(start));
        timing.put("seq", receipt.seq());
        timing.put("events", receipt.events().size());
        timing.put("load_average_after", EvaluationBenchmark.loadAverage());
        log(
            "%s run %d scan %d: stored in %d ms (%d lifecycle events) %s",
            database,
            run,
            scan,
            timing.path("record_millis").asLong(),
            receipt.events().size(),
            phases);
      }
      start = System.nanoTime();
      VerifyResult verified = store.verify();
      result.put("verify_millis", millisSince(start));
      result.put("verify", verified.describe());
      log(
          "%s run %d: verify %d ms: %s",
          database, run, result.path("verify_millis").asLong(), verified.describe());
    }
    return result;
  }

  private static String summary(ObjectNode report) {
    StringBuilder text = new StringBuilder();
    text.append("machine: ").append(report.path("machine")).append('\n');
    text.append("input: ").append(report.path("input")).append("\n\n");
    text.append(
        "| database | run | scan 1 (NEW) ms | scan 2 (PERSISTING) ms | verify ms | load before |\n");
    text.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    report
        .path("runs")
        .forEach(
            run ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %d | %.2f |%n",
                        run.path("database").asText(),
                        run.path("run").asInt(),
                        run.path("scans").path(0).path("record_millis").asLong(),
                        run.path("scans").path(1).path("record_millis").asLong(),
                        run.path("verify_millis").asLong(),
                        run.path("load_average_before").asDouble())));
    text.append("\nphases (ms) of each scan:\n");
    report
        .path("runs")
        .forEach(
            run ->
                run.path("scans")
                    .forEach(
                        scan ->
                            text.append(
                                String.format(
                                    Locale.ROOT,
                                    "- %s run %d seq %d: %s (counts %s)%n",
                                    run.path("database").asText(),
                                    run.path("run").asInt(),
                                    scan.path("seq").asInt(),
                                    scan.path("phases_millis"),
                                    scan.path("phases_counts")))));
    return text.toString();
  }

  private static long size(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void log(String format, Object... arguments) {
    EvaluationBenchmark.log(format, arguments);
  }
}
