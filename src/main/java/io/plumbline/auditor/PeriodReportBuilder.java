package io.plumbline.auditor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.baseline.Baselines;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.policy.Frameworks;
import io.plumbline.policy.Frameworks.Control;
import io.plumbline.policy.Frameworks.Framework;
import io.plumbline.store.AppliedWaiver;
import io.plumbline.store.FindingFilter;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.ScopeCoverage;
import io.plumbline.store.Store;
import io.plumbline.store.StoredFinding;
import io.plumbline.store.VerifyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link PeriodReport} from the store alone: no collection, no evaluation. The controls
 * and their rules come from the framework mappings recorded with the period's last scan (the
 * policies it was judged with), else from the policies directory given.
 */
public final class PeriodReportBuilder {

  /** {@code all}, or one framework id. */
  public static final String ALL = "all";

  private final Store store;
  private final Slos slos;
  private final Duration allowedGap;
  private final Optional<Path> policiesFallback;
  private final String toolVersion;
  private final String generatedBy;

  /**
   * @param allowedGap the longest time between two scans the schedule allows; longer gaps are
   *     listed
   * @param policiesFallback where the framework mappings come from when the period's scans did not
   *     record their policies
   */
  public PeriodReportBuilder(
      Store store,
      Slos slos,
      Duration allowedGap,
      Optional<Path> policiesFallback,
      String toolVersion,
      String generatedBy) {
    this.store = requireNonNull(store, "store is null");
    this.slos = requireNonNull(slos, "slos is null");
    this.allowedGap = requireNonNull(allowedGap, "allowedGap is null");
    this.policiesFallback = requireNonNull(policiesFallback, "policiesFallback is null");
    this.toolVersion = requireNonNull(toolVersion, "toolVersion is null");
    this.generatedBy = requireNonNull(generatedBy, "generatedBy is null");
  }

  /** Per scan with a snapshot: rule -> verdict -> count. */
  private record Judged(ScanSummary scan, Map<String, Map<Verdict, Long>> byRule) {}

