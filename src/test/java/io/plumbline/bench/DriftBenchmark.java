package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.CollectPlan;
import io.plumbline.drift.DriftJson;
import io.plumbline.drift.DriftText;
import io.plumbline.drift.SnapshotDiff;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Resource;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.sandbox.ScaleEstateGenerator;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import io.plumbline.snapshot.SnapshotFiles;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The drift benchmark (not a test: run it with {@code bench/run-drift-benchmark.sh}; results in
 * bench/drift.md). Diffs two snapshots of a scale estate, the second taken after a few hundred
 * drifts were PATCHed in ({@link EvaluationEstate.DriftPatch}), and measures in a JVM of its own,
 * {@code --runs} times:
 *
 * <ol>
 *   <li>loading each snapshot file ({@link SnapshotFiles#read}), timed apart from the diff;
 *   <li>{@link SnapshotDiff#compare} of the two, the target being under 2 s;
 *   <li>the same diff with the second snapshot as a scan holds it in memory (numbers as longs,
 *       where a snapshot read from its file has ints): what a scan that diffs against the previous
 *       stored snapshot meets, with fewer resources equal at first sight;
 *   <li>writing the drift as JSON ({@link DriftJson}) and as text ({@link DriftText}).
 * </ol>
 *
 * The two snapshots are made once (a sandbox with rate limits off, two scans) and kept under {@code
 * --out}; {@code --fresh} makes them again.
 *
 * <pre>
 * DriftBenchmark [--scale workspaces=200,groups=2000,users=20000] [--seed 1] [--drifts 100]
 *                [--runs 7] [--child-heap 2g] [--out target/bench] [--fresh]
 * </pre>
 */
public final class DriftBenchmark {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final List<String> OPTIONS =
      List.of(
          "scale",
          "seed",
          "drifts",
          "runs",
          "child-heap",
          "out",
          "fresh",
          "child",
          "data",
          "result");

  private DriftBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    if (options.containsKey("child")) {
      measure(
          Path.of(options.get("data")),
          Integer.parseInt(options.get("runs")),
          Path.of(options.get("result")));
      return;
    }
    coordinate(options);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("scale", ScanBenchmark.DEFAULT_SCALE);
    options.put("seed", "1");
    options.put("drifts", "100");
    options.put("runs", "7");
    options.put("child-heap", "2g");
    options.put("out", "target/bench");
    for (int index = 0; index < args.length; index++) {
      String arg = args[index];
      if (!arg.startsWith("--") || !OPTIONS.contains(arg.substring(2))) {
        throw new IllegalArgumentException("unknown argument: \"" + arg + "\"");
      }
      String name = arg.substring(2);
      if (name.equals("fresh") || name.equals("child")) {
        options.put(name, "true");
      } else if (index + 1 < args.length) {
        options.put(name, args[++index]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return options;
  }

  // ---- the coordinating JVM: the two snapshots, then the measuring JVM ------------------------

  private static void coordinate(Map<String, String> options) throws Exception {
    Scale scale = Scale.parse(options.get("scale"));
    long seed = Long.parseLong(options.get("seed"));
    int drifts = Integer.parseInt(options.get("drifts"));
    Path out = Path.of(options.get("out"));
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
    Path data = out.resolve("drift-" + label);
    ObjectNode report = JSON.createObjectNode();
    report.set("machine", EvaluationBenchmark.machine());
    ObjectNode setup = report.putObject("setup");
    setup.put("scale", options.get("scale"));
    setup.put("seed", seed);
    setup.put("drifts_per_kind", drifts);
    setup.put("runs", Integer.parseInt(options.get("runs")));
    setup.put("child_heap", options.get("child-heap"));
    setup.put("data", data.toString());
    if (options.containsKey("fresh") || !isPrepared(data)) {
      log("making the two snapshots in %s", data);
      report.set("input", prepare(scale, seed, drifts, data));
      setup.put("input", "made");
    } else {
      log("reusing the two snapshots in %s (--fresh makes them again)", data);
      report.set("input", JSON.readTree(data.resolve("prepare.json").toFile()));
      setup.put("input", "reused");
    }

    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path result = out.resolve("drift-child-" + label + "-" + stamp + ".json");
    ObjectNode measured = report.putObject("measured");
    measured.put("load_average_before", EvaluationBenchmark.loadAverage());
    measured.setAll(runChild(options, data, result));
    measured.put("load_average_after", EvaluationBenchmark.loadAverage());
    Path json = out.resolve("drift-benchmark-" + label + "-" + stamp + ".json");
    Files.writeString(json, JSON.writeValueAsString(report));
    String markdown = summary(report);
    Files.writeString(out.resolve("drift-benchmark-" + label + "-" + stamp + ".md"), markdown);
    System.out.println(markdown);
    log("results in %s", json);
  }

  private static boolean isPrepared(Path data) {
    return Files.isRegularFile(data.resolve("prepare.json"))
        && Files.isRegularFile(data.resolve("before").resolve(SnapshotFiles.FILE_NAME))
        && Files.isRegularFile(data.resolve("after").resolve(SnapshotFiles.FILE_NAME));
  }

  /** Two scans of the same sandbox, the drift PATCHed in between, each written to its file. */
  private static ObjectNode prepare(Scale scale, long seed, int drifts, Path data)
      throws Exception {
    EvaluationEstate.deleteRecursively(data);
    Files.createDirectories(data);
    ObjectNode info = JSON.createObjectNode();
    info.put("prepared_at", Instant.now().toString());
    Estate estate =
        EstateLoader.fromDocument(ScaleEstateGenerator.generate(scale, seed), "scale estate");
    try (SandboxServer server =
        SandboxServer.start(SandboxOptions.of(estate).withRateLimits(false).withSeed(seed))) {
      URI host = server.host();
      CollectPlan plan =
          EvaluationEstate.unthrottled(host, EvaluationEstate.getJson(host, "/_sandbox/info"));
      Snapshot before =
          EvaluationEstate.collect(plan, "the first snapshot", info.putObject("before"));
      SnapshotFiles.write(data.resolve("before"), before);
      EvaluationEstate.DriftPatch patch =
          EvaluationEstate.DriftPatch.build(estate.document(), seed, drifts, Instant.now());
      EvaluationEstate.send(
          HttpRequest.newBuilder(host.resolve("/_sandbox/estate"))
              .method(
                  "PATCH",
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(patch.operations()))));
      info.set("drifts_by_kind", JSON.valueToTree(patch.countsByKind()));
      log("PATCHed %d drifts into the estate: %s", patch.operations().size(), patch.countsByKind());
      before = null; // the first snapshot is on disk; keep the heap for the second scan
      Snapshot after =
          EvaluationEstate.collect(plan, "the second snapshot", info.putObject("after"));
      SnapshotFiles.write(data.resolve("after"), after);
    }
    for (String side : List.of("before", "after")) {
      ((ObjectNode) info.path(side))
          .put("file_bytes", Files.size(data.resolve(side).resolve(SnapshotFiles.FILE_NAME)));
    }
    Files.writeString(data.resolve("prepare.json"), JSON.writeValueAsString(info));
    return info;
  }

  private static ObjectNode runChild(Map<String, String> options, Path data, Path result)
      throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx" + options.get("child-heap"),
                "-XX:+UseG1GC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                System.getProperty("java.class.path"),
                DriftBenchmark.class.getName(),
                "--child",
                "--data",
                data.toString(),
                "--runs",
                options.get("runs"),
                "--result",
                result.toString()));
    log("measuring in a JVM with -Xmx%s", options.get("child-heap"));
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the measuring JVM did not finish within 30 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the measuring JVM exited with " + process.exitValue());
    }
    return (ObjectNode) JSON.readTree(result.toFile());
  }

  // ---- the measuring JVM ----------------------------------------------------------------------

  private static void measure(Path data, int runs, Path resultFile) throws Exception {
    Path beforeFile = data.resolve("before").resolve(SnapshotFiles.FILE_NAME);
    Path afterFile = data.resolve("after").resolve(SnapshotFiles.FILE_NAME);
    ObjectNode result = JSON.createObjectNode();
    result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    ArrayNode rows = result.putArray("runs");
    for (int run = 1; run <= runs; run++) {
      ObjectNode row = rows.addObject();
      row.put("run", run);
      long start = System.nanoTime();
      Snapshot before = SnapshotFiles.read(beforeFile);
      row.put("load_before_millis", millisSince(start));
      start = System.nanoTime();
      Snapshot after = SnapshotFiles.read(afterFile);
      row.put("load_after_millis", millisSince(start));

      Snapshot inMemory = widenNumbers(after);
      // the collections the loads left behind are not the diff's to pay for
      System.gc();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      start = System.nanoTime();
      Drift drift = SnapshotDiff.compare(before, after);
      row.put("diff_millis", millisSince(start));
      row.put("diff_cpu_millis", (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);

      cpuStart = THREADS.getCurrentThreadCpuTime();
      start = System.nanoTime();
      Drift fromMemory = SnapshotDiff.compare(before, inMemory);
      row.put("diff_in_memory_after_millis", millisSince(start));
      row.put(
          "diff_in_memory_after_cpu_millis",
          (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
      if (!fromMemory.countsByKind().equals(drift.countsByKind())) {
        throw new IllegalStateException("the in-memory snapshot gave another drift");
      }
      fromMemory = null;
      inMemory = null;

      CountingStream bytes = new CountingStream();
      start = System.nanoTime();
      DriftJson.write(drift, bytes);
      row.put("json_millis", millisSince(start));
      row.put("json_bytes", bytes.count);
      start = System.nanoTime();
      DriftText.write(drift, Writer.nullWriter());
      row.put("text_millis", millisSince(start));

      if (run == 1) {
        result.put("resources_before", before.resources().size());
        result.put("resources_after", after.resources().size());
        result.put("coverage_rows", after.coverage().size());
        ObjectNode counts = result.putObject("changes_by_kind");
        for (Map.Entry<ChangeKind, Long> count : drift.countsByKind().entrySet()) {
          counts.put(count.getKey().label(), count.getValue());
        }
        result.put("groups", drift.groups().size());
        ArrayNode largest = result.putArray("largest_groups");
        drift.groups().stream()
            .sorted((left, right) -> right.places().size() - left.places().size())
            .limit(8)
            .forEach(
                group ->
                    largest
                        .addObject()
                        .put("places", group.places().size())
                        .put("summary", group.summary()));
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        result.put(
            "heap_used_with_both_snapshots_bytes", runtime.totalMemory() - runtime.freeMemory());
      }
      log(
          "run %d: load %d + %d ms, diff %d ms (cpu %d), in-memory second snapshot %d ms (cpu %d),"
              + " json %d ms, text %d ms, load average %.2f",
          run,
          row.path("load_before_millis").asLong(),
          row.path("load_after_millis").asLong(),
          row.path("diff_millis").asLong(),
          row.path("diff_cpu_millis").asLong(),
          row.path("diff_in_memory_after_millis").asLong(),
          row.path("diff_in_memory_after_cpu_millis").asLong(),
          row.path("json_millis").asLong(),
          row.path("text_millis").asLong(),
          EvaluationBenchmark.loadAverage());
      row.put("load_average", EvaluationBenchmark.loadAverage());
      // the next run loads both files again into an empty heap
      before = null;
      after = null;
      drift = null;
    }
    Files.writeString(resultFile, JSON.writeValueAsString(result));
  }

  /** The snapshot as a scan holds it before it is written: integral numbers as longs. */
  private static Snapshot widenNumbers(Snapshot snapshot) {
    List<Resource> widened = new ArrayList<>(snapshot.resources().size());
    for (Resource resource : snapshot.resources()) {
      widened.add(
          new Resource(
              resource.type(),
              resource.id(),
              resource.scope(),
              (ObjectNode) widen(resource.attributes())));
    }
    return new Snapshot(
        snapshot.schemaVersion(),
        snapshot.id(),
        snapshot.takenAt(),
        snapshot.contentHash(),
        snapshot.coverage(),
        widened,
        snapshot.stats());
  }

  private static JsonNode widen(JsonNode node) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node.isInt()) {
      return nodes.numberNode(node.longValue());
    }
    if (node.isObject()) {
      ObjectNode copy = nodes.objectNode();
      node.properties().forEach(field -> copy.set(field.getKey(), widen(field.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = nodes.arrayNode();
      node.forEach(element -> copy.add(widen(element)));
      return copy;
    }
    return node;
  }

  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }

  // ---- the report -----------------------------------------------------------------------------

  private static String summary(ObjectNode report) {
    JsonNode measured = report.path("measured");
    StringBuilder md = new StringBuilder();
    md.append("| run | load before ms | load after ms | diff ms | diff CPU ms |")
        .append(" diff, in-memory second ms | its CPU ms | json ms | text ms |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    List<String> columns =
        List.of(
            "load_before_millis",
            "load_after_millis",
            "diff_millis",
            "diff_cpu_millis",
            "diff_in_memory_after_millis",
            "diff_in_memory_after_cpu_millis",
            "json_millis",
            "text_millis");
    for (JsonNode row : measured.path("runs")) {
      md.append("| ").append(row.path("run").asInt());
      for (String column : columns) {
        md.append(" | ").append(row.path(column).asLong());
      }
      md.append(" |\n");
    }
    md.append("| median");
    for (String column : columns) {
      long[] values = new long[measured.path("runs").size()];
      for (int index = 0; index < values.length; index++) {
        values[index] = measured.path("runs").get(index).path(column).asLong();
      }
      Arrays.sort(values);
      md.append(" | ").append(values.length == 0 ? 0 : values[values.length / 2]);
    }
    md.append(" |\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "resources %d -> %d; changes %s in %d groups; drift JSON %d bytes; heap with both"
                + " snapshots %.0f MiB; load average %.2f -> %.2f%n",
            measured.path("resources_before").asLong(),
            measured.path("resources_after").asLong(),
            measured.path("changes_by_kind"),
            measured.path("groups").asLong(),
            measured.path("runs").path(0).path("json_bytes").asLong(),
            measured.path("heap_used_with_both_snapshots_bytes").asLong() / (double) (1L << 20),
            measured.path("load_average_before").asDouble(),
            measured.path("load_average_after").asDouble()));
    return md.toString();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void log(String format, Object... arguments) {
    EvaluationBenchmark.log(format, arguments);
  }
}
