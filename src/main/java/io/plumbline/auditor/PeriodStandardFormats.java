package io.plumbline.auditor;

import io.plumbline.error.PlumblineException;
import io.plumbline.export.report.OcsfReportWriter;
import io.plumbline.export.report.OscalReportWriter;
import io.plumbline.export.report.ReportModel;
import io.plumbline.export.report.SnapshotSummary;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Frameworks;
import io.plumbline.store.FindingFilter;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoredFinding;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code plumbline report --format ocsf,oscal}: the period in the standard formats. OCSF: the
 * findings the period's last scan stored (FAIL, WAIVED, UNKNOWN; PASS findings are counted, not
 * stored), one Compliance Finding event each. OSCAL: an assessment-results document whose findings
 * are the report's controls at period end, an UNKNOWN control only observed.
 */
public final class PeriodStandardFormats {

  public static final String OCSF_FILE = "period-findings.ocsf.jsonl";
  public static final String OSCAL_FILE = "period-assessment-results.oscal.json";

  private PeriodStandardFormats() {}

  public static Path writeOcsf(
      Store store, PeriodReport report, String toolVersion, Path directory) {
    StringWriter out = new StringWriter();
    Optional<String> end = Optional.ofNullable(report.cover().endScanId());
    if (end.isPresent()) {
      ScanSummary scan = store.scan(end.get()).orElseThrow();
      Snapshot snapshot =
          store
              .snapshot(scan.scanId())
              .orElseThrow(
                  () -> PlumblineException.userError("scan " + scan.scanId() + " has no snapshot"));
      List<Finding> findings = new ArrayList<>();
      for (StoredFinding stored : store.findings(scan.scanId(), FindingFilter.all())) {
        findings.add(stored.finding());
      }
      Map<String, List<String>> references = new TreeMap<>();
      Map<String, String> policies = scan.policiesHash().flatMap(store::inputs).orElse(Map.of());
      for (Frameworks.Framework framework : Frameworks.fromPolicyFiles(policies)) {
        for (Frameworks.Control control : framework.controls()) {
          for (String rule : control.rules()) {
            references
                .computeIfAbsent(rule, key -> new ArrayList<>())
                .add(framework.id() + ":" + control.id());
          }
        }
      }
      ReportModel model =
          new ReportModel(
              toolVersion,
              scan.finishedAt(),
              SnapshotSummary.of(snapshot),
              new Evaluation(findings, List.of()),
              List.of(),
              references,
              Optional.empty(),
              scan.rulesHash().orElse("not recorded"));
      try {
        new OcsfReportWriter().write(model, out);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return write(directory.resolve(OCSF_FILE), out.toString());
  }

  public static Path writeOscal(PeriodReport report, Path directory) {
    PeriodReport.Cover cover = report.cover();
    OscalReportWriter.Builder document =
        new OscalReportWriter.Builder(
            cover.title(),
            "period/" + cover.periodFrom() + "/" + cover.periodTo() + "/" + cover.endScanId(),
            cover.toolVersion(),
            Instant.parse(cover.periodFrom()),
            cover.endScanAt() == null
                ? Instant.parse(cover.periodTo())
                : Instant.parse(cover.endScanAt()),
            "Framework controls at the end of the period "
                + cover.periodLabel()
                + ", judged by scan "
                + (cover.endScanId() == null ? "(none)" : cover.endScanId())
                + " with rule pack "
                + String.join(", ", cover.rulePackHashes())
                + ".");
    Map<String, String> observed = new TreeMap<>();
    for (PeriodReport.ControlResult control : report.controls()) {
      List<String> observations = new ArrayList<>();
      for (PeriodReport.RuleResult rule : control.rules()) {
        String uuid =
            observed.computeIfAbsent(
                rule.ruleId(),
                id ->
                    document.observation(
                        "rule/" + id,
                        id + " " + rule.status(),
                        (rule.status().equals(PeriodReport.UNKNOWN) ? "Not assessed: " : "")
                            + id
                            + " at period end: "
                            + rule.pass()
                            + " pass, "
                            + rule.fail()
                            + " fail, "
                            + rule.waived()
                            + " waived, "
                            + rule.unknown()
                            + " not judged (data not read completely).",
                        rule.status().equals(PeriodReport.UNKNOWN) ? "discovery" : "finding",
                        "estate",
                        "period-report.json#" + id,
                        Map.of("rule-id", id, "verdict", rule.status())));
        observations.add(uuid);
      }
      String status =
          switch (control.status()) {
            case PeriodReport.FAIL -> "FAIL";
            case PeriodReport.PASS, PeriodReport.WAIVED, PeriodReport.NOT_APPLICABLE -> "PASS";
            default -> "UNKNOWN";
          };
      document.control(
          new OscalReportWriter.ControlResult(
              control.framework() + ":" + control.controlId(),
              status,
              observations,
              control.title()
                  + ": "
                  + control.status().toLowerCase(Locale.ROOT)
                  + ", failed on "
                  + control.daysFailedCount()
                  + " days of the period"));
    }
    try {
      return write(
          directory.resolve(OSCAL_FILE),
          new com.fasterxml.jackson.databind.ObjectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(document.build())
              + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw PlumblineException.userError("cannot write " + file + ": " + e.getMessage());
    }
  }
}