  public PeriodReport build(Period period, String framework, Instant now) {
    List<ScanSummary> scans =
        store.scans(Optional.of(period.from())).stream()
            .filter(scan -> period.contains(scan.startedAt()))
            .toList();
    Optional<ScanSummary> end =
        scans.stream().filter(ScanSummary::hasSnapshot).reduce((first, second) -> second);
    List<Framework> frameworks = frameworks(end, framework);

    List<Judged> judged = new ArrayList<>();
    for (ScanSummary scan : scans) {
      if (scan.hasSnapshot()) {
        judged.add(new Judged(scan, verdictsByRule(scan.scanId())));
      }
    }
    Optional<Judged> last =
        judged.isEmpty() ? Optional.empty() : Optional.of(judged.get(judged.size() - 1));
    Optional<Snapshot> endSnapshot = end.flatMap(scan -> store.snapshot(scan.scanId()));

    List<PeriodReport.ControlResult> controls = new ArrayList<>();
    for (Framework each : frameworks) {
      for (Control control : each.controls()) {
        controls.add(control(each, control, judged, last, end));
      }
    }

    List<StoredFinding> endFindings =
        end.map(scan -> store.findings(scan.scanId(), FindingFilter.all())).orElse(List.of());
    Map<String, Lifecycle> lifecycles = new HashMap<>();
    store.lifecycles(LifecycleFilter.all()).forEach(l -> lifecycles.put(l.fingerprint(), l));
    Instant endAt = end.map(ScanSummary::startedAt).orElse(period.to());
    Instant asOf = period.to().isAfter(now) ? now : period.to();

    List<PeriodReport.OpenFinding> open = new ArrayList<>();
    List<PeriodReport.SloBreach> breaches = new ArrayList<>();
    for (StoredFinding stored : endFindings) {
      Finding finding = stored.finding();
      if (finding.verdict() == Verdict.PASS) {
        continue;
      }
      Lifecycle lifecycle = lifecycles.get(finding.fingerprint());
      if (finding.verdict() == Verdict.UNKNOWN && (lifecycle == null)) {
        continue;
      }
      Instant openedAt = openedAt(finding.fingerprint(), endAt, lifecycle);
      Duration age = Duration.between(openedAt, asOf);
      open.add(
          new PeriodReport.OpenFinding(
              finding.fingerprint(),
              finding.ruleId(),
              lower(finding.severity()),
              finding.verdict().name(),
              finding.resourceAddress(),
              finding.message(),
              openedAt.toString(),
              age.toDays()));
      Optional<Duration> slo = slos.of(finding.severity());
      if (finding.verdict() == Verdict.FAIL && slo.isPresent() && age.compareTo(slo.get()) > 0) {
        breaches.add(
            new PeriodReport.SloBreach(
                finding.fingerprint(),
                finding.ruleId(),
                lower(finding.severity()),
                finding.resourceAddress(),
                "open past SLO",
                openedAt.toString(),
                null,
                hours(age),
                slo.get().toHours()));
      }
    }

    List<PeriodReport.FindingChange> opened = new ArrayList<>();
    List<PeriodReport.FindingChange> resolved = new ArrayList<>();
    Map<Severity, List<Duration>> remediation = new TreeMap<>();
    Map<Severity, Integer> lateBySeverity = new TreeMap<>();
    for (ScanSummary scan : scans) {
      for (LifecycleEvent event : store.events(scan.scanId())) {
        Lifecycle lifecycle = lifecycles.get(event.fingerprint());
        if (lifecycle == null) {
          continue;
        }
        boolean opens =
            event.kind() == LifecycleEventKind.NEW || event.kind() == LifecycleEventKind.REOPENED;
        if (!opens && event.kind() != LifecycleEventKind.RESOLVED) {
          continue;
        }
        PeriodReport.FindingChange change =
            new PeriodReport.FindingChange(
                event.fingerprint(),
                lifecycle.ruleId(),
                lower(lifecycle.severity()),
                lifecycle.resourceAddress(),
                lower(event.kind()),
                event.scanId(),
                event.at().toString());
        if (opens) {
          opened.add(change);
          continue;
        }
        resolved.add(change);
        Instant openedAt = openedAt(event.fingerprint(), event.at(), lifecycle);
        Duration took = Duration.between(openedAt, event.at());
        remediation.computeIfAbsent(lifecycle.severity(), key -> new ArrayList<>()).add(took);
        Optional<Duration> slo = slos.of(lifecycle.severity());
        if (slo.isPresent() && took.compareTo(slo.get()) > 0) {
          lateBySeverity.merge(lifecycle.severity(), 1, Integer::sum);
          breaches.add(
              new PeriodReport.SloBreach(
                  event.fingerprint(),
                  lifecycle.ruleId(),
                  lower(lifecycle.severity()),
                  lifecycle.resourceAddress(),
                  "resolved late",
                  openedAt.toString(),
                  event.at().toString(),
                  hours(took),
                  slo.get().toHours()));
        }
      }
    }
    List<PeriodReport.Remediation> remediations = new ArrayList<>();
    for (Severity severity : Severity.values()) {
      List<Duration> took = remediation.getOrDefault(severity, List.of());
      Optional<Duration> slo = slos.of(severity);
      if (took.isEmpty() && slo.isEmpty()) {
        continue;
      }
      long openLate =
          breaches.stream()
              .filter(b -> b.kind().equals("open past SLO") && b.severity().equals(lower(severity)))
              .count();
      remediations.add(
          new PeriodReport.Remediation(
              lower(severity),
              took.size(),
              mean(took),
              percentile(took, 50),
              percentile(took, 90),
              slo.map(Duration::toHours).orElse(0L),
              lateBySeverity.getOrDefault(severity, 0) + (int) openLate));
    }

    Optional<Baselines> baselines = end.flatMap(this::recordedBaselines);
    List<PeriodReport.ScopeResult> scopeResults = scopes(end, endFindings, endSnapshot, baselines);

    PeriodReport.Cover cover = cover(period, scans, end, endSnapshot, frameworks, now);
    return new PeriodReport(
        PeriodReport.SCHEMA_VERSION,
        cover,
        controls,
        scopeResults,
        open,
        opened,
        resolved,
        remediations,
        breaches,
        waivers(scans, period),
        cadence(scans, period, now),
        drift(scans),
        chain(scans));
  }

