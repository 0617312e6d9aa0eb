package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.audit.ScanService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ScanProgress;
import io.plumbline.model.Coverage;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.sandbox.ScaleEstateGenerator;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scan benchmark (not a test: run it with {@code bench/run-scan-benchmark.sh}). Serves a scale
 * estate from a sandbox in this JVM, with injected latency on every call and the published rate
 * limits enforced, then scans it twice, each scan in its own JVM with a bounded heap:
 *
 * <ol>
 *   <li>plumbline: {@link ScanService#collect} with {@link CollectPlan#forSandbox} and the default
 *       settings, its peak heap watched;
 *   <li>naive: {@link NaiveSequentialScan}, one thread, the plain SDK, no client-side limiter.
 * </ol>
 *
 * Between them the sandbox is reset (request counts cleared, rate-limit buckets full again). From
 * the sandbox's request counts after the plumbline scan it works out the floor the rate limits set,
 * and it compares the two scans' calls endpoint by endpoint. Results go to stdout (a Markdown
 * summary) and to {@code --out} (JSON and Markdown).
 *
 * <pre>
 * ScanBenchmark [--scale workspaces=200,groups=2000,users=20000] [--seed 1] [--latency-ms 20]
 *               [--child-heap 1g] [--scans plumbline,naive] [--out target/bench]
 * </pre>
 */
public final class ScanBenchmark {

