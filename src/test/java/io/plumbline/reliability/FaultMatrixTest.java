package io.plumbline.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.audit.EvaluationService;
import io.plumbline.audit.ScanService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.collect.RetryPolicy;
import io.plumbline.collect.ScanProgress;
import io.plumbline.collect.aws.AwsEstateCollector;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.drift.SnapshotDiff;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Verdicts;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The promise under faults: every fault kind the sandbox offers, injected into every endpoint
 * family the collectors declare (taken from their resource-type declarations, so a new type joins
 * the matrix by being declared), one cell at a time, on the reference estate. Against the
 * fault-free scan of the same estate, a faulted scan must:
 *
 * <ul>
 *   <li>turn no FAIL into PASS (FAIL or UNKNOWN; absent only where its read failed),
 *   <li>raise no FAIL the fault-free scan does not have,
 *   <li>lose nothing (resource or finding) of a scope x type whose coverage says COMPLETE, nor
 *       change it,
 *   <li>be incomplete (exit code 3) whenever the faulted endpoint was called,
 *   <li>show no {@code removed} in the drift from the fault-free snapshot.
 * </ul>
 *
 * Cells run in parallel lanes, each with its own sandbox; retries and timeouts are shortened so
 * that the matrix fits a CI run, which changes how long a fault lasts, not what it does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {

  private static final int LANES = 6;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
  private static final long SLOWER_THAN_TIMEOUT_MILLIS = 2_500;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A kind of fault, as the sandbox's fault document writes it for one endpoint. */
  enum FaultKind {
    THROTTLED_WITH_RETRY_AFTER,
    THROTTLED,
    INTERNAL_ERROR,
    UNAVAILABLE,
    FORBIDDEN_IN_ONE_WORKSPACE,
    SLOWER_THAN_THE_CALL_TIMEOUT,
    TRUNCATED_BODY,
    MALFORMED_BODY;

    ObjectNode fault(Family family, long firstWorkspace) {
      ObjectNode fault = JSON.createObjectNode();
      fault.put("match", family.glob());
      fault.put("probability", 1.0);
      switch (this) {
        case THROTTLED_WITH_RETRY_AFTER -> fault.put("status", 429).put("retry_after", 1);
        case THROTTLED -> fault.put("status", 429);
        case INTERNAL_ERROR -> fault.put("status", 500);
        case UNAVAILABLE -> fault.put("status", 503);
        case FORBIDDEN_IN_ONE_WORKSPACE -> {
          fault.put("status", 403);
          if (family.perWorkspace()) {
            fault.put("workspace", firstWorkspace);
          }
        }
        case SLOWER_THAN_THE_CALL_TIMEOUT -> fault.put("latency_ms", SLOWER_THAN_TIMEOUT_MILLIS);
        case TRUNCATED_BODY -> fault.put("body", "truncated");
        case MALFORMED_BODY -> fault.put("body", "malformed");
      }
      return fault;
    }
  }

  /**
   * One declared API call: {@code GET /api/2.0/accounts/{account_id}/workspaces} or {@code
   * iam:ListRoles}; its sandbox fault glob and the name the sandbox counts its requests under.
   */
  record Family(String call, String glob, String requestName, boolean perWorkspace) {

    static Family of(String call, ScopeKind scopeKind) {
      if (scopeKind == ScopeKind.AWS) {
        String service = call.substring(0, call.indexOf(':'));
        String action = call.substring(call.indexOf(':') + 1);
        return new Family(
            call,
            "/" + service + "/" + action,
            service.toUpperCase(java.util.Locale.ROOT) + " " + action,
            false);
      }
      String path = call.substring(call.indexOf(' ') + 1);
      return new Family(
          call, path.replaceAll("\\{[^}]+}", "*"), call, scopeKind == ScopeKind.WORKSPACE);
    }

    @Override
    public String toString() {
      return call;
    }
  }

  record Cell(Family family, FaultKind kind) {
    @Override
    public String toString() {
      return kind + " on " + family;
    }
  }

  record CellResult(Snapshot snapshot, List<Finding> findings, boolean called) {}

  private final EvaluationService evaluation =
      new EvaluationService(Clock.systemUTC(), "test", Path.of(""));
  private final Map<Cell, CellResult> results = new ConcurrentHashMap<>();
  private EvaluationService.Prepared prepared;
  private Snapshot clean;
  private Map<String, Finding> cleanFindings;
  private long firstWorkspace;
  private Duration matrixDuration;
  private ExecutorService lanes;

  static List<Family> families() {
    Set<Family> families = new LinkedHashSet<>();
    List<ResourceTypeSpec> specs = new ArrayList<>(DatabricksCollector.declaredResourceTypes());
    specs.addAll(IamCollector.declaredResourceTypes());
    specs.addAll(AwsEstateCollector.declaredResourceTypes());
    for (ResourceTypeSpec spec : specs) {
      for (String call : spec.apiCalls()) {
        families.add(Family.of(call, spec.scopeKind()));
      }
    }
    // one family per call, whichever scope declared it first; -Dplumbline.fault-matrix.only=REGEX
    // narrows the matrix to some calls while working on them
    String only = System.getProperty("plumbline.fault-matrix.only", "");
    return families.stream()
        .filter(family -> only.isEmpty() || family.call().matches(".*(" + only + ").*"))
        .collect(Collectors.toMap(Family::call, family -> family, (first, second) -> first))
        .values()
        .stream()
        .sorted(java.util.Comparator.comparing(Family::call))
        .toList();
  }

  @BeforeAll
  void runTheMatrix() throws Exception {
    prepared = evaluation.prepare(EvaluationService.Options.defaults());
    Set<String> calledWhenClean;
    try (SandboxServer server = SandboxServer.start(SandboxOptions.of(DemoScans.demoEstate()))) {
      firstWorkspace = server.sandbox().info().path("workspaces").path(0).asLong();
      clean = collect(server);
      calledWhenClean = requested(server);
    }
    assertThat(clean.failedCoverage()).as("the fault-free scan is complete").isEmpty();
    cleanFindings = byFingerprint(evaluation.evaluate(prepared, clean).findings());

    LinkedBlockingQueue<Cell> cells = new LinkedBlockingQueue<>();
    for (Family family : families()) {
      for (FaultKind kind : FaultKind.values()) {
        cells.add(new Cell(family, kind));
      }
    }
    long started = System.nanoTime();
    lanes = Executors.newFixedThreadPool(LANES);
    List<Future<?>> running = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      running.add(lanes.submit(() -> runLane(cells, calledWhenClean)));
    }
    for (Future<?> lane : running) {
      lane.get();
    }
    matrixDuration = Duration.ofNanos(System.nanoTime() - started);
  }

  @AfterAll
  void stopLanes() {
    if (lanes != null) {
      lanes.shutdownNow();
    }
  }

  private Void runLane(LinkedBlockingQueue<Cell> cells, Set<String> calledWhenClean)
      throws IOException, InterruptedException {
    try (SandboxServer server = SandboxServer.start(SandboxOptions.of(DemoScans.demoEstate()))) {
      for (Cell cell = cells.poll(); cell != null; cell = cells.poll()) {
        ObjectNode document = JSON.createObjectNode();
        document.putArray("faults").add(cell.kind().fault(cell.family(), firstWorkspace));
        control(server, "/_sandbox/reset", null);
        control(server, "/_sandbox/faults", document);
        Snapshot faulted = collect(server);
        results.put(
            cell,
            new CellResult(
                faulted,
                evaluation.evaluate(prepared, faulted).findings(),
                calledWhenClean.contains(cell.family().requestName())));
      }
    }
    return null;
  }

  @TestFactory
  Stream<DynamicTest> everyFaultOnEveryEndpointKeepsTheUnknownPromise() {
    System.out.printf(
        "fault matrix: %d cells (%d endpoint families x %d fault kinds) in %d s, %d lanes%n",
        results.size(),
        families().size(),
        FaultKind.values().length,
        matrixDuration.toSeconds(),
        LANES);
    return results.keySet().stream()
        .sorted(java.util.Comparator.comparing(Cell::toString))
        .map(
            cell -> DynamicTest.dynamicTest(cell.toString(), () -> check(cell, results.get(cell))));
  }

  private void check(Cell cell, CellResult result) {
    Snapshot faulted = result.snapshot();
    Map<String, Finding> findings = byFingerprint(result.findings());
    List<String> broken = new ArrayList<>();
    for (Finding before : cleanFindings.values()) {
      Finding after = findings.get(before.fingerprint());
      if (after == null) {
        if (readCompletely(faulted, before.scope(), before.resourceType())
            && !judgedUnknown(result.findings(), before)) {
          broken.add("disappeared while its read was COMPLETE: " + describe(before));
        }
      } else if (before.verdict() == Verdict.FAIL
          && after.verdict() != Verdict.FAIL
          && after.verdict() != Verdict.UNKNOWN) {
        broken.add("FAIL became " + after.verdict() + ": " + describe(before));
      }
    }
    for (Finding after : findings.values()) {
      Finding before = cleanFindings.get(after.fingerprint());
      if (after.verdict() == Verdict.FAIL && (before == null || before.verdict() != Verdict.FAIL)) {
        broken.add("new FAIL: " + describe(after) + ": " + after.message());
      }
    }
    Map<String, Resource> resources = byKey(faulted.resources());
    for (Resource resource : clean.resources()) {
      if (!readCompletely(faulted, resource.scope(), resource.type())) {
        continue;
      }
      Resource now = resources.get(key(resource));
      if (now == null) {
        broken.add("resource lost while its read was COMPLETE: " + key(resource));
      } else if (!now.attributes().equals(resource.attributes())) {
        broken.add("resource changed while its read was COMPLETE: " + key(resource));
      }
    }
    if (result.called() && faulted.isComplete()) {
      broken.add("the faulted endpoint was called, yet the scan says it is complete (exit 0)");
    }
    long removed =
        SnapshotDiff.compare(clean, faulted).countsByKind().getOrDefault(ChangeKind.REMOVED, 0L);
    if (removed > 0) {
      broken.add("diff from the fault-free snapshot shows " + removed + " removed");
    }
    assertThat(broken).as("promises broken by " + cell).isEmpty();
  }

  /** A scope x type with no coverage at all was not read (its scope could not be listed). */
  private static boolean readCompletely(Snapshot snapshot, Scope scope, String type) {
    return snapshot.coverage(scope, type).map(Coverage::isComplete).orElse(false);
  }

  /**
   * Whether a finding absent from the faulted scan is accounted for by an UNKNOWN verdict of the
   * same rule: on the same resource (a failure found per attribute is judged per resource when the
   * data it needs is missing), or on the whole scope.
   */
  private static boolean judgedUnknown(List<Finding> findings, Finding before) {
    return findings.stream()
        .anyMatch(
            finding ->
                finding.verdict() == Verdict.UNKNOWN
                    && finding.ruleId().equals(before.ruleId())
                    && finding.scope().equals(before.scope())
                    && (finding.resourceId().equals(before.resourceId())
                        || finding.resourceId().equals(Verdicts.WHOLE_SCOPE)));
  }

  private static Map<String, Finding> byFingerprint(Collection<Finding> findings) {
    return findings.stream()
        .collect(Collectors.toMap(Finding::fingerprint, Function.identity(), (a, b) -> a));
  }

  private static Map<String, Resource> byKey(Collection<Resource> resources) {
    return resources.stream()
        .collect(
            Collectors.toMap(FaultMatrixTest::key, Function.identity(), (first, second) -> first));
  }

  private static String key(Resource resource) {
    return resource.type() + " " + resource.scope() + " " + resource.id();
  }

  private static String describe(Finding finding) {
    return finding.ruleId()
        + " "
        + finding.verdict()
        + " "
        + finding.scope()
        + " "
        + finding.resourceType()
        + " "
        + finding.resourceId()
        + finding.attribute().map(attribute -> " " + attribute).orElse("");
  }

  private static Snapshot collect(SandboxServer server) {
    CollectionRun.Settings settings =
        new CollectionRun.Settings(
            Map.of(ScopeKind.ACCOUNT, 8, ScopeKind.WORKSPACE, 16, ScopeKind.AWS, 4),
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(20)),
            Duration.ofMinutes(2),
            1);
    return new ScanService()
        .collect(
            CollectPlan.forSandbox(server.host(), server.sandbox().info(), settings, CALL_TIMEOUT),
            ScanProgress.NONE);
  }

  /** The endpoints the sandbox answered (any status), by the names it counts them under. */
  private static Set<String> requested(SandboxServer server)
      throws IOException, InterruptedException {
    JsonNode counts = control(server, "/_sandbox/requests", null);
    Set<String> names = new LinkedHashSet<>();
    counts.path("requests").forEach(row -> names.add(row.path("endpoint").asText()));
    return names;
  }

  private static JsonNode control(SandboxServer server, String path, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.host() + path));
    if (body == null && path.endsWith("/requests")) {
      request.GET();
    } else {
      request
          .header("content-type", "application/json")
          .POST(
              HttpRequest.BodyPublishers.ofString(
                  body == null ? "{}" : JSON.writeValueAsString(body)));
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("POST " + path).isLessThan(300);
    return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
}