  // ---- controls ---------------------------------------------------------------------------------

  private PeriodReport.ControlResult control(
      Framework framework,
      Control control,
      List<Judged> judged,
      Optional<Judged> last,
      Optional<ScanSummary> end) {
    Set<String> failedDays = new TreeSet<>();
    for (Judged scan : judged) {
      for (String rule : control.rules()) {
        if (scan.byRule().getOrDefault(rule, Map.of()).getOrDefault(Verdict.FAIL, 0L) > 0) {
          failedDays.add(LocalDate.ofInstant(scan.scan().startedAt(), ZoneOffset.UTC).toString());
        }
      }
    }
    List<PeriodReport.RuleResult> rules = new ArrayList<>();
    long pass = 0;
    long fail = 0;
    long waived = 0;
    long unknown = 0;
    for (String rule : control.rules()) {
      Map<Verdict, Long> counts =
          last.map(scan -> scan.byRule().getOrDefault(rule, Map.of())).orElse(Map.of());
      long rulePass = counts.getOrDefault(Verdict.PASS, 0L);
      long ruleFail = counts.getOrDefault(Verdict.FAIL, 0L);
      long ruleWaived = counts.getOrDefault(Verdict.WAIVED, 0L);
      long ruleUnknown = counts.getOrDefault(Verdict.UNKNOWN, 0L);
      pass += rulePass;
      fail += ruleFail;
      waived += ruleWaived;
      unknown += ruleUnknown;
      rules.add(
          new PeriodReport.RuleResult(
              rule,
              rulePass,
              ruleFail,
              ruleWaived,
              ruleUnknown,
              status(
                  rulePass, ruleFail, ruleWaived, ruleUnknown, last.isPresent(), complete(end))));
    }
    String status = status(pass, fail, waived, unknown, last.isPresent(), complete(end));
    boolean coverageComplete =
        last.isPresent() && unknown == 0 && !status.equals(PeriodReport.UNKNOWN);
    return new PeriodReport.ControlResult(
        framework.id(),
        control.id(),
        control.title(),
        status,
        rules,
        failedDays.size(),
        List.copyOf(failedDays),
        coverageComplete);
  }

  private static boolean complete(Optional<ScanSummary> end) {
    return end.map(scan -> scan.failedCoverageCount() == 0).orElse(false);
  }

  /**
   * A known FAIL stands; otherwise anything judged on incomplete data, or nothing judged while some
   * read failed, is UNKNOWN: never PASS.
   */
  static String status(
      long pass, long fail, long waived, long unknown, boolean judged, boolean scanComplete) {
    if (!judged) {
      return PeriodReport.UNKNOWN;
    }
    if (fail > 0) {
      return PeriodReport.FAIL;
    }
    if (unknown > 0) {
      return PeriodReport.UNKNOWN;
    }
    if (waived > 0) {
      return PeriodReport.WAIVED;
    }
    if (pass > 0) {
      return PeriodReport.PASS;
    }
    return scanComplete ? PeriodReport.NOT_APPLICABLE : PeriodReport.UNKNOWN;
  }

  private Map<String, Map<Verdict, Long>> verdictsByRule(String scanId) {
    return verdictsByRule(store, scanId);
  }

  /** Per rule, how many findings of each verdict the scan had (PASS from its counts). */
  static Map<String, Map<Verdict, Long>> verdictsByRule(Store store, String scanId) {
    Map<String, Map<Verdict, Long>> byRule = new HashMap<>();
    store
        .passCounts(scanId)
        .forEach(
            (rule, count) ->
                byRule.computeIfAbsent(rule, key -> new HashMap<>()).put(Verdict.PASS, count));
    for (StoredFinding stored : store.findings(scanId, FindingFilter.all())) {
      byRule
          .computeIfAbsent(stored.finding().ruleId(), key -> new HashMap<>())
          .merge(stored.finding().verdict(), 1L, Long::sum);
    }
    return byRule;
  }