  static final String DEFAULT_SCALE = "workspaces=200,groups=2000,users=20000";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration CHILD_TIME_LIMIT = Duration.ofMinutes(45);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private ScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String child = options.get("child");
    if (child != null) {
      runChild(child, options);
      return;
    }
    coordinate(options);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("scale", DEFAULT_SCALE);
    options.put("seed", "1");
    options.put("latency-ms", "20");
    options.put("child-heap", "1g");
    options.put("scans", "plumbline,naive");
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
      } else if (index + 1 < args.length) {
        value = args[++index];
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      if (!List.of(
              "scale",
              "seed",
              "latency-ms",
              "child-heap",
              "scans",
              "out",
              "child",
              "sandbox",
              "result")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option: --" + name);
      }
      options.put(name, value);
    }
    return options;
  }

  // ---- the coordinating JVM: sandbox, children, floor, report ---------------------------------

  private static void coordinate(Map<String, String> options) throws Exception {
    Scale scale = Scale.parse(options.get("scale"));
    long seed = Long.parseLong(options.get("seed"));
    long latency = Long.parseLong(options.get("latency-ms"));
    List<String> scans = List.of(options.get("scans").split(","));
    Path out = Path.of(options.get("out"));
    Files.createDirectories(out);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    String label =
        "w" + scale.workspaces() + "-g" + scale.groups() + "-u" + scale.users() + "-" + stamp;

    ObjectNode report = JSON.createObjectNode();
    report.set("machine", machine());
    ObjectNode setup = report.putObject("setup");
    setup.put("scale", options.get("scale"));
    setup.put("seed", seed);
    setup.put("latency_ms", latency);
    setup.put("child_heap", options.get("child-heap"));

    long generateStart = System.nanoTime();
    Estate estate =
        EstateLoader.fromDocument(ScaleEstateGenerator.generate(scale, seed), "scale estate");
    setup.put("estate_millis", (System.nanoTime() - generateStart) / 1_000_000);
    log(
        "estate %s generated and loaded in %d ms",
        options.get("scale"), setup.path("estate_millis").asLong());

    ObjectNode faults = JSON.createObjectNode();
    ArrayNode faultList = faults.putArray("faults");
    faultList.addObject().put("match", "/**").put("latency_ms", latency);
    faultList.addObject().put("match", "/iam/**").put("latency_ms", latency);
    setup.set("faults", faults);

    try (SandboxServer server =
        SandboxServer.start(SandboxOptions.of(estate).withFaults(faults).withSeed(seed))) {
      URI host = server.host();
      int workspaces = server.sandbox().info().path("workspaces").size();
      setup.put("workspaces_served", workspaces);
      setup.put("account_groups", estate.document().path("groups").size());
      log("sandbox on %s, %d workspaces, rate limits enforced", host, workspaces);

      Map<String, RateFloor.Counts> countsByScan = new LinkedHashMap<>();
      ObjectNode results = report.putObject("scans");
      for (String scan : scans) {
        post(host, "/_sandbox/reset");
        ObjectNode result = results.putObject(scan);
        result.put("load_average_before", loadAverage());
        ObjectNode child = runChildJvm(scan, host, out, label, options.get("child-heap"));
        result.setAll(child);
        result.put("load_average_after", loadAverage());
        RateFloor.Counts counts = RateFloor.Counts.of(getJson(host, "/_sandbox/requests"));
        countsByScan.put(scan, counts);
        result.put("sandbox_requests", counts.total());
        result.put("sandbox_answered", counts.answered());
        result.put("sandbox_429", counts.throttled());
        result.set("sandbox_requests_by_endpoint", JSON.valueToTree(counts.byEndpoint()));
        log(
            "%s: %.1f s, %d requests, %d answered 429",
            scan, result.path("scan_millis").asLong() / 1000.0, counts.total(), counts.throttled());
      }

      RateFloor.Counts reference =
          countsByScan.getOrDefault("plumbline", countsByScan.values().iterator().next());
      // the first list page before the first GET by id, and the last GET's answer
      double chainSeconds = 2 * latency / 1000.0;
      report.set("floor", RateFloor.floor(reference, workspaces, chainSeconds));
      if (countsByScan.containsKey("plumbline") && countsByScan.containsKey("naive")) {
        report.set(
            "calls_compared",
            RateFloor.compare(
                countsByScan.get("plumbline"),
                countsByScan.get("naive"),
                List.of("plumbline", "naive")));
      }
    }

    String markdown = summary(report);
    Path json = out.resolve("scan-benchmark-" + label + ".json");
    Path md = out.resolve("scan-benchmark-" + label + ".md");
    Files.writeString(json, JSON.writeValueAsString(report));
    Files.writeString(md, markdown);
    System.out.println();
    System.out.println(markdown);
    log("results in %s and %s", json, md);
  }

  private static ObjectNode machine() {
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

  private static double loadAverage() {
    return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
        / 100.0;
  }

  /** Runs one scan in a JVM of its own with a bounded heap and returns what it reported. */
  private static ObjectNode runChildJvm(String scan, URI host, Path out, String label, String heap)
      throws Exception {
    Path result = out.resolve("scan-" + scan + "-" + label + ".json");
    Path gcLog = out.resolve("gc-" + scan + "-" + label + ".log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScanBenchmark.class.getName());
    command.add("--child");
    command.add(scan);
    command.add("--sandbox");
    command.add(host.toString());
    command.add("--result");
    command.add(result.toString());
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    // the SDK must not pick up the environment's Databricks or AWS settings
    builder.environment().keySet().removeIf(key -> key.startsWith("DATABRICKS_"));
    builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
    builder
        .environment()
        .put("DATABRICKS_CONFIG_FILE", "/nonexistent/plumbline-bench-databrickscfg");
    log("starting the %s scan in a JVM with -Xmx%s (GC log %s)", scan, heap, gcLog);
    Process process = builder.start();
    if (!process.waitFor(CHILD_TIME_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the " + scan + " scan did not finish within " + CHILD_TIME_LIMIT);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "the " + scan + " scan's JVM exited with " + process.exitValue());
    }
    ObjectNode reported = (ObjectNode) JSON.readTree(result.toFile());
    reported.put("gc_log", gcLog.toString());
    return reported;
  }

  // ---- the scanning JVMs ------------------------------------------------------------------------

  private static void runChild(String scan, Map<String, String> options) throws Exception {
    URI host = URI.create(required(options, "sandbox"));
    Path resultFile = Path.of(required(options, "result"));
    JsonNode info = getJson(host, "/_sandbox/info");
    ObjectNode result =
        switch (scan) {
          case "plumbline" -> plumbline(host, info);
          case "naive" -> naive(host, info);
          default -> throw new IllegalArgumentException("unknown scan: \"" + scan + "\"");
        };
    Files.writeString(resultFile, JSON.writeValueAsString(result));
  }

  private static ObjectNode plumbline(URI host, JsonNode info) {
    CollectPlan plan =
        CollectPlan.forSandbox(
            host, info, CollectionRun.Settings.defaults(), Duration.ofSeconds(30));
    AtomicReference<ScanProgress.Snapshot> latest = new AtomicReference<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    ticker.scheduleAtFixedRate(
        () -> {
          ScanProgress.Snapshot now = latest.get();
          if (now != null) {
            log(
                "plumbline %5.1f s: %s, workspaces %d/%d, reads %d/%d, %d calls, %d throttled",
                (System.nanoTime() - start) / 1e9,
                now.phase(),
                now.workspacesDone(),
                now.workspacesTotal(),
                now.readsDone(),
                now.readsScheduled(),
                now.apiCalls(),
                now.throttled());
          }
        },
        PROGRESS_EVERY.toMillis(),
        PROGRESS_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    Snapshot snapshot;
    ObjectNode heap;
    long scanNanos;
    try (HeapWatch watch = HeapWatch.start()) {
      snapshot = new ScanService().collect(plan, latest::set);
      scanNanos = System.nanoTime() - start;
      heap = watch.report(); // the snapshot is still referenced: its size counts
    } finally {
      ticker.shutdownNow();
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("scan_millis", scanNanos / 1_000_000);
    result.put("collection_millis", snapshot.stats().duration().toMillis());
    result.put("api_calls", snapshot.stats().apiCalls());
    result.put("retries", snapshot.stats().retries());
    result.put("throttled", snapshot.stats().throttled());
    result.put("resources", snapshot.resources().size());
    result.put("coverage_rows", snapshot.coverage().size());
    List<Coverage> failed = snapshot.failedCoverage();
    result.put("failed_coverage_rows", failed.size());
    ArrayNode failures = result.putArray("failed_coverage_sample");
    failed.stream()
        .limit(10)
        .forEach(
            row ->
                failures.add(
                    row.scope() + " " + row.resourceType() + ": " + row.reason().orElse(null)));
    result.set("calls_by_api_and_status", JSON.valueToTree(snapshot.stats().callsByApiAndStatus()));
    result.set("heap", heap);
    return result;
  }

  private static ObjectNode naive(URI host, JsonNode info) {
    String iam = info.path("iam_endpoint").asText("");
    NaiveSequentialScan scan =
        new NaiveSequentialScan(
            host,
            info.path("account_id").asText(),
            info.path("token").asText(),
            iam.isEmpty() ? Optional.empty() : Optional.of(URI.create(iam)));
    NaiveSequentialScan.Result outcome;
    ObjectNode heap;
    try (HeapWatch watch = HeapWatch.start()) {
      outcome = scan.run();
      heap = watch.report();
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("scan_millis", outcome.duration().toMillis());
    result.put("group_gets_millis", outcome.groupGets().toMillis());
    result.put("workspace_phase_millis", outcome.workspacePhase().toMillis());
    result.put("iam_phase_millis", outcome.iamPhase().toMillis());
    result.put("workspaces", outcome.workspaces());
    result.put("account_groups", outcome.accountGroups());
    result.put("items", outcome.items());
    result.put("sdk_calls", outcome.calls());
    result.put("calls_tried_again", outcome.retriedCalls());
    result.put("failures", outcome.failures().size());
    ArrayNode failures = result.putArray("failure_sample");
    outcome.failures().stream().limit(10).forEach(failures::add);
    result.set("heap", heap);
    return result;
  }

  // ---- report ---------------------------------------------------------------------------------

  private static String summary(JsonNode report) {
    StringBuilder text = new StringBuilder();
    JsonNode setup = report.path("setup");
    JsonNode machine = report.path("machine");
    text.append(
        String.format(
            Locale.ROOT,
            "scale %s (seed %d), %d ms latency per call, published rate limits enforced%n",
            setup.path("scale").asText(),
            setup.path("seed").asLong(),
            setup.path("latency_ms").asLong()));
    text.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, %.1f GiB, %s; load average at start %.2f%n%n",
            machine.path("processors").asInt(),
            machine.path("memory_bytes").asLong() / (double) (1L << 30),
            machine.path("java").asText(),
            machine.path("load_average_at_start").asDouble()));

    JsonNode floor = report.path("floor");
    double floorSeconds = floor.path("floor_seconds").asDouble();
    text.append("| family | scope | rate/s | calls | 429s | seconds |\n");
    text.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    for (JsonNode family : floor.path("families")) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %d | %d | %.2f%s |%n",
              family.path("family").asText(),
              family.path("scope").asText(),
              family.path("rate_per_second").asDouble(),
              family.path("calls").asLong(),
              family.path("throttled").asLong(),
              family.path("seconds").asDouble(),
              family.path("scope").asText().equals("per workspace")
                  ? String.format(
                      Locale.ROOT,
                      " (one bucket: %.2f)",
                      family.path("upper_bound_seconds").asDouble())
                  : ""));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nfloor: %.2f s (%s) + %.2f s latency chain = %.2f s%n%n",
            floor.path("rate_seconds").asDouble(),
            floor.path("dominant_family").asText(),
            floor.path("chain_seconds").asDouble(),
            floorSeconds));

    text.append(
        "| scan | time (s) | x floor | requests | 429s | peak heap used (MiB) | sum of pool peaks"
            + " (MiB) | retained at end (MiB) | load avg before/after |\n");
    text.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Map.Entry<String, JsonNode> scan : fields(report.path("scans"))) {
      JsonNode result = scan.getValue();
      JsonNode heap = result.path("heap");
      double seconds = result.path("scan_millis").asLong() / 1000.0;
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.2f | %d | %d | %.0f | %.0f | %.0f | %.2f / %.2f |%n",
              scan.getKey(),
              seconds,
              floorSeconds > 0 ? seconds / floorSeconds : 0,
              result.path("sandbox_requests").asLong(),
              result.path("sandbox_429").asLong(),
              mebibytes(heap.path("peak_used_sampled_bytes")),
              mebibytes(heap.path("peak_used_pool_sum_bytes")),
              mebibytes(heap.path("retained_after_full_gc_bytes")),
              result.path("load_average_before").asDouble(),
              result.path("load_average_after").asDouble()));
    }
    JsonNode plumbline = report.path("scans").path("plumbline");
    JsonNode naive = report.path("scans").path("naive");
    if (!plumbline.isMissingNode() && !naive.isMissingNode()) {
      double speedup =
          naive.path("scan_millis").asDouble() / plumbline.path("scan_millis").asDouble();
      text.append(
          String.format(
              Locale.ROOT,
              "%nplumbline is %.2fx faster than the naive sequential scan; the best any scan can"
                  + " do against it is %.2fx (naive time / floor)%n",
              speedup,
              naive.path("scan_millis").asDouble() / 1000.0 / floorSeconds));
      JsonNode compared = report.path("calls_compared");
      text.append(
          String.format(
              Locale.ROOT,
              "answered requests: plumbline %d, naive %d (%+.2f %%)%n",
              compared.path("plumbline_answered").asLong(),
              compared.path("naive_answered").asLong(),
              compared.path("difference_percent").asDouble()));
      for (JsonNode difference : compared.path("differences")) {
        text.append(
            String.format(
                Locale.ROOT,
                "  %s: plumbline %d, naive %d%n",
                difference.path("endpoint").asText(),
                difference.path("plumbline").asLong(),
                difference.path("naive").asLong()));
      }
    }
    if (!plumbline.isMissingNode()) {
      text.append(
          String.format(
              Locale.ROOT,
              "plumbline: %d resources, %d of %d coverage rows failed, %d API calls, %d retries,"
                  + " %d throttled (client count)%n",
              plumbline.path("resources").asLong(),
              plumbline.path("failed_coverage_rows").asLong(),
              plumbline.path("coverage_rows").asLong(),
              plumbline.path("api_calls").asLong(),
              plumbline.path("retries").asLong(),
              plumbline.path("throttled").asLong()));
    }
    if (!naive.isMissingNode()) {
      text.append(
          String.format(
              Locale.ROOT,
              "naive: %d SDK calls, %d tried again after the SDK gave up, %d failed; phases: group"
                  + " GETs %.1f s, workspaces %.1f s, IAM %.1f s, the rest %.1f s%n",
              naive.path("sdk_calls").asLong(),
              naive.path("calls_tried_again").asLong(),
              naive.path("failures").asLong(),
              naive.path("group_gets_millis").asLong() / 1000.0,
              naive.path("workspace_phase_millis").asLong() / 1000.0,
              naive.path("iam_phase_millis").asLong() / 1000.0,
              (naive.path("scan_millis").asLong()
                      - naive.path("group_gets_millis").asLong()
                      - naive.path("workspace_phase_millis").asLong()
                      - naive.path("iam_phase_millis").asLong())
                  / 1000.0));
    }
    return text.toString();
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(fields::add);
    return fields;
  }

  private static double mebibytes(JsonNode bytes) {
    return bytes.asLong() / (double) (1L << 20);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static JsonNode getJson(URI host, String path) {
    try {
      return JSON.readTree(send(HttpRequest.newBuilder(host.resolve(path)).GET()));
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox's " + path + " is not JSON", e);
    }
  }

  private static void post(URI host, String path) {
    send(HttpRequest.newBuilder(host.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static void log(String format, Object... arguments) {
    System.err.printf(
        Locale.ROOT,
        "[bench %s] %s%n",
        DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now()),
        String.format(Locale.ROOT, format, arguments));
  }
}
