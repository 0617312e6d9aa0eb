package io.plumbline.serve;

import io.plumbline.export.metrics.Posture;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.store.AppliedWaiver;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.ScopeCoverage;
import io.plumbline.store.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads what the gauges show from the store: the posture after its latest scan. */
final class PostureReader {

  Posture read(Store store, ScanSummary latest, Instant now, LifecycleFilter open) {
    Map<List<String>, Long> findings = new TreeMap<>(PostureReader::compareKeys);
    Map<List<String>, Long> workspaces = new TreeMap<>(PostureReader::compareKeys);
    for (Lifecycle lifecycle : store.lifecycles(open)) {
      String severity = lower(lifecycle.severity());
      String verdict = verdictLabel(lifecycle);
      findings.merge(List.of(severity, lifecycle.ruleId(), verdict), 1L, Long::sum);
      if (verdict.equals("fail")) {
        workspaces.merge(List.of(lifecycle.scope().toString(), severity), 1L, Long::sum);
      }
    }
    List<Posture.FindingCount> findingCounts = new ArrayList<>();
    findings.forEach(
        (key, count) ->
            findingCounts.add(new Posture.FindingCount(key.get(0), key.get(1), key.get(2), count)));

    Map<String, Long> drift = new LinkedHashMap<>();
    for (ChangeKind kind : ChangeKind.values()) {
      drift.put(kind.label(), 0L);
    }
    Map<String, Double> coverage = new HashMap<>();
    Optional<ScanSummary> withSnapshot = store.latestWithSnapshot();
    if (withSnapshot.isPresent()) {
      String scanId = withSnapshot.get().scanId();
      store
          .drift(scanId)
          .ifPresent(
              changes ->
                  changes.countsByKind().forEach((kind, count) -> drift.put(kind.label(), count)));
      for (ScopeCoverage scope : store.coverageByScope(scanId)) {
        coverage.put(scope.scope().toString(), scope.ratio());
      }
    }
    // every scope the latest scan read shows all five severities, so a cleaned-up workspace
    // reads 0 instead of vanishing
    for (String scope : coverage.keySet()) {
      for (Severity each : Severity.values()) {
        workspaces.putIfAbsent(List.of(scope, lower(each)), 0L);
      }
    }

    List<Posture.WorkspaceCount> workspaceCounts = new ArrayList<>();
    workspaces.forEach(
        (key, count) ->
            workspaceCounts.add(new Posture.WorkspaceCount(key.get(0), key.get(1), count)));

    Map<String, Long> expiring = new LinkedHashMap<>();
    expiring.put("7d", 0L);
    expiring.put("30d", 0L);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    for (AppliedWaiver waiver : store.waivers(latest.scanId())) {
      if (waiver.state() == WaiverState.EXPIRED) {
        continue;
      }
      if (!waiver.expires().isAfter(today.plusDays(7))) {
        expiring.merge("7d", 1L, Long::sum);
      }
      if (!waiver.expires().isAfter(today.plusDays(30))) {
        expiring.merge("30d", 1L, Long::sum);
      }
    }
    return new Posture(findingCounts, workspaceCounts, drift, coverage, expiring);
  }

  private static String verdictLabel(Lifecycle lifecycle) {
    if (lifecycle.waived()) {
      return "waived";
    }
    // an open finding whose data could not be read this time has no verdict, or UNKNOWN: it is
    // not known to fail, and it is not resolved either
    return lifecycle.lastVerdict().filter(verdict -> verdict == Verdict.FAIL).isPresent()
        ? "fail"
        : "unknown";
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static int compareKeys(List<String> left, List<String> right) {
    return String.join("\u0000", left).compareTo(String.join("\u0000", right));
  }
}