  private List<Framework> frameworks(Optional<ScanSummary> end, String selected) {
    List<Framework> all = List.of();
    Optional<String> recorded = end.flatMap(ScanSummary::policiesHash);
    if (recorded.isPresent()) {
      all = store.inputs(recorded.get()).map(Frameworks::fromPolicyFiles).orElse(List.of());
    }
    if (all.isEmpty() && policiesFallback.isPresent()) {
      all = Frameworks.load(policiesFallback.get());
    }
    if (all.isEmpty()) {
      throw PlumblineException.userError(
          "no framework mappings: the period's scans recorded none, and "
              + policiesFallback.map(path -> path + "/frameworks/ has none").orElse("no --policies")
              + " (expected policies/frameworks/*.yaml)");
    }
    if (selected.equals(ALL)) {
      return all;
    }
    List<Framework> chosen = all.stream().filter(f -> f.id().equals(selected)).toList();
    if (chosen.isEmpty()) {
      throw PlumblineException.userError(
          "--framework: unknown framework \""
              + selected
              + "\": expected "
              + String.join(", ", all.stream().map(Framework::id).toList())
              + " or all");
    }
    return chosen;
  }

  // ---- findings ---------------------------------------------------------------------------------

  /**
   * When the finding's current opening started: its last NEW or REOPENED at or before {@code at}.
   */
  private Instant openedAt(String fingerprint, Instant at, Lifecycle lifecycle) {
    Instant opened = lifecycle == null ? at : lifecycle.firstSeenAt();
    for (LifecycleEvent event : store.history(fingerprint)) {
      if (event.at().isAfter(at)) {
        break;
      }
      if (event.kind() == LifecycleEventKind.NEW || event.kind() == LifecycleEventKind.REOPENED) {
        opened = event.at();
      }
    }
    return opened;
  }

  private static double hours(Duration duration) {
    return Math.round(duration.toMinutes() / 6.0) / 10.0;
  }

  private static double mean(List<Duration> durations) {
    if (durations.isEmpty()) {
      return 0;
    }
    return hours(
        Duration.ofSeconds(
            durations.stream().mapToLong(Duration::toSeconds).sum() / durations.size()));
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Duration> durations, int percent) {
    if (durations.isEmpty()) {
      return 0;
    }
    List<Duration> sorted = durations.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return hours(sorted.get(Math.max(0, rank - 1)));
  }

  // ---- scopes -----------------------------------------------------------------------------------

  private List<PeriodReport.ScopeResult> scopes(
      Optional<ScanSummary> end,
      List<StoredFinding> findings,
      Optional<Snapshot> snapshot,
      Optional<Baselines> baselines) {
    if (end.isEmpty()) {
      return List.of();
    }
    Map<Scope, long[]> counts = new TreeMap<>();
    for (ScopeCoverage coverage : store.coverageByScope(end.get().scanId())) {
      long[] row = counts.computeIfAbsent(coverage.scope(), key -> new long[5]);
      row[3] = coverage.complete();
      row[4] = coverage.attempted() - coverage.complete();
    }
    for (StoredFinding stored : findings) {
      long[] row = counts.computeIfAbsent(stored.finding().scope(), key -> new long[5]);
      switch (stored.finding().verdict()) {
        case FAIL -> row[0]++;
        case WAIVED -> row[1]++;
        case UNKNOWN -> row[2]++;
        default -> {}
      }
    }
    Map<Long, Resource> workspaces = new HashMap<>();
    snapshot.ifPresent(
        taken ->
            taken.resources(ResourceCatalogue.MWS_WORKSPACES.name()).stream()
                .filter(resource -> resource.attribute("/workspace_id").canConvertToLong())
                .forEach(
                    resource ->
                        workspaces.put(resource.attribute("/workspace_id").asLong(), resource)));
    List<PeriodReport.ScopeResult> results = new ArrayList<>();
    counts.forEach(
        (scope, row) -> {
          String name = scope.toString();
          List<String> tiers = List.of();
          if (scope.kind() == ScopeKind.WORKSPACE) {
            long id = Long.parseLong(scope.id());
            Resource workspace = workspaces.get(id);
            if (workspace != null) {
              name = workspace.attribute("/workspace_name").asText(name);
              Map<String, String> tags = new TreeMap<>();
              JsonNode custom = workspace.attribute("/custom_tags");
              custom
                  .fields()
                  .forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
              String workspaceName = name;
              tiers =
                  baselines
                      .map(loaded -> loaded.tiersOf(workspaceName, id, tags))
                      .orElse(List.of());
            }
          }
          results.add(
              new PeriodReport.ScopeResult(
                  scope.toString(), name, tiers, row[0], row[1], row[2], row[3], row[4]));
        });
    return results;
  }

