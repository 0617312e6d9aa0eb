package io.plumbline.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.audit.AuditService;
import io.plumbline.audit.EvaluationService;
import io.plumbline.audit.ScanOutcome;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ScanProgress;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store holding four scans of the sandbox's reference estate, judged by the real rule pack and
 * policies, with changes, fixes and a failed read between them:
 *
 * <ol>
 *   <li>the reference estate as it is;
 *   <li>prod's results downloading fixed (its DBX-WSC-001 finding resolves), dev's switched on by
 *       hand (a new DBX-WSC-001 finding in dev);
 *   <li>dev's workspace settings cannot be read (403): the scan is INCOMPLETE and DBX-WSC-001 is
 *       UNKNOWN in dev;
 *   <li>the read works again.
 * </ol>
 *
 * Built once per test JVM ({@link #shared()}: four real scans take seconds); tests only read it,
 * and copy it when they must change it.
 */
public final class AuditorStore implements AutoCloseable {

  private static AuditorStore shared;

  /** The one store of this JVM, built on first use and removed when the JVM exits. */
  public static synchronized AuditorStore shared() throws Exception {
    if (shared == null) {
      AuditorStore built = build();
      Runtime.getRuntime().addShutdownHook(new Thread(built::close));
      shared = built;
    }
    return shared;
  }

  public static final String SETTING_RULE = "DBX-WSC-001";
  public static final String DEV = "workspace:1000000000000101";
  public static final String PROD = "workspace:1000000000000303";
  private static final String TOKEN = "dapi-plumbline-sandbox-token";

  public final Path directory;
  public final String url;
  public final Instant before;
  public final Instant afterIncomplete;
  public final List<ScanOutcome> scans = new ArrayList<>();

  private AuditorStore(Path directory, String url, Instant before, Instant afterIncomplete) {
    this.directory = directory;
    this.url = url;
    this.before = before;
    this.afterIncomplete = afterIncomplete;
  }

  public static AuditorStore build() throws Exception {
    Path directory = Files.createTempDirectory("plumbline-auditor-");
    String url = "jdbc:h2:file:" + directory.resolve("store/plumbline").toAbsolutePath();
    EvaluationService evaluation = new EvaluationService(Clock.systemUTC(), "test", Path.of(""));
    EvaluationService.Prepared prepared = evaluation.prepare(EvaluationService.Options.defaults());
    Instant before = Instant.now().minusSeconds(1);
    List<ScanOutcome> outcomes = new ArrayList<>();
    Instant afterIncomplete;
    try (SandboxServer sandbox =
            SandboxServer.start(SandboxOptions.of(EstateLoader.loadDefault()).withPorts(0, 0));
        Store store = Store.open(StoreSettings.of(url))) {
      AuditService audit = new AuditService(evaluation, Optional.of(store), Clock.systemUTC());
      outcomes.add(scan(audit, sandbox, prepared, directory, "1"));
      patch(sandbox, "prod", "false");
      patch(sandbox, "dev", "true");
      outcomes.add(scan(audit, sandbox, prepared, directory, "2"));
      faults(
          sandbox,
          "{\"faults\": [{\"match\": \"/api/2.0/workspace-conf\", \"workspace\": 1000000000000101,"
              + " \"status\": 403}]}");
      outcomes.add(scan(audit, sandbox, prepared, directory, "3"));
      assertThat(outcomes.get(2).snapshot().isComplete()).isFalse();
      afterIncomplete = Instant.now();
      faults(sandbox, "{\"faults\": []}");
      outcomes.add(scan(audit, sandbox, prepared, directory, "4"));
    }
    AuditorStore built = new AuditorStore(directory, url, before, afterIncomplete);
    built.scans.addAll(outcomes);
    return built;
  }

  public Store open() {
    return Store.open(StoreSettings.of(url));
  }

  /** From before the first scan up to (not including) the scan after the failed read. */
  public Period incompletePeriod() {
    return new Period(before, afterIncomplete, "until the failed read");
  }

  /** All four scans. */
  public Period wholePeriod() {
    return new Period(before, Instant.now().plusSeconds(60), "all four scans");
  }

  @Override
  public void close() {
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ScanOutcome scan(
      AuditService audit,
      SandboxServer sandbox,
      EvaluationService.Prepared prepared,
      Path directory,
      String name) {
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
        new AuditService.Output(directory.resolve("scans/" + name), Set.of(ReportFormat.JSON)));
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
