package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.audit.EvaluationService;
import io.plumbline.baseline.BaselineComparator;
import io.plumbline.baseline.Baselines;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.export.report.ReportModel;
import io.plumbline.export.report.SnapshotSummary;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.FrameworkReferences;
import io.plumbline.policy.RuleFailure;
import io.plumbline.policy.Verdicts;
import io.plumbline.policy.Waivers;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.policy.facts.ResourceFact;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import io.plumbline.snapshot.SnapshotFiles;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * The evaluation benchmark (not a test: run it with {@code bench/run-evaluation-benchmark.sh}).
 * Judges a scale estate's snapshot against baselines accepted from that estate before a few hundred
 * drifts were PATCHed in ({@link EvaluationEstate}, made once and kept under {@code --out}), in a
 * JVM of its own with a bounded heap, and measures each step of {@code plumbline evaluate}:
 *
 * <ol>
 *   <li>the rule-base build ({@link DroolsPolicyEngine#load} of {@code rules/}), cold and again;
 *   <li>loading the policies (the accepted baselines, waivers, framework mappings);
 *   <li>then {@code --iterations} times in the same JVM, the first one cold: typed facts ({@link
 *       FactBuilder}), drift facts ({@link BaselineComparator}), rule firing, verdicts ({@link
 *       Verdicts}), waivers and the report model, and the four reports;
 *   <li>once more through {@link EvaluationService#evaluate} itself, end to end, to check that the
 *       phases add up to what the service does;
 *   <li>the live heap after each phase (full collection with everything still referenced).
 * </ol>
 *
 * The heap is watched throughout ({@link HeapWatch}). Results go to stdout (Markdown) and to {@code
 * --out} (JSON and Markdown).
 *
 * <pre>
 * EvaluationBenchmark [--scale workspaces=200,groups=2000,users=20000] [--seed 1] [--drifts 100]
 *                     [--iterations 5] [--rule-builds 2] [--child-heap 1g] [--rules rules]
 *                     [--reports all] [--out target/bench] [--fresh] [--histograms]
 *                     [--child-jvm-options "-XX:StartFlightRecording=filename=eval.jfr"]
 * </pre>
 */
public final class EvaluationBenchmark {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration CHILD_TIME_LIMIT = Duration.ofMinutes(30);
  private static final List<String> PHASES = List.of("facts", "drift", "fire", "verdicts", "judge");
  private static final List<String> FLAGS = List.of("fresh", "histograms");

  private EvaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    if (options.containsKey("child")) {
      runChild(options);
      return;
    }
    coordinate(options);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("scale", ScanBenchmark.DEFAULT_SCALE);
    options.put("seed", "1");
    options.put("drifts", "100");
    options.put("iterations", "5");
    options.put("rule-builds", "2");
    options.put("child-heap", "1g");
    options.put("rules", "rules");
    options.put("reports", "all");
    options.put("out", "target/bench");
    for (int index = 0; index < args.length; index++) {
      String arg = args[index];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: \"" + arg + "\"");
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (FLAGS.contains(name)) {
        value = "true";
      } else if (index + 1 < args.length) {
        value = args[++index];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      if (!List.of(
              "scale",
              "seed",
              "drifts",
              "iterations",
              "rule-builds",
              "child-heap",
              "rules",
              "reports",
              "out",
              "fresh",
              "histograms",
              "child-jvm-options",
              "child",
              "data",
              "result")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option: --" + name);
      }
      options.put(name, value);
    }
    return options;
  }

  // ---- the coordinating JVM: input, child, report ---------------------------------------------

  private static void coordinate(Map<String, String> options) throws Exception {
    Scale scale = Scale.parse(options.get("scale"));
    long seed = Long.parseLong(options.get("seed"));
    int drifts = Integer.parseInt(options.get("drifts"));
    Path out = Path.of(options.get("out"));
    Files.createDirectories(out);
    String estateLabel =
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
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path data = out.resolve("evaluation-" + estateLabel);

    ObjectNode report = JSON.createObjectNode();
    report.set("machine", machine());
    ObjectNode setup = report.putObject("setup");
    setup.put("scale", options.get("scale"));
    setup.put("seed", seed);
    setup.put("drifts_per_kind", drifts);
    setup.put("iterations", Integer.parseInt(options.get("iterations")));
    setup.put("child_heap", options.get("child-heap"));
    setup.put("rules", options.get("rules"));
    setup.put("data", data.toString());

    ObjectNode prepared;
    if (!options.containsKey("fresh") && EvaluationEstate.isPrepared(data)) {
      prepared = EvaluationEstate.read(data);
      setup.put("input", "reused");
      log("reusing the snapshot and baselines in %s (--fresh makes them again)", data);
    } else {
      log("making the snapshot and baselines in %s", data);
      prepared =
          EvaluationEstate.prepare(
              scale, seed, drifts, data, Path.of("policies").resolve("frameworks"));
      setup.put("input", "made");
    }
    report.set("input", prepared);

    ObjectNode result = report.putObject("evaluation");
    result.put("load_average_before", loadAverage());
    result.setAll(runChildJvm(options, data, out, estateLabel + "-" + stamp));
    result.put("load_average_after", loadAverage());

    String markdown = summary(report);
    Path json = out.resolve("evaluation-benchmark-" + estateLabel + "-" + stamp + ".json");
    Path md = out.resolve("evaluation-benchmark-" + estateLabel + "-" + stamp + ".md");
    Files.writeString(json, JSON.writeValueAsString(report));
    Files.writeString(md, markdown);
    System.out.println();
    System.out.println(markdown);
    log("results in %s and %s", json, md);
  }

  private static ObjectNode runChildJvm(
      Map<String, String> options, Path data, Path out, String label) throws Exception {
    Path result = out.resolve("evaluation-child-" + label + ".json");
    Path gcLog = out.resolve("gc-evaluation-" + label + ".log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + options.get("child-heap"));
    command.add("-XX:+UseG1GC");
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    String extra = options.getOrDefault("child-jvm-options", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EvaluationBenchmark.class.getName());
    command.add("--child");
    command.add("evaluate");
    for (String name : List.of("iterations", "rule-builds", "rules", "reports")) {
      command.add("--" + name);
      command.add(options.get(name));
    }
    command.add("--data");
    command.add(data.toString());
    command.add("--out");
    command.add(out.toString());
    command.add("--result");
    command.add(result.toString());
    if (options.containsKey("histograms")) {
      command.add("--histograms");
    }
    log(
        "starting the evaluation in a JVM with -Xmx%s (GC log %s)",
        options.get("child-heap"), gcLog);
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(CHILD_TIME_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the evaluation did not finish within " + CHILD_TIME_LIMIT);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("the evaluation's JVM exited with " + process.exitValue());
    }
    ObjectNode reported = (ObjectNode) JSON.readTree(result.toFile());
    reported.put("gc_log", gcLog.toString());
    return reported;
  }

  // ---- the evaluating JVM ---------------------------------------------------------------------

  private static void runChild(Map<String, String> options) throws Exception {
    Path data = Path.of(required(options, "data"));
    Path rules = Path.of(options.get("rules"));
    Path policies = data.resolve("policies");
    Path reports = Path.of(options.get("out")).resolve("evaluation-reports");
    int iterations = Integer.parseInt(options.get("iterations"));
    int ruleBuilds = Integer.parseInt(options.get("rule-builds"));
    Set<ReportFormat> formats =
        options.get("reports").equals("none")
            ? EnumSet.noneOf(ReportFormat.class)
            : ReportFormat.parseList(options.get("reports"));
    ObjectNode result = JSON.createObjectNode();
    result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());

    // load: what `evaluate` reads before it judges anything
    ObjectNode load = result.putObject("load");
    Snapshot snapshot;
    DroolsPolicyEngine engine = null;
    EvaluationService.Prepared prepared;
    try (HeapWatch watch = HeapWatch.start()) {
      long start = System.nanoTime();
      snapshot = SnapshotFiles.read(data.resolve(SnapshotFiles.FILE_NAME));
      load.put("snapshot_read_millis", millisSince(start));
      load.put("resources", snapshot.resources().size());
      log("snapshot read: %d resources in %d ms", snapshot.resources().size(), millisSince(start));
      ArrayNode builds = load.putArray("rule_build_millis");
      for (int build = 0; build < ruleBuilds; build++) {
        start = System.nanoTime();
        engine = DroolsPolicyEngine.load(rules);
        builds.add(millisSince(start));
        log(
            "rule base %d: %d rules built in %d ms",
            build + 1, engine.rules().size(), millisSince(start));
      }
      load.put("rules", engine.rules().size());
      start = System.nanoTime();
      Baselines baselines = Baselines.load(policies);
      load.put("baselines_load_millis", millisSince(start));
      load.put("baseline_files", baselines.sources().size());
      start = System.nanoTime();
      Waivers waivers = Waivers.load(policies);
      Map<String, List<String>> frameworks = FrameworkReferences.load(policies);
      load.put("waivers_frameworks_load_millis", millisSince(start));
      log(
          "policies: %d baseline files in %d ms",
          baselines.sources().size(), load.path("baselines_load_millis").asLong());
      prepared =
          new EvaluationService.Prepared(
              engine,
              rules.toString(),
              Optional.of(policies),
              baselines,
              waivers,
              frameworks,
              EvaluationService.Options.defaults());
      load.set("heap", watch.report());
    }

    ArrayNode runs = result.putArray("iterations");
    for (int iteration = 1; iteration <= iterations; iteration++) {
      ObjectNode run = runs.addObject();
      run.put("iteration", iteration);
      run.put("load_average_before", loadAverage());
      timedEvaluation(prepared, snapshot, formats, reports, run, iteration == 1);
      run.put("load_average_after", loadAverage());
      log(
          "iteration %d: evaluation peak heap %.0f MiB; reports json / csv / sarif / html %s",
          iteration, mebibytes(run.path("heap").path("peak_used_sampled_bytes")), reportCells(run));
    }

    // the service itself, end to end: the phases above must add up to this
    ObjectNode service = result.putObject("service");
    service.put("load_average_before", loadAverage());
    ReportModel model;
    try (HeapWatch watch = HeapWatch.start()) {
      EvaluationService evaluate =
          new EvaluationService(Clock.systemUTC(), "bench", Path.of("").toAbsolutePath());
      long start = System.nanoTime();
      model = evaluate.evaluate(prepared, snapshot);
      service.put("evaluation_millis", millisSince(start));
      service.set("findings_by_verdict", JSON.valueToTree(model.evaluation().countsByVerdict()));
      service.set("heap", watch.report());
    }
    writeReports(model, reports, formats, service);
    model = null; // the live-heap pass below starts without it
    service.put("load_average_after", loadAverage());
    log(
        "EvaluationService.evaluate: %d ms, reports %d ms",
        service.path("evaluation_millis").asLong(), service.path("reports_millis").asLong());

    Path histograms = options.containsKey("histograms") ? Path.of(options.get("out")) : null;
    result.set("live_heap", liveHeap(prepared, snapshot, histograms));
    Files.writeString(Path.of(required(options, "result")), JSON.writeValueAsString(result));
  }

  /** One evaluation, phase by phase, as {@link EvaluationService#evaluate} does it. */
  private static void timedEvaluation(
      EvaluationService.Prepared prepared,
      Snapshot snapshot,
      Set<ReportFormat> formats,
      Path reports,
      ObjectNode run,
      boolean describe)
      throws Exception {
    ObjectNode phases = run.putObject("phases_millis");
    ObjectNode gc = run.putObject("gc_millis");
    long cpuStart = processCpuNanos();
    ReportModel model;
    try (HeapWatch watch = HeapWatch.start()) {
      long evaluationStart = System.nanoTime();
      Phase phase = new Phase(phases, gc);
      List<Fact> facts = new ArrayList<>(FactBuilder.facts(snapshot, snapshot.takenAt()));
      int typedFacts = facts.size();
      phase.end("facts");
      List<Fact> drift = BaselineComparator.driftFacts(snapshot, prepared.baselines());
      facts.addAll(drift);
      phase.end("drift");
      List<RuleFailure> failures = prepared.engine().run(facts);
      phase.end("fire");
      List<Finding> computed = Verdicts.compute(prepared.engine().rules(), snapshot, failures);
      phase.end("verdicts");
      Evaluation evaluation = new Evaluation(computed, prepared.engine().rules());
      Instant now = Instant.now();
      Waivers.Result waived =
          prepared.waivers().apply(evaluation.findings(), now, prepared.options().expiryWarning());
      Evaluation judged = new Evaluation(waived.findings(), evaluation.rules());
      model =
          new ReportModel(
              "bench",
              now,
              SnapshotSummary.of(snapshot),
              judged,
              waived.statuses(),
              prepared.frameworks(),
              prepared.options().failOn(),
              prepared.rulePack());
      phase.end("judge");
      run.put("evaluation_millis", millisSince(evaluationStart));
      log(
          "evaluation %d: %d ms (%s), %d findings",
          run.path("iteration").asInt(),
          run.path("evaluation_millis").asLong(),
          phaseText(run),
          judged.findings().size());

      run.put("cpu_millis", (processCpuNanos() - cpuStart) / 1_000_000);
      run.put("facts", facts.size());
      run.put("typed_facts", typedFacts);
      run.put("drift_facts", drift.size());
      run.put("rule_failures", failures.size());
      run.put("findings", judged.findings().size());
      run.set("findings_by_verdict", JSON.valueToTree(judged.countsByVerdict()));
      if (describe) {
        run.set("drift_facts_by_kind", EvaluationEstate.driftSummary(drift));
        run.set("facts_by_class", JSON.valueToTree(countByClass(facts)));
        run.set("fail_by_rule", JSON.valueToTree(failsByRule(judged)));
        run.set("fail_by_severity", JSON.valueToTree(failsBySeverity(judged)));
      }
      // the findings and the model are still referenced: their size counts
      run.set("heap", watch.report());
    }
    writeReports(model, reports, formats, run);
  }

  /**
   * Writes each report on its own (as {@link ReportFormat#writeAll} does, one format at a time) and
   * times it. A writer that runs out of heap is recorded and the others still run: its buffers are
   * unreachable once it has thrown.
   */
  private static void writeReports(
      ReportModel model, Path reports, Set<ReportFormat> formats, ObjectNode run) throws Exception {
    ObjectNode millis = run.putObject("reports_by_format_millis");
    ObjectNode bytes = run.putObject("reports_by_format_bytes");
    ObjectNode peaks = run.putObject("reports_by_format_peak_heap_bytes");
    ObjectNode failed = run.putObject("reports_failed");
    long total = 0;
    for (ReportFormat format : formats) {
      try (HeapWatch watch = HeapWatch.start()) {
        Files.deleteIfExists(reports.resolve(format.fileName())); // no stale file if this fails
        long start = System.nanoTime();
        try {
          List<Path> written = ReportFormat.writeAll(model, reports, EnumSet.of(format));
          bytes.put(format.label(), Files.size(written.get(0)));
        } catch (OutOfMemoryError e) {
          failed.put(format.label(), e.toString());
          log("the %s report ran out of heap: %s", format.label(), e);
          Files.deleteIfExists(reports.resolve(format.fileName() + ".partial"));
        }
        long elapsed = millisSince(start);
        millis.put(format.label(), elapsed);
        total += elapsed;
        peaks.put(format.label(), watch.report().path("peak_used_sampled_bytes").asLong());
      }
    }
    run.put("reports_millis", total);
  }

  /** Times consecutive phases and the GC time spent in each. */
  private static final class Phase {
    private final ObjectNode millis;
    private final ObjectNode gc;
    private long start = System.nanoTime();
    private long gcStart = gcMillis();

    Phase(ObjectNode millis, ObjectNode gc) {
      this.millis = millis;
      this.gc = gc;
    }

    void end(String name) {
      long now = System.nanoTime();
      long gcNow = gcMillis();
      millis.put(name, (now - start) / 1_000_000);
      gc.put(name, gcNow - gcStart);
      start = now;
      gcStart = gcNow;
    }
  }

  /**
   * The live heap after each phase: a full collection with everything the evaluation holds so far
   * still referenced. Not timed (the collections would distort the times).
   */
  private static ObjectNode liveHeap(
      EvaluationService.Prepared prepared, Snapshot snapshot, Path histograms) throws Exception {
    ObjectNode live = JSON.createObjectNode();
    live.put("before", liveBytes());
    histogram(histograms, "before");
    List<Fact> facts = new ArrayList<>(FactBuilder.facts(snapshot, snapshot.takenAt()));
    live.put("after_facts", liveBytes());
    facts.addAll(BaselineComparator.driftFacts(snapshot, prepared.baselines()));
    live.put("after_drift", liveBytes());
    List<RuleFailure> failures = prepared.engine().run(facts);
    live.put("after_fire", liveBytes());
    List<Finding> computed = Verdicts.compute(prepared.engine().rules(), snapshot, failures);
    live.put("after_verdicts", liveBytes());
    histogram(histograms, "after-verdicts");
    Evaluation evaluation = new Evaluation(computed, prepared.engine().rules());
    live.put("after_judge", liveBytes());
    live.put("findings", evaluation.findings().size());
    Reference.reachabilityFence(facts);
    Reference.reachabilityFence(failures);
    Reference.reachabilityFence(computed);
    return live;
  }

  /** {@code jcmd GC.class_histogram} of this JVM into {@code directory}, when one is given. */
  private static void histogram(Path directory, String name) throws Exception {
    if (directory == null) {
      return;
    }
    Object text =
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    Path file = directory.resolve("evaluation-histogram-" + name + ".txt");
    Files.writeString(file, String.valueOf(text));
    log("class histogram %s in %s", name, file);
  }

  private static long liveBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Map<String, Long> countByClass(List<Fact> facts) {
    Map<String, Long> counts = new TreeMap<>();
    facts.forEach(
        fact ->
            counts.merge(
                fact instanceof ResourceFact declared
                    ? declared.factType()
                    : fact.getClass().getSimpleName(),
                1L,
                Long::sum));
    return counts;
  }

  private static Map<String, Long> failsByRule(Evaluation evaluation) {
    Map<String, Long> counts = new TreeMap<>();
    evaluation
        .withVerdict(Verdict.FAIL)
        .forEach(finding -> counts.merge(finding.ruleId(), 1L, Long::sum));
    return counts;
  }

  private static Map<Severity, Long> failsBySeverity(Evaluation evaluation) {
    Map<Severity, Long> counts = new TreeMap<>();
    evaluation
        .withVerdict(Verdict.FAIL)
        .forEach(finding -> counts.merge(finding.severity(), 1L, Long::sum));
    return counts;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  // ---- report ---------------------------------------------------------------------------------

  private static String summary(JsonNode report) {
    StringBuilder text = new StringBuilder();
    JsonNode setup = report.path("setup");
    JsonNode machine = report.path("machine");
    JsonNode input = report.path("input");
    JsonNode result = report.path("evaluation");
    JsonNode load = result.path("load");
    text.append(
        String.format(
            Locale.ROOT,
            "scale %s (seed %d): %d resources in the drifted snapshot; %d baseline files (%.1f MiB)"
                + " accepted from the undrifted one (%d drift facts against it); drifts PATCHed:"
                + " %s; input %s%n",
            setup.path("scale").asText(),
            setup.path("seed").asLong(),
            input.path("snapshot").path("resources").asLong(),
            input.path("baselines").path("files").asLong(),
            mebibytes(input.path("baselines").path("bytes")),
            input.path("baselines").path("drift_facts_against_accepted_snapshot").asLong(),
            input.path("drifts").path("by_kind").toString(),
            setup.path("input").asText()));
    text.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, %.1f GiB, %s; evaluation JVM -Xmx%s; load average at start %.2f%n%n",
            machine.path("processors").asInt(),
            machine.path("memory_bytes").asLong() / (double) (1L << 30),
            machine.path("java").asText(),
            setup.path("child_heap").asText(),
            machine.path("load_average_at_start").asDouble()));

    text.append(
        String.format(
            Locale.ROOT,
            "load: snapshot read %d ms; rule base (%d rules) %s ms; baselines %d ms; waivers and"
                + " frameworks %d ms; peak heap %.0f MiB, retained %.0f MiB%n%n",
            load.path("snapshot_read_millis").asLong(),
            load.path("rules").asLong(),
            load.path("rule_build_millis").toString(),
            load.path("baselines_load_millis").asLong(),
            load.path("waivers_frameworks_load_millis").asLong(),
            mebibytes(load.path("heap").path("peak_used_sampled_bytes")),
            mebibytes(load.path("heap").path("retained_after_full_gc_bytes"))));

    text.append(
        "| run | facts (ms) | drift (ms) | fire (ms) | verdicts (ms) | judge (ms) | **evaluation (s)**"
            + " | GC in evaluation (ms) | CPU in evaluation (s) | evaluation peak heap used / pool"
            + " peaks / retained (MiB) | reports json / csv / sarif / html: ms (peak heap used, MiB)"
            + " | load before/after |\n");
    text.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
    for (JsonNode run : result.path("iterations")) {
      JsonNode phases = run.path("phases_millis");
      long gcTotal = 0;
      for (String phase : PHASES) {
        gcTotal += run.path("gc_millis").path(phase).asLong();
      }
      text.append(
          String.format(
              Locale.ROOT,
              "| %d%s | %d | %d | %d | %d | %d | **%.2f** | %d | %.1f | %.0f / %.0f / %.0f | %s |"
                  + " %.2f / %.2f |%n",
              run.path("iteration").asInt(),
              run.path("iteration").asInt() == 1 ? " (cold)" : "",
              phases.path("facts").asLong(),
              phases.path("drift").asLong(),
              phases.path("fire").asLong(),
              phases.path("verdicts").asLong(),
              phases.path("judge").asLong(),
              run.path("evaluation_millis").asLong() / 1000.0,
              gcTotal,
              run.path("cpu_millis").asLong() / 1000.0,
              mebibytes(run.path("heap").path("peak_used_sampled_bytes")),
              mebibytes(run.path("heap").path("peak_used_pool_sum_bytes")),
              mebibytes(run.path("heap").path("retained_after_full_gc_bytes")),
              reportCells(run),
              run.path("load_average_before").asDouble(),
              run.path("load_average_after").asDouble()));
    }
    JsonNode service = result.path("service");
    text.append(
        String.format(
            Locale.ROOT,
            "%nEvaluationService.evaluate end to end: %.2f s, peak heap %.0f MiB; then reports"
                + " json / csv / sarif / html %s (load %.2f / %.2f)%n",
            service.path("evaluation_millis").asLong() / 1000.0,
            mebibytes(service.path("heap").path("peak_used_sampled_bytes")),
            reportCells(service),
            service.path("load_average_before").asDouble(),
            service.path("load_average_after").asDouble()));
    JsonNode live = result.path("live_heap");
    text.append(
        String.format(
            Locale.ROOT,
            "live heap (MiB, after a full GC): before %.0f, facts %.0f, drift %.0f, fire %.0f,"
                + " verdicts %.0f, judge %.0f%n",
            mebibytes(live.path("before")),
            mebibytes(live.path("after_facts")),
            mebibytes(live.path("after_drift")),
            mebibytes(live.path("after_fire")),
            mebibytes(live.path("after_verdicts")),
            mebibytes(live.path("after_judge"))));

    JsonNode first = result.path("iterations").path(0);
    text.append(
        String.format(
            Locale.ROOT,
            "%nfacts %d (typed %d, drift %d), rule failures %d, findings %d: %s%n",
            first.path("facts").asLong(),
            first.path("typed_facts").asLong(),
            first.path("drift_facts").asLong(),
            first.path("rule_failures").asLong(),
            first.path("findings").asLong(),
            first.path("findings_by_verdict").toString()));
    text.append("FAIL by severity: " + first.path("fail_by_severity") + "\n");
    text.append("FAIL by rule: " + first.path("fail_by_rule") + "\n");
    text.append("drift facts by kind: " + first.path("drift_facts_by_kind") + "\n");
    text.append("facts by class: " + first.path("facts_by_class") + "\n");
    text.append("report sizes (bytes): " + first.path("reports_by_format_bytes") + "\n");
    if (first.path("reports_failed").size() > 0) {
      text.append("reports that failed: " + first.path("reports_failed") + "\n");
    }
    return text.toString();
  }

  /** "ms (peak MiB)" of each report format, OOM when it ran out of heap. */
  private static String reportCells(JsonNode run) {
    List<String> cells = new ArrayList<>();
    for (String format : List.of("json", "csv", "sarif", "html")) {
      JsonNode millis = run.path("reports_by_format_millis").path(format);
      cells.add(
          millis.isMissingNode()
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%d (%.0f)%s",
                  millis.asLong(),
                  mebibytes(run.path("reports_by_format_peak_heap_bytes").path(format)),
                  run.path("reports_failed").has(format) ? " OOM" : ""));
    }
    return String.join(" / ", cells);
  }

  private static String phaseText(JsonNode run) {
    List<String> parts = new ArrayList<>();
    for (String phase : PHASES) {
      parts.add(phase + " " + run.path("phases_millis").path(phase).asLong());
    }
    return String.join(", ", parts);
  }

  // ---- helpers --------------------------------------------------------------------------------

  static ObjectNode machine() {
    ObjectNode machine = JSON.createObjectNode();
    machine.put("processors", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      machine.put("memory_bytes", os.getTotalMemorySize());
    }
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put(
        "java",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    machine.put("load_average_at_start", loadAverage());
    return machine;
  }

  static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
        / 100.0;
  }

  private static double mebibytes(JsonNode bytes) {
    return bytes.asLong() / (double) (1L << 20);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  static void log(String format, Object... arguments) {
    System.err.printf(
        Locale.ROOT,
        "[bench %s] %s%n",
        DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now()),
        String.format(Locale.ROOT, format, arguments));
  }
}