  private Optional<Baselines> recordedBaselines(ScanSummary end) {
    Optional<Map<String, String>> files = end.policiesHash().flatMap(store::inputs);
    try {
      if (files.isPresent()) {
        Path directory = PolicyFiles.materialize(files.get());
        try {
          return Optional.of(Baselines.load(directory));
        } finally {
          PolicyFiles.delete(directory);
        }
      }
      return policiesFallback.map(Baselines::load);
    } catch (RuntimeException e) {
      // tiers are a grouping aid: a report is still whole without them
      return Optional.empty();
    }
  }

  // ---- cover, waivers, cadence, drift, chain ----------------------------------------------------

  private PeriodReport.Cover cover(
      Period period,
      List<ScanSummary> scans,
      Optional<ScanSummary> end,
      Optional<Snapshot> snapshot,
      List<Framework> frameworks,
      Instant now) {
    Set<String> accounts = new TreeSet<>();
    Set<String> workspaces = new TreeSet<>();
    snapshot.ifPresent(
        taken ->
            taken
                .coverage()
                .forEach(
                    coverage -> {
                      Scope scope = coverage.scope();
                      if (scope.kind() == ScopeKind.WORKSPACE) {
                        workspaces.add(scope.toString());
                      } else {
                        accounts.add(scope.toString());
                      }
                    }));
    Set<String> rulePacks = new LinkedHashSet<>();
    Set<String> policies = new LinkedHashSet<>();
    for (ScanSummary scan : scans) {
      if (scan.hasSnapshot()) {
        rulePacks.add(scan.rulesHash().orElse("not recorded"));
        policies.add(scan.policiesHash().orElse("not recorded"));
      }
    }
    return new PeriodReport.Cover(
        "Compliance period report " + period.label(),
        period.label(),
        period.from().toString(),
        period.to().toString(),
        List.copyOf(accounts),
        List.copyOf(workspaces),
        frameworks.stream()
            .map(
                f ->
                    new PeriodReport.FrameworkRef(
                        f.id(), f.title(), f.version(), f.controls().size()))
            .toList(),
        List.copyOf(rulePacks),
        List.copyOf(policies),
        end.map(ScanSummary::scanId).orElse(null),
        end.map(scan -> scan.startedAt().toString()).orElse(null),
        now.toString(),
        generatedBy,
        toolVersion,
        store.settings().displayUrl());
  }

