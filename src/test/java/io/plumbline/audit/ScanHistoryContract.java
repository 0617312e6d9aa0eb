package io.plumbline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ScanProgress;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Verdict;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.LifecycleState;
import io.plumbline.store.Store;
import io.plumbline.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole history path on a real database: the sandbox estate scanned by the real SDKs, judged by
 * the rule pack, diffed and stored, with hand-made changes and injected faults between scans. Run
 * on H2 and on PostgreSQL by the subclasses.
 */
abstract class ScanHistoryContract {

  private static final String TOKEN = "dapi-plumbline-sandbox-token";
  private static final Scope DEV = Scope.workspace(1000000000000101L);
  private static final Scope PROD = Scope.workspace(1000000000000303L);
  private static final String SETTING = "DBX-WSC-001";

  @TempDir Path directory;

  protected abstract TestDatabase database();

  @Test
  void changesResolveAndOpenFindingsAndAFailedReadNeitherRemovesNorResolves() throws Exception {
    EvaluationService evaluation = new EvaluationService(Clock.systemUTC(), "test", Path.of(""));
    EvaluationService.Prepared prepared = evaluation.prepare(EvaluationService.Options.defaults());
    try (SandboxServer sandbox =
            SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()).withPorts(0, 0));
        Store store = Store.open(database().freshStore())) {
      AuditService audit = new AuditService(evaluation, Optional.of(store), Clock.systemUTC());

      ScanOutcome first = scan(audit, sandbox, prepared, "1");
      assertThat(first.drift()).isEmpty();
      // the reference estate's FAILs: its drift entries' findings (docs/sandbox-estate.md)
      assertThat(events(first, LifecycleEventKind.NEW)).hasSize(22);

      // prod's results downloading is fixed, dev's switched on by hand
      patch(sandbox, "prod", "false");
      patch(sandbox, "dev", "true");
      ScanOutcome second = scan(audit, sandbox, prepared, "2");
      assertThat(second.drift().orElseThrow().countsByKind())
          .containsEntry(ChangeKind.CHANGED, 2L)
          .containsEntry(ChangeKind.REMOVED, 0L)
          .containsEntry(ChangeKind.UNKNOWN, 0L);
      assertThat(events(second, LifecycleEventKind.RESOLVED))
          .extracting(LifecycleEvent::fingerprint)
          .containsAll(fingerprints(store, SETTING, PROD));
      assertThat(events(second, LifecycleEventKind.NEW))
          .extracting(LifecycleEvent::fingerprint)
          .containsAll(fingerprints(store, SETTING, DEV));

      // dev's workspace settings cannot be read: nothing there is removed or resolved
      faults(
          sandbox,
          "{\"faults\": [{\"match\": \"/api/2.0/workspace-conf\", \"workspace\": 1000000000000101,"
              + " \"status\": 403}]}");
      ScanOutcome third = scan(audit, sandbox, prepared, "3");
      assertThat(third.snapshot().isComplete()).isFalse();
      assertThat(third.drift().orElseThrow().countsByKind())
          .containsEntry(ChangeKind.REMOVED, 0L)
          .containsEntry(ChangeKind.ADDED, 0L);
      assertThat(third.drift().orElseThrow().countsByKind().get(ChangeKind.UNKNOWN)).isPositive();
      assertThat(events(third, LifecycleEventKind.RESOLVED)).isEmpty();
      assertThat(events(third, LifecycleEventKind.UNKNOWN))
          .extracting(LifecycleEvent::fingerprint)
          .containsAll(fingerprints(store, SETTING, DEV));
      for (Lifecycle lifecycle : lifecycles(store, SETTING, DEV)) {
        assertThat(lifecycle.state()).isEqualTo(LifecycleState.OPEN);
        // the resource could not be read, so there was no verdict on it this time
        assertThat(lifecycle.lastVerdict()).isNotEqualTo(Optional.of(Verdict.FAIL));
      }

      // the read works again: the finding is still open, the same lifecycle, not a new one
      faults(sandbox, "{\"faults\": []}");
      ScanOutcome fourth = scan(audit, sandbox, prepared, "4");
      assertThat(events(fourth, LifecycleEventKind.NEW)).isEmpty();
      assertThat(events(fourth, LifecycleEventKind.REOPENED)).isEmpty();
      for (Lifecycle lifecycle : lifecycles(store, SETTING, DEV)) {
        assertThat(lifecycle.state()).isEqualTo(LifecycleState.OPEN);
        assertThat(lifecycle.lastVerdict()).contains(Verdict.FAIL);
        assertThat(lifecycle.firstSeenScan()).isEqualTo(second.scanId());
      }

      // and prod's setting switched on again reopens its lifecycle
      patch(sandbox, "prod", "true");
      ScanOutcome fifth = scan(audit, sandbox, prepared, "5");
      assertThat(events(fifth, LifecycleEventKind.REOPENED))
          .extracting(LifecycleEvent::fingerprint)
          .containsAll(fingerprints(store, SETTING, PROD));

      assertThat(store.scans(Optional.empty())).hasSize(5);
      assertThat(store.verify().intact()).isTrue();
    }
  }

  @Test
  void aFailedAccountScimReadOpensNoFindingAndAFailedReadKeepsItsFindingsInTheReportAsUnknown()
      throws Exception {
    EvaluationService evaluation = new EvaluationService(Clock.systemUTC(), "test", Path.of(""));
    EvaluationService.Prepared prepared = evaluation.prepare(EvaluationService.Options.defaults());
    try (SandboxServer sandbox =
            SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()).withPorts(0, 0));
        Store store = Store.open(database().freshStore())) {
      AuditService audit = new AuditService(evaluation, Optional.of(store), Clock.systemUTC());
      ScanOutcome clean = scan(audit, sandbox, prepared, "clean");
      Set<String> failing =
          clean.model().findings(Verdict.FAIL).stream()
              .map(Finding::fingerprint)
              .collect(Collectors.toSet());
      Finding neverExpiringToken =
          clean.model().findings(Verdict.FAIL).stream()
              .filter(finding -> finding.ruleId().equals("DBX-TOK-001"))
              .findFirst()
              .orElseThrow();

      faults(
          sandbox,
          "{\"faults\": [{\"match\": \"/api/2.0/accounts/*/scim/v2/Users\", \"status\": 500},"
              + " {\"match\": \"/api/2.0/token-management/tokens\", \"status\": 503}]}");
      ScanOutcome faulted = scan(audit, sandbox, prepared, "faulted");

      assertThat(faulted.snapshot().isComplete()).isFalse();
      assertThat(events(faulted, LifecycleEventKind.NEW)).isEmpty();
      assertThat(events(faulted, LifecycleEventKind.REOPENED)).isEmpty();
      assertThat(events(faulted, LifecycleEventKind.RESOLVED)).isEmpty();
      assertThat(faulted.model().findings(Verdict.FAIL))
          .extracting(Finding::fingerprint)
          .allMatch(failing::contains);
      assertThat(faulted.model().findings())
          .filteredOn(finding -> finding.fingerprint().equals(neverExpiringToken.fingerprint()))
          .singleElement()
          .satisfies(
              finding -> {
                assertThat(finding.verdict()).isEqualTo(Verdict.UNKNOWN);
                assertThat(finding.message())
                    .startsWith(
                        "not judged: databricks_token in workspace:1000000000000202 was not read"
                            + " completely (503 TEMPORARILY_UNAVAILABLE")
                    .contains("open since scan " + clean.scanId());
              });
      assertThat(store.verify().intact()).isTrue();
    }
  }

  private ScanOutcome scan(
      AuditService audit, SandboxServer sandbox, EvaluationService.Prepared prepared, String name) {
    Instant startedAt = Instant.now();
    return audit.scan(
        AuditService.newScanId(startedAt),
        startedAt,
        CollectPlan.forSandbox(
            sandbox.host(),
            sandbox.sandbox().info(),
            CollectionRun.Settings.defaults(),
            Duration.ofSeconds(10)),
        prepared,
        ScanProgress.NONE,
        new AuditService.Output(directory.resolve(name), Set.of(ReportFormat.JSON)));
  }

  private static List<LifecycleEvent> events(ScanOutcome outcome, LifecycleEventKind kind) {
    return outcome.receipt().orElseThrow().events(kind);
  }

  private static List<Lifecycle> lifecycles(Store store, String rule, Scope scope) {
    List<Lifecycle> found = store.lifecycles(LifecycleFilter.all().withRule(rule).withScope(scope));
    assertThat(found).as(rule + " in " + scope).isNotEmpty();
    return found;
  }

  private static List<String> fingerprints(Store store, String rule, Scope scope) {
    return lifecycles(store, rule, scope).stream().map(Lifecycle::fingerprint).toList();
  }

  private static void patch(SandboxServer sandbox, String workspace, String value)
      throws Exception {
    send(
        sandbox,
        "/_sandbox/estate",
        "PATCH",
        "application/json-patch+json",
        "[{\"op\": \"replace\", \"path\": \"/workspaces/"
            + workspace
            + "/workspace_conf/enableResultsDownloading\", \"value\": \""
            + value
            + "\"}]");
  }

  private static void faults(SandboxServer sandbox, String document) throws Exception {
    send(sandbox, "/_sandbox/faults", "POST", "application/json", document);
  }

  private static void send(
      SandboxServer sandbox, String path, String method, String type, String body)
      throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.host() + path))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", type)
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
