package io.plumbline.auditor;

import io.plumbline.model.Verdict;
import io.plumbline.policy.Frameworks;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frameworks and the status of their controls as of a time, from the store alone: what {@code
 * GET /api/v1/frameworks} and {@code GET /api/v1/frameworks/{id}/controls?at=DATE} serve. The
 * controls are judged by the last scan with a snapshot started at or before the time, with the
 * framework mappings that scan recorded; statuses as in period reports (UNKNOWN never PASS).
 */
public final class FrameworkViews {

  public record FrameworkView(String id, String title, String version, int controls) {}

  public record RuleVerdicts(
      String ruleId, long pass, long fail, long waived, long unknown, String status) {}

  public record ControlView(String id, String title, String status, List<RuleVerdicts> rules) {}

  public record ControlsAt(
      String framework,
      String at,
      String scanId,
      String scanStartedAt,
      List<ControlView> controls) {}

  private FrameworkViews() {}

  public static List<FrameworkView> frameworks(Store store) {
    return mappings(store, store.latestWithSnapshot()).stream()
        .map(f -> new FrameworkView(f.id(), f.title(), f.version(), f.controls().size()))
        .toList();
  }

  /** Empty when no framework has the id. */
  public static Optional<ControlsAt> controls(Store store, String frameworkId, Instant at) {
    Optional<ScanSummary> scan =
        store.scans(Optional.empty()).stream()
            .filter(ScanSummary::hasSnapshot)
            .filter(summary -> !summary.startedAt().isAfter(at))
            .reduce((first, second) -> second);
    Optional<Frameworks.Framework> framework =
        mappings(store, scan.isPresent() ? scan : store.latestWithSnapshot()).stream()
            .filter(f -> f.id().equals(frameworkId))
            .findFirst();
    if (framework.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Map<Verdict, Long>> verdicts =
        scan.map(summary -> PeriodReportBuilder.verdictsByRule(store, summary.scanId()))
            .orElse(Map.of());
    boolean judged = scan.isPresent();
    boolean complete = scan.map(summary -> summary.failedCoverageCount() == 0).orElse(false);
    List<ControlView> controls = new ArrayList<>();
    for (Frameworks.Control control : framework.get().controls()) {
      List<RuleVerdicts> rules = new ArrayList<>();
      long pass = 0;
      long fail = 0;
      long waived = 0;
      long unknown = 0;
      for (String rule : control.rules()) {
        Map<Verdict, Long> counts = verdicts.getOrDefault(rule, Map.of());
        long rulePass = counts.getOrDefault(Verdict.PASS, 0L);
        long ruleFail = counts.getOrDefault(Verdict.FAIL, 0L);
        long ruleWaived = counts.getOrDefault(Verdict.WAIVED, 0L);
        long ruleUnknown = counts.getOrDefault(Verdict.UNKNOWN, 0L);
        pass += rulePass;
        fail += ruleFail;
        waived += ruleWaived;
        unknown += ruleUnknown;
        rules.add(
            new RuleVerdicts(
                rule,
                rulePass,
                ruleFail,
                ruleWaived,
                ruleUnknown,
                PeriodReportBuilder.status(
                    rulePass, ruleFail, ruleWaived, ruleUnknown, judged, complete)));
      }
      controls.add(
          new ControlView(
              control.id(),
              control.title(),
              PeriodReportBuilder.status(pass, fail, waived, unknown, judged, complete),
              rules));
    }
    return Optional.of(
        new ControlsAt(
            frameworkId,
            at.toString(),
            scan.map(ScanSummary::scanId).orElse(null),
            scan.map(summary -> summary.startedAt().toString()).orElse(null),
            controls));
  }

  private static List<Frameworks.Framework> mappings(Store store, Optional<ScanSummary> scan) {
    List<Frameworks.Framework> recorded =
        scan.flatMap(ScanSummary::policiesHash)
            .flatMap(store::inputs)
            .map(Frameworks::fromPolicyFiles)
            .orElse(List.of());
    if (!recorded.isEmpty()) {
      return recorded;
    }
    Path policies = Path.of("policies");
    return Files.isDirectory(policies) ? Frameworks.load(policies) : List.of();
  }
}