  private PeriodReport.WaiverSummary waivers(List<ScanSummary> scans, Period period) {
    Map<String, AppliedWaiver> atEnd = new TreeMap<>();
    Map<String, AppliedWaiver> seen = new TreeMap<>();
    Map<String, AppliedWaiver> expired = new TreeMap<>();
    Set<String> before = new TreeSet<>();
    Optional<ScanSummary> previous =
        store.scans(Optional.empty()).stream()
            .filter(scan -> scan.startedAt().isBefore(period.from()) && scan.hasSnapshot())
            .reduce((first, second) -> second);
    previous.ifPresent(
        scan ->
            store.waivers(scan.scanId()).stream()
                .filter(waiver -> waiver.state().isInForce())
                .forEach(waiver -> before.add(waiver.waiverId())));
    List<ScanSummary> judged = scans.stream().filter(ScanSummary::hasSnapshot).toList();
    for (int index = 0; index < judged.size(); index++) {
      List<AppliedWaiver> applied = store.waivers(judged.get(index).scanId());
      for (AppliedWaiver waiver : applied) {
        seen.putIfAbsent(waiver.waiverId(), waiver);
        if (waiver.state() == WaiverState.EXPIRED) {
          expired.put(waiver.waiverId(), waiver);
        }
      }
      if (index == judged.size() - 1) {
        applied.forEach(waiver -> atEnd.put(waiver.waiverId(), waiver));
      }
    }
    return new PeriodReport.WaiverSummary(
        atEnd.values().stream().filter(w -> w.state().isInForce()).map(this::entry).toList(),
        seen.values().stream()
            .filter(w -> w.state().isInForce() && !before.contains(w.waiverId()))
            .map(this::entry)
            .toList(),
        expired.values().stream().map(this::entry).toList(),
        atEnd.values().stream()
            .filter(w -> w.state() == WaiverState.EXPIRING)
            .map(this::entry)
            .toList());
  }

  private PeriodReport.WaiverEntry entry(AppliedWaiver waiver) {
    return new PeriodReport.WaiverEntry(
        waiver.waiverId(),
        lower(waiver.state()),
        waiver.expires().toString(),
        waiver.owner(),
        waiver.ticket(),
        waiver.justification(),
        waiver.source(),
        waiver.fingerprints().size());
  }

  private PeriodReport.Cadence cadence(List<ScanSummary> scans, Period period, Instant now) {
    List<PeriodReport.ScanEntry> entries = new ArrayList<>();
    List<PeriodReport.Gap> gaps = new ArrayList<>();
    Instant previous = period.from();
    for (ScanSummary scan : scans) {
      entries.add(
          new PeriodReport.ScanEntry(
              scan.seq(),
              scan.scanId(),
              scan.startedAt().toString(),
              scan.status().name(),
              scan.resourceCount(),
              scan.failedCoverageCount(),
              scan.rulesHash().orElse(null)));
      gap(previous, scan.startedAt(), gaps);
      previous = scan.startedAt();
    }
    Instant end = period.to().isAfter(now) ? now : period.to();
    gap(previous, end, gaps);
    return new PeriodReport.Cadence(hours(allowedGap), entries, gaps);
  }

  private void gap(Instant from, Instant to, List<PeriodReport.Gap> gaps) {
    Duration between = Duration.between(from, to);
    if (between.compareTo(allowedGap) > 0) {
      gaps.add(new PeriodReport.Gap(from.toString(), to.toString(), hours(between)));
    }
  }

  private List<PeriodReport.DriftCause> drift(List<ScanSummary> scans) {
    record Key(String cause, String kind, String type) {}
    Map<Key, int[]> causes = new LinkedHashMap<>();
    for (ScanSummary scan : scans) {
      Optional<Drift> drift = store.drift(scan.scanId());
      if (drift.isEmpty()) {
        continue;
      }
      for (ChangeGroup group : drift.get().groups()) {
        int[] counts =
            causes.computeIfAbsent(
                new Key(group.cause(), lower(group.kind()), group.resourceType()),
                key -> new int[2]);
        counts[0]++;
        counts[1] += group.places().size();
      }
    }
    List<PeriodReport.DriftCause> result = new ArrayList<>();
    causes.forEach(
        (key, counts) ->
            result.add(
                new PeriodReport.DriftCause(
                    key.cause(), key.kind(), key.type(), counts[0], counts[1])));
    result.sort(Comparator.comparing(PeriodReport.DriftCause::places).reversed());
    return result;
  }

  private PeriodReport.Chain chain(List<ScanSummary> scans) {
    VerifyResult result = store.verify();
    long lastChecked = result.anchorSeq() + result.scansChecked();
    boolean covered =
        scans.stream()
            .allMatch(scan -> scan.seq() > result.anchorSeq() && scan.seq() <= lastChecked);
    return new PeriodReport.Chain(
        result.intact(),
        result.describe(),
        result.anchorSeq(),
        result.headSeq(),
        result.headHash(),
        covered);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
