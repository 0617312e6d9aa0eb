package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The soak and load benchmark (not a test: run it with {@code bench/run-soak-benchmark.sh}, which
 * builds the jar). Starts {@code plumbline sandbox --scale ...} and {@code plumbline serve} from
 * the packaged jar in two JVMs on free loopback ports, with an H2 file store under {@code --out},
 * lets the service scan on its cron schedule, and keeps {@code --clients} API clients (one thread
 * and one {@link HttpClient} each, viewer or auditor token) busy for {@code --duration}. Records
 * every request's latency and status per endpoint, and after every stored scan the service's heap
 * after a forced full GC ({@code jcmd GC.run}), threads, open file descriptors, TCP connections and
 * store and data-directory size.
 *
 * <pre>
 * SoakBenchmark [--duration 60m] [--scale workspaces=200,groups=2000,users=20000] [--clients 50]
 *               [--schedule "0 0/2 * * * ?"] [--think-ms 1000] [--serve-heap 2g]
 *               [--jar target/quarkus-app/quarkus-run.jar] [--seed 1] [--out target/bench]
 * </pre>
 */
public final class SoakBenchmark {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(15);
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

  private SoakBenchmark() {}

  record Options(
      Duration duration,
      String scale,
      int clients,
      String schedule,
      long thinkMillis,
      String serveHeap,
      Path jar,
      long seed,
      Path out) {

    static Options parse(String... args) {
      Map<String, String> given = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --option value, got: " + args[i]);
        }
        given.put(args[i].substring(2), args[i + 1]);
      }
      Options options =
          new Options(
              duration(given.getOrDefault("duration", "60m")),
              given.getOrDefault("scale", "workspaces=200,groups=2000,users=20000"),
              Integer.parseInt(given.getOrDefault("clients", "50")),
              given.getOrDefault("schedule", "0 0/2 * * * ?"),
              Long.parseLong(given.getOrDefault("think-ms", "1000")),
              given.getOrDefault("serve-heap", "2g"),
              Path.of(given.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar")),
              Long.parseLong(given.getOrDefault("seed", "1")),
              Path.of(given.getOrDefault("out", "target/bench")));
      Set<String> known =
          Set.of(
              "duration",
              "scale",
              "clients",
              "schedule",
              "think-ms",
              "serve-heap",
              "jar",
              "seed",
              "out");
      for (String key : given.keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
        }
      }
      return options;
    }

    static Duration duration(String text) {
      Matcher matcher = Pattern.compile("(\\d+)([smh])").matcher(text);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(
            "invalid --duration \"" + text + "\": e.g. 60m, 90s, 1h");
      }
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
  }

  /** One API request as a client made it. */
  record Sample(String endpoint, long atMillis, long latencyNanos, int status, String error) {
    boolean failed() {
      return error != null || status < 200 || status >= 300;
    }
  }

  /** The service process at one moment; heap after GC only where a full GC was forced. */
  record ProcessSample(
      long atMillis,
      long heapUsedKib,
      long metaspaceUsedKib,
      int threads,
      int fileDescriptors,
      Map<String, Integer> connections,
      long rssKib) {}

  /** A stored scan and the service's state right after it was seen. */
  record ScanSample(
      String scanId,
      long seq,
      String status,
      String error,
      Instant startedAt,
      Instant finishedAt,
      long resources,
      long fails,
      long seenAtMillis,
      ProcessSample afterGc,
      long storeBytes,
      long dataBytes) {}

  /** What the clients pick from: stored scans, rules, workspaces and fingerprints. */
  record Targets(
      List<String> scanIds,
      List<String> driftScanIds,
      List<String> rules,
      List<String> workspaces,
      List<String> fingerprints) {}

  public static void main(String... args) throws Exception {
    Options options = Options.parse(args);
    Instant started = Instant.now();
    String label = options.scale().replace(',', '_').replace('=', '-');
    Path run =
        options.out().resolve("soak-" + label + "-" + STAMP.format(started)).toAbsolutePath();
    Files.createDirectories(run);
    log("run directory " + run);
    int sandboxPort = freePort();
    int httpPort = freePort();
    int managementPort = freePort();
    String viewerToken = token();
    String auditorToken = token();
    List<Process> processes = new ArrayList<>();
    Thread cleanup = new Thread(() -> processes.forEach(Process::destroy));
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Process sandbox =
          start(
              run.resolve("sandbox.log"),
              List.of(
                  "java",
                  "-Xmx3g",
                  "-XX:+UseG1GC",
                  "-jar",
                  options.jar().toAbsolutePath().toString(),
                  "sandbox",
                  "--port",
                  Integer.toString(sandboxPort),
                  "--scale",
                  options.scale(),
                  "--seed",
                  Long.toString(options.seed())),
              Map.of());
      processes.add(sandbox);
      URI sandboxUrl = URI.create("http://127.0.0.1:" + sandboxPort);
      waitFor(sandboxUrl.resolve("/_sandbox/info"), Map.of(), Duration.ofMinutes(5), sandbox);
      log("sandbox up on " + sandboxUrl + " (pid " + sandbox.pid() + ")");

      Path store = run.resolve("store");
      Path data = run.resolve("data");
      List<String> command =
          new ArrayList<>(
              List.of(
                  "java",
                  "-Xmx" + options.serveHeap(),
                  "-XX:+UseG1GC",
                  "-Xlog:gc:file=" + run.resolve("serve-gc.log"),
                  "-Dquarkus.http.host=127.0.0.1",
                  "-Dquarkus.http.port=" + httpPort,
                  "-Dquarkus.management.host=127.0.0.1",
                  "-Dquarkus.management.port=" + managementPort,
                  "-Dplumbline.serve.data-directory=" + data,
                  "-Dplumbline.api.tokens.soak-viewer.role=viewer",
                  "-Dplumbline.api.tokens.soak-viewer.env=PLUMBLINE_SOAK_VIEWER_TOKEN",
                  "-Dplumbline.api.tokens.soak-auditor.role=auditor",
                  "-Dplumbline.api.tokens.soak-auditor.env=PLUMBLINE_SOAK_AUDITOR_TOKEN",
                  "-jar",
                  options.jar().toAbsolutePath().toString(),
                  "serve",
                  "--sandbox-url",
                  sandboxUrl.toString(),
                  "--store-url",
                  "jdbc:h2:file:" + store.resolve("plumbline"),
                  "--cron",
                  options.schedule()));
      Process serve =
          start(
              run.resolve("serve.log"),
              command,
              Map.of(
                  "PLUMBLINE_SOAK_VIEWER_TOKEN", viewerToken,
                  "PLUMBLINE_SOAK_AUDITOR_TOKEN", auditorToken));
      processes.add(serve);
      URI api = URI.create("http://127.0.0.1:" + httpPort);
      URI management = URI.create("http://127.0.0.1:" + managementPort);
      waitFor(management.resolve("/q/health/ready"), Map.of(), Duration.ofMinutes(10), serve);
      log("service up: API " + api + ", management " + management + " (pid " + serve.pid() + ")");

      Soak soak =
          new Soak(
              options,
              serve,
              api,
              viewerToken,
              auditorToken,
              httpPort,
              managementPort,
              sandboxPort,
              store,
              data);
      ObjectNode result = soak.run();
      result.put("run_directory", run.toString());
      result.put("sandbox_pid", sandbox.pid());
      stop(serve, Duration.ofMinutes(6));
      stop(sandbox, Duration.ofSeconds(30));
      result.put("serve_exit_after_sigterm", serve.exitValue());
      String markdown = SoakReport.markdown(result);
      String base = "soak-benchmark-" + label + "-" + STAMP.format(started);
      Files.writeString(options.out().resolve(base + ".json"), JSON.writeValueAsString(result));
      Files.writeString(options.out().resolve(base + ".md"), markdown);
      System.out.println(markdown);
      log("wrote " + options.out().resolve(base + ".{json,md}"));
    } finally {
      processes.forEach(Process::destroy);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  /** The load, the scan watcher and the process sampler of one run. */
  static final class Soak {
    private final Options options;
    private final Process serve;
    private final URI api;
    private final String viewerToken;
    private final String auditorToken;
    private final int httpPort;
    private final int managementPort;
    private final int sandboxPort;
    private final Path store;
    private final Path data;
    private final HttpClient monitorClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<ProcessSample> processSamples = new ArrayList<>();
    private final List<ScanSample> scans = new ArrayList<>();
    private final AtomicReference<Targets> targets = new AtomicReference<>();
    private final List<String> monitorErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long loadStart;
    private volatile boolean stopped;
    private String serviceExit = "ran to the end";

    Soak(
        Options options,
        Process serve,
        URI api,
        String viewerToken,
        String auditorToken,
        int httpPort,
        int managementPort,
        int sandboxPort,
        Path store,
        Path data) {
      this.options = options;
      this.serve = serve;
      this.api = api;
      this.viewerToken = viewerToken;
      this.auditorToken = auditorToken;
      this.httpPort = httpPort;
      this.managementPort = managementPort;
      this.sandboxPort = sandboxPort;
      this.store = store;
      this.data = data;
    }

    ObjectNode run() throws Exception {
      long begin = System.nanoTime();
      loadStart = begin;
      ProcessSample beforeLoad;
      log("waiting for the first stored scan");
      while (true) {
        alive();
        List<JsonNode> stored;
        try {
          stored = storedScans();
        } catch (RuntimeException | IOException e) {
          log("waiting: " + e.getMessage());
          Thread.sleep(5_000);
          continue;
        }
        if (stored.stream().anyMatch(s -> s.path("status").asText().equals("complete"))) {
          refreshTargets(stored);
          recordNewScans(stored);
          break;
        }
        Thread.sleep(2_000);
      }
      beforeLoad = sample(true);
      log(
          "first scan stored after "
              + seconds(System.nanoTime() - begin)
              + " s; heap after GC "
              + beforeLoad.heapUsedKib() / 1024
              + " MiB; starting "
              + options.clients()
              + " clients for "
              + options.duration());
      loadStart = System.nanoTime();
      long deadline = loadStart + options.duration().toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < options.clients(); i++) {
        int index = i;
        Thread client = new Thread(() -> client(index, deadline), "soak-client-" + i);
        client.setDaemon(true);
        client.start();
        clients.add(client);
      }
      long nextSample = System.nanoTime();
      long nextProgress = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline) {
        if (!serve.isAlive()) {
          log("the service exited with " + serve.exitValue() + "; stopping the load");
          serviceExit = "exited with " + serve.exitValue() + " during the load";
          break;
        }
        try {
          List<JsonNode> stored = storedScans();
          refreshTargets(stored);
          recordNewScans(stored);
        } catch (RuntimeException | IOException e) {
          monitorErrors.add(Instant.now() + " " + e.getMessage());
          log("monitor: " + e.getMessage());
        }
        if (System.nanoTime() >= nextSample) {
          try {
            ProcessSample sample = sample(false);
            synchronized (processSamples) {
              processSamples.add(sample);
            }
          } catch (RuntimeException | IOException e) {
            // a service stuck in full GCs or gone; the next round says which
            monitorErrors.add(
                Instant.now() + " sample: " + e.getMessage().lines().findFirst().orElse(""));
          }
          nextSample += SAMPLE_INTERVAL.toNanos();
        }
        if (System.nanoTime() >= nextProgress) {
          progress();
          nextProgress += Duration.ofMinutes(1).toNanos();
        }
        Thread.sleep(3_000);
      }
      stopped = true;
      for (Thread client : clients) {
        client.join(REQUEST_TIMEOUT.toMillis() + 10_000);
      }
      if (!serve.isAlive()) {
        ProcessSample none = new ProcessSample(0, -1, -1, -1, -1, Map.of(), -1);
        return result(beforeLoad, none, none);
      }
      recordNewScans(storedScans());
      ProcessSample afterLoad = sample(true);
      log("load finished; heap after GC " + afterLoad.heapUsedKib() / 1024 + " MiB");
      // a quiet minute: what is left once the clients are gone
      Thread.sleep(60_000);
      ProcessSample quiet = sample(true);
      return result(beforeLoad, afterLoad, quiet);
    }

    private void client(int index, long deadline) {
      Random random = new Random(options.seed() * 1_000 + index);
      String token = index % 2 == 0 ? viewerToken : auditorToken;
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      // clients start spread over the first think time, not all in the same millisecond
      sleep(random.nextInt((int) Math.max(1, options.thinkMillis())));
      while (System.nanoTime() < deadline && !stopped) {
        Targets current = targets.get();
        Request request = Request.pick(random, current, index % 2 == 1);
        HttpRequest.Builder builder =
            HttpRequest.newBuilder(api.resolve(request.path()))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        long begin = System.nanoTime();
        int status = 0;
        String error = null;
        try {
          HttpResponse<byte[]> response =
              http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
          status = response.statusCode();
          if (status != 200) {
            error =
                "HTTP "
                    + status
                    + " "
                    + request.path()
                    + ": "
                    + new String(response.body(), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("");
          }
        } catch (IOException e) {
          error = e.getClass().getSimpleName() + ": " + e.getMessage() + " " + request.path();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long latency = System.nanoTime() - begin;
        samples.add(
            new Sample(
                request.endpoint(),
                TimeUnit.NANOSECONDS.toMillis(begin - loadStart),
                latency,
                status,
                error));
        if (options.thinkMillis() > 0) {
          sleep(random.nextLong(2 * options.thinkMillis()));
        }
      }
    }

    private void progress() {
      List<Sample> all = List.copyOf(samples);
      long errors = all.stream().filter(Sample::failed).count();
      long[] latencies = all.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
      ProcessSample last;
      synchronized (processSamples) {
        last = processSamples.isEmpty() ? null : processSamples.get(processSamples.size() - 1);
      }
      log(
          String.format(
              Locale.ROOT,
              "%d min: %d requests, %d errors, p50 %.0f ms, p99 %.0f ms; %d scans stored; %s",
              TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - loadStart),
              all.size(),
              errors,
              percentile(latencies, 50) / 1e6,
              percentile(latencies, 99) / 1e6,
              scans.size(),
              last == null
                  ? ""
                  : "heap used "
                      + last.heapUsedKib() / 1024
                      + " MiB (no GC forced), threads "
                      + last.threads()
                      + ", fds "
                      + last.fileDescriptors()
                      + ", tcp "
                      + last.connections()));
    }

    private void recordNewScans(List<JsonNode> stored) throws Exception {
      Set<String> known = new HashSet<>();
      scans.forEach(scan -> known.add(scan.scanId()));
      for (JsonNode scan : stored) {
        String id = scan.path("scan_id").asText();
        if (known.contains(id)) {
          continue;
        }
        ProcessSample afterGc = sample(true);
        ScanSample recorded =
            new ScanSample(
                id,
                scan.path("seq").asLong(),
                scan.path("status").asText(),
                scan.path("error").isNull() ? null : scan.path("error").asText(),
                instant(scan.path("started_at")),
                instant(scan.path("finished_at")),
                scan.path("resources").asLong(),
                scan.path("findings").path("fail").asLong(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart),
                afterGc,
                size(store),
                size(data));
        scans.add(recorded);
        log(
            String.format(
                Locale.ROOT,
                "scan %d %s: %s, %.1f s, %d resources, %d FAIL; heap after GC %d MiB, metaspace %d MiB, threads %d,"
                    + " fds %d, tcp %s, store %.1f MB, data %.1f MB",
                recorded.seq(),
                id,
                recorded.status(),
                durationSeconds(recorded),
                recorded.resources(),
                recorded.fails(),
                afterGc.heapUsedKib() / 1024,
                afterGc.metaspaceUsedKib() / 1024,
                afterGc.threads(),
                afterGc.fileDescriptors(),
                afterGc.connections(),
                recorded.storeBytes() / 1e6,
                recorded.dataBytes() / 1e6));
      }
    }

    private void refreshTargets(List<JsonNode> stored) throws Exception {
      List<String> scanIds = new ArrayList<>();
      List<String> driftScanIds = new ArrayList<>();
      boolean previousHasSnapshot = false;
      for (JsonNode scan : stored) {
        boolean hasSnapshot = !scan.path("snapshot_id").isNull();
        scanIds.add(scan.path("scan_id").asText());
        if (hasSnapshot && previousHasSnapshot) {
          driftScanIds.add(scan.path("scan_id").asText());
        }
        previousHasSnapshot = previousHasSnapshot || hasSnapshot;
      }
      Targets current = targets.get();
      if (current != null && current.scanIds().size() == scanIds.size()) {
        return;
      }
      List<String> rules = new ArrayList<>();
      for (JsonNode rule : get("/api/v1/rules")) {
        rules.add(rule.path("id").asText(rule.path("rule_id").asText()));
      }
      Set<String> workspaces = new java.util.TreeSet<>();
      List<String> fingerprints = new ArrayList<>();
      for (JsonNode finding : get("/api/v1/findings?verdict=fail")) {
        String scope = finding.path("scope").asText();
        if (scope.startsWith("workspace:")) {
          workspaces.add(scope.substring("workspace:".length()));
        }
        if (fingerprints.size() < 500) {
          fingerprints.add(finding.path("fingerprint").asText());
        }
      }
      targets.set(
          new Targets(
              List.copyOf(scanIds),
              List.copyOf(driftScanIds),
              List.copyOf(rules),
              List.copyOf(workspaces),
              List.copyOf(fingerprints)));
    }

    private List<JsonNode> storedScans() throws Exception {
      List<JsonNode> stored = new ArrayList<>();
      get("/api/v1/scans?limit=100000").forEach(stored::add);
      return stored;
    }

    private JsonNode get(String path) throws Exception {
      HttpResponse<byte[]> response =
          monitorClient.send(
              HttpRequest.newBuilder(api.resolve(path))
                  .timeout(REQUEST_TIMEOUT)
                  .header("Authorization", "Bearer " + viewerToken)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + ": HTTP " + response.statusCode() + " " + new String(response.body()));
      }
      return JSON.readTree(response.body());
    }

    private ProcessSample sample(boolean forceGc) throws Exception {
      long pid = serve.pid();
      if (forceGc) {
        jcmd(pid, "GC.run");
      }
      String heapInfo = jcmd(pid, "GC.heap_info");
      Matcher heap = HEAP_USED.matcher(heapInfo);
      long heapKib = heap.find() ? Long.parseLong(heap.group(1)) : -1;
      Matcher metaspace = METASPACE_USED.matcher(heapInfo);
      long metaspaceKib = metaspace.find() ? Long.parseLong(metaspace.group(1)) : -1;
      Map<String, String> status = procStatus(pid);
      return new ProcessSample(
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart),
          heapKib,
          metaspaceKib,
          Integer.parseInt(status.getOrDefault("Threads", "-1").trim()),
          fileDescriptors(pid),
          connections(pid),
          Long.parseLong(status.getOrDefault("VmRSS", "-1 kB").trim().split("\\s+")[0]));
    }

    /** The service's own TCP sockets (from its fds), by role and state. */
    private Map<String, Integer> connections(long pid) throws IOException {
      Set<String> inodes = new HashSet<>();
      try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        fds.forEach(
            fd -> {
              try {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.startsWith("socket:[")) {
                  inodes.add(target.substring(8, target.length() - 1));
                }
              } catch (IOException e) {
                // the descriptor was closed while we listed them
              }
            });
      }
      Map<String, Integer> counts = new TreeMap<>();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = Path.of("/proc/" + pid + "/net/" + table);
        if (!Files.exists(file)) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] columns = line.trim().split("\\s+");
          if (columns.length < 10 || !inodes.contains(columns[9])) {
            continue;
          }
          int local = Integer.parseInt(columns[1].substring(columns[1].indexOf(':') + 1), 16);
          int remote = Integer.parseInt(columns[2].substring(columns[2].indexOf(':') + 1), 16);
          String state = tcpState(columns[3]);
          String role;
          if (state.equals("listen")) {
            role = "listen";
          } else if (local == httpPort) {
            role = "api_" + state;
          } else if (local == managementPort) {
            role = "management_" + state;
          } else if (remote == sandboxPort) {
            role = "to_sandbox_" + state;
          } else {
            role = "other_" + state;
          }
          counts.merge(role, 1, Integer::sum);
        }
      }
      return counts;
    }

    private ObjectNode result(
        ProcessSample beforeLoad, ProcessSample afterLoad, ProcessSample quiet) {
      List<Sample> all = List.copyOf(samples);
      ObjectNode result = JSON.createObjectNode();
      ObjectNode settings = result.putObject("options");
      settings.put("duration", options.duration().toString());
      settings.put("scale", options.scale());
      settings.put("clients", options.clients());
      settings.put("schedule", options.schedule());
      settings.put("think_ms", options.thinkMillis());
      settings.put("serve_heap", options.serveHeap());
      settings.put("seed", options.seed());
      result.put("cores", Runtime.getRuntime().availableProcessors());
      result.put("java", System.getProperty("java.runtime.version"));
      result.put("load_average_at_end", loadAverage());
      ObjectNode endpoints = result.putObject("endpoints");
      Map<String, List<Sample>> byEndpoint = new TreeMap<>();
      for (Sample sample : all) {
        byEndpoint.computeIfAbsent(sample.endpoint(), key -> new ArrayList<>()).add(sample);
      }
      byEndpoint.put("all", all);
      byEndpoint.forEach((name, list) -> endpoints.set(name, latencySummary(list)));
      ArrayNode windows = result.putArray("windows");
      long windowMillis = WINDOW.toMillis();
      Map<Long, List<Sample>> byWindow = new TreeMap<>();
      for (Sample sample : all) {
        byWindow
            .computeIfAbsent(sample.atMillis() / windowMillis, key -> new ArrayList<>())
            .add(sample);
      }
      byWindow.forEach(
          (window, list) -> {
            ObjectNode node = latencySummary(list);
            node.put("from_minute", window * WINDOW.toMinutes());
            windows.add(node);
          });
      ArrayNode errors = result.putArray("error_examples");
      Map<String, Integer> errorCounts = new TreeMap<>();
      for (Sample sample : all) {
        if (sample.failed()) {
          String key = sample.error() == null ? "HTTP " + sample.status() : sample.error();
          key = key.length() > 300 ? key.substring(0, 300) : key;
          errorCounts.merge(key, 1, Integer::sum);
        }
      }
      errorCounts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(20)
          .forEach(
              entry ->
                  errors.addObject().put("error", entry.getKey()).put("count", entry.getValue()));
      result.set("monitor_errors", JSON.valueToTree(monitorErrors));
      result.put("service", serviceExit);
      ArrayNode scanArray = result.putArray("scans");
      for (ScanSample scan : scans) {
        ObjectNode node = JSON.valueToTree(scan);
        node.put("duration_seconds", durationSeconds(scan));
        scanArray.add(node);
      }
      result.set("before_load", JSON.valueToTree(beforeLoad));
      result.set("after_load", JSON.valueToTree(afterLoad));
      result.set("after_quiet_minute", JSON.valueToTree(quiet));
      synchronized (processSamples) {
        result.set("process_samples", JSON.valueToTree(processSamples));
      }
      return result;
    }

    private void alive() {
      if (!serve.isAlive()) {
        throw new IllegalStateException("the service exited with " + serve.exitValue());
      }
    }
  }

  /** The API requests the clients make, with how often each is picked. */
  record Request(String endpoint, String path) {

    private static final List<Map.Entry<Integer, Function<Pick, Request>>> MIX =
        List.of(
            Map.entry(
                14,
                pick ->
                    new Request(
                        "findings?verdict=fail&severity=critical,high",
                        "/api/v1/findings?verdict=fail&severity=critical,high")),
            Map.entry(
                14, pick -> new Request("findings?rule=", "/api/v1/findings?rule=" + pick.rule())),
            Map.entry(
                14,
                pick ->
                    new Request(
                        "findings?workspace=", "/api/v1/findings?workspace=" + pick.workspace())),
            Map.entry(
                4, pick -> new Request("findings (all non-PASS, latest)", "/api/v1/findings")),
            Map.entry(
                4,
                pick ->
                    new Request(
                        "findings?scan=&verdict=fail&since=",
                        "/api/v1/findings?scan="
                            + pick.scan()
                            + "&verdict=fail&since="
                            + pick.since())),
            Map.entry(
                10,
                pick ->
                    new Request(
                        "findings/{fingerprint}", "/api/v1/findings/" + pick.fingerprint())),
            Map.entry(
                8,
                pick ->
                    new Request(
                        "lifecycles?state=open&rule=",
                        "/api/v1/lifecycles?state=open&rule=" + pick.rule())),
            Map.entry(
                5,
                pick ->
                    new Request(
                        "lifecycles?workspace=",
                        "/api/v1/lifecycles?workspace=" + pick.workspace())),
            Map.entry(8, pick -> new Request("scans", "/api/v1/scans?limit=50")),
            Map.entry(8, pick -> new Request("scans/{id}", "/api/v1/scans/" + pick.scan())),
            Map.entry(
                6,
                pick ->
                    pick.driftScan()
                        .map(
                            id -> new Request("scans/{id}/drift", "/api/v1/scans/" + id + "/drift"))
                        .orElse(new Request("scans/{id}", "/api/v1/scans/" + pick.scan()))),
            Map.entry(
                1,
                pick ->
                    new Request(
                        "drift?from=&to=",
                        "/api/v1/drift?from=" + pick.firstScan() + "&to=" + pick.scan())),
            Map.entry(2, pick -> new Request("rules", "/api/v1/rules")),
            Map.entry(2, pick -> new Request("waivers", "/api/v1/waivers")));

    private static final int TOTAL = MIX.stream().mapToInt(Map.Entry::getKey).sum();

    static Request pick(Random random, Targets targets, boolean auditor) {
      Pick pick = new Pick(random, targets);
      if (auditor && random.nextInt(20) == 0) {
        return new Request(
            "scans/{id}/reports (auditor)", "/api/v1/scans/" + pick.scan() + "/reports");
      }
      int roll = random.nextInt(TOTAL);
      for (Map.Entry<Integer, Function<Pick, Request>> entry : MIX) {
        roll -= entry.getKey();
        if (roll < 0) {
          return entry.getValue().apply(pick);
        }
      }
      throw new AssertionError("weights");
    }

    record Pick(Random random, Targets targets) {
      String rule() {
        return one(targets.rules());
      }

      String workspace() {
        return targets.workspaces().isEmpty() ? "1" : one(targets.workspaces());
      }

      String fingerprint() {
        return one(targets.fingerprints());
      }

      String scan() {
        // mostly recent scans, as a dashboard would ask
        List<String> ids = targets.scanIds();
        int recent = Math.min(ids.size(), 5);
        return random.nextInt(4) == 0 ? one(ids) : ids.get(ids.size() - 1 - random.nextInt(recent));
      }

      String firstScan() {
        return targets.driftScanIds().isEmpty()
            ? targets.scanIds().get(0)
            : targets.scanIds().get(targets.scanIds().indexOf(targets.driftScanIds().get(0)) - 1);
      }

      Optional<String> driftScan() {
        return targets.driftScanIds().isEmpty()
            ? Optional.empty()
            : Optional.of(one(targets.driftScanIds()));
      }

      String since() {
        return Instant.now().minus(Duration.ofMinutes(10)).toString();
      }

      private String one(List<String> values) {
        return values.get(random.nextInt(values.size()));
      }
    }
  }

  static ObjectNode latencySummary(List<Sample> list) {
    long[] latencies = list.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
    ObjectNode node = JSON.createObjectNode();
    node.put("requests", list.size());
    node.put("errors", list.stream().filter(Sample::failed).count());
    node.put("p50_ms", round(percentile(latencies, 50) / 1e6));
    node.put("p99_ms", round(percentile(latencies, 99) / 1e6));
    node.put("max_ms", round((latencies.length == 0 ? 0 : latencies[latencies.length - 1]) / 1e6));
    return node;
  }

  static double percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double durationSeconds(ScanSample scan) {
    return scan.startedAt() == null || scan.finishedAt() == null
        ? -1
        : round(Duration.between(scan.startedAt(), scan.finishedAt()).toMillis() / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  private static Instant instant(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asText());
  }

  private static String tcpState(String hex) {
    return switch (hex) {
      case "01" -> "established";
      case "06" -> "time_wait";
      case "08" -> "close_wait";
      case "0A" -> "listen";
      case "04" -> "fin_wait1";
      case "05" -> "fin_wait2";
      case "09" -> "last_ack";
      default -> "state_" + hex;
    };
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process process =
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }

  private static Map<String, String> procStatus(long pid) throws IOException {
    Map<String, String> status = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        status.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return status;
  }

  private static int fileDescriptors(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return (int) fds.count();
    }
  }

  private static long size(Path directory) {
    if (!Files.exists(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0; // deleted while we walked
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Process start(
      Path logFile, List<String> command, Map<String, String> extraEnvironment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    // the SDKs must not read this machine's Databricks or AWS settings
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("DATABRICKS_") || key.startsWith("AWS_"));
    builder
        .environment()
        .put("DATABRICKS_CONFIG_FILE", "/nonexistent/plumbline-bench-databrickscfg");
    builder.environment().putAll(extraEnvironment);
    builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
    return builder.start();
  }

  private static void waitFor(
      URI uri, Map<String, String> headers, Duration timeout, Process process) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "process exited with " + process.exitValue() + " before " + uri + " answered");
      }
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        headers.forEach(request::header);
        if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(uri + " did not answer within " + timeout);
  }

  private static void stop(Process process, Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String token() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return "plb-soak-" + HexFormat.of().formatHex(random);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void log(String message) {
    System.err.printf("[soak %s] %s%n", Instant.now().toString().substring(11, 19), message);
  }
}
