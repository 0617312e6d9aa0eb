package io.plumbline.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Severity;
import io.plumbline.policy.Frameworks;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Period reports built from a real store holding four scans of the sandbox (see {@link
 * AuditorStore}): controls by framework from the recorded policies, a failed read that leaves its
 * controls not assessed, fixes and breaches of (deliberately tiny) SLOs, and the PDF read back.
 */
class PeriodReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static AuditorStore estate;

  @BeforeAll
  static void buildStore() throws Exception {
    estate = AuditorStore.shared();
  }

  /** Every SLO one millisecond: every resolved finding was resolved late, every FAIL open past. */
  private static Slos tiny() {
    Map<Severity, Duration> slos = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      slos.put(severity, Duration.ofMillis(1));
    }
    return new Slos(slos);
  }

  private static PeriodReport report(Store store, Period period, Slos slos) {
    return new PeriodReportBuilder(
            store, slos, Duration.ofHours(25), Optional.empty(), "test", "PeriodReportTest")
        .build(period, PeriodReportBuilder.ALL, Instant.now());
  }

  @Test
  void aPeriodEndingOnAFailedReadShowsItsControlsAsNotAssessedNeverPassed() {
    try (Store store = estate.open()) {
      PeriodReport report = report(store, estate.incompletePeriod(), Slos.defaults());
      assertThat(report.cadence().scans()).hasSize(3);
      assertThat(report.cover().endScanId()).isEqualTo(estate.scans.get(2).scanId());

      List<PeriodReport.ControlResult> withSetting =
          report.controls().stream()
              .filter(
                  control ->
                      control.rules().stream()
                          .anyMatch(rule -> rule.ruleId().equals(AuditorStore.SETTING_RULE)))
              .toList();
      assertThat(withSetting).isNotEmpty();
      for (PeriodReport.ControlResult control : withSetting) {
        assertThat(control.status())
            .as(control.framework() + " " + control.controlId())
            .isIn(PeriodReport.UNKNOWN, PeriodReport.FAIL);
        assertThat(control.coverageComplete()).isFalse();
        PeriodReport.RuleResult setting =
            control.rules().stream()
                .filter(rule -> rule.ruleId().equals(AuditorStore.SETTING_RULE))
                .findFirst()
                .orElseThrow();
        assertThat(setting.unknown()).isPositive();
        assertThat(setting.status()).isEqualTo(PeriodReport.UNKNOWN);
      }
      // a control whose only failure-free rules include the unread one is UNKNOWN, not PASS
      assertThat(withSetting)
          .anySatisfy(control -> assertThat(control.status()).isEqualTo(PeriodReport.UNKNOWN));
      // the failing days of the period are counted for the controls that failed in it
      assertThat(withSetting)
          .anySatisfy(control -> assertThat(control.daysFailedCount()).isPositive());
    }
  }

  @Test
  void theWholePeriodCountsFixesOpeningsAndSloBreachesFromTheStore() {
    try (Store store = estate.open()) {
      PeriodReport report = report(store, estate.wholePeriod(), tiny());
      assertThat(report.cadence().scans()).hasSize(4);
      assertThat(report.cover().rulePackHashes())
          .singleElement()
          .asString()
          .matches("sha256:[0-9a-f]{64}");

      // every control of every framework recorded with the scans is in the report
      Map<String, String> policies =
          store.inputs(store.latest().orElseThrow().policiesHash().orElseThrow()).orElseThrow();
      int controls =
          Frameworks.fromPolicyFiles(policies).stream().mapToInt(f -> f.controls().size()).sum();
      assertThat(report.controls()).hasSize(controls);
      assertThat(report.cover().frameworks())
          .extracting(PeriodReport.FrameworkRef::id)
          .containsExactly("cis-databricks", "dasf", "nist-800-53", "soc2");

      // prod's fix in scan 2 is a resolution, dev's change an opening
      String second = estate.scans.get(1).scanId();
      List<String> resolvedInSecond =
          estate.scans.get(1).receipt().orElseThrow().events(LifecycleEventKind.RESOLVED).stream()
              .map(LifecycleEvent::fingerprint)
              .toList();
      assertThat(resolvedInSecond).isNotEmpty();
      assertThat(report.resolved())
          .filteredOn(change -> change.scanId().equals(second))
          .extracting(PeriodReport.FindingChange::fingerprint)
          .containsExactlyInAnyOrderElementsOf(resolvedInSecond);
      assertThat(report.opened())
          .filteredOn(
              change ->
                  change.ruleId().equals(AuditorStore.SETTING_RULE)
                      && change.resource().contains(AuditorStore.DEV))
          .isNotEmpty();
      // with SLOs of a millisecond every resolution was late and every open FAIL is past its SLO
      assertThat(report.sloBreaches())
          .filteredOn(breach -> breach.kind().equals("resolved late"))
          .extracting(PeriodReport.SloBreach::fingerprint)
          .containsAll(resolvedInSecond);
      long openFails =
          report.openAtEnd().stream().filter(finding -> finding.verdict().equals("FAIL")).count();
      assertThat(openFails).isPositive();
      assertThat(report.sloBreaches())
          .filteredOn(breach -> breach.kind().equals("open past SLO"))
          .hasSize((int) openFails);
      assertThat(report.remediation())
          .anySatisfy(
              remediation -> {
                assertThat(remediation.resolved()).isPositive();
                assertThat(remediation.p90Hours()).isGreaterThanOrEqualTo(remediation.p50Hours());
              });
      // the change of scan 2 and the unread settings of scan 3 are drift of the period
      assertThat(report.drift()).isNotEmpty();
      assertThat(report.chain().intact()).isTrue();
      assertThat(report.chain().periodScansCovered()).isTrue();
      // the last scan read everything again: the setting's controls are judged again
      assertThat(report.controls())
          .filteredOn(
              control ->
                  control.rules().stream()
                      .anyMatch(rule -> rule.ruleId().equals(AuditorStore.SETTING_RULE)))
          .allSatisfy(control -> assertThat(control.status()).isEqualTo(PeriodReport.FAIL));
      // workspaces are named and grouped by their baseline tiers
      assertThat(report.scopes())
          .filteredOn(scope -> scope.scope().equals(AuditorStore.PROD))
          .singleElement()
          .satisfies(scope -> assertThat(scope.tiers()).contains("prod"));
    }
  }

  @Test
  void theSameModelRendersAsJsonCsvHtmlAndAPdfThatNamesEveryControlRuleAndBreach()
      throws Exception {
    Path out = Path.of("target/period-report-test");
    PeriodReport report;
    try (Store store = estate.open()) {
      report = report(store, estate.wholePeriod(), tiny());
    }
    List<Path> written =
        PeriodReportWriter.writeAll(report, out, Set.of(PeriodReportWriter.Format.values()));
    assertThat(written).hasSize(4);

    JsonNode json = JSON.readTree(out.resolve("period-report.json").toFile());
    assertThat(json.path("schema_version").asInt()).isEqualTo(1);
    assertThat(json.path("controls")).hasSize(report.controls().size());
    assertThat(json.path("controls").get(0).path("control_id").asText())
        .isEqualTo(report.controls().get(0).controlId());

    List<String> csv = Files.readAllLines(out.resolve("period-report.csv"));
    assertThat(csv.get(0)).startsWith("framework,control_id,control_title,control_status");
    assertThat(csv).hasSize(1 + report.controls().stream().mapToInt(c -> c.rules().size()).sum());

    String html = Files.readString(out.resolve("period-report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("Compliance period report").contains("SLO breaches");

    byte[] pdf = Files.readAllBytes(out.resolve("period-report.pdf"));
    String text;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isGreaterThan(3);
      text = new PDFTextStripper().getText(document);
      // a running header and page numbers on the pages after the cover
      PDFTextStripper second = new PDFTextStripper();
      second.setStartPage(2);
      second.setEndPage(2);
      assertThat(second.getText(document))
          .contains("Compliance period report")
          .containsPattern("Page 2 of \\d+");
    }
    String compact = text.replaceAll("\\s+", "");
    List<String> missing = new ArrayList<>();
    for (PeriodReport.ControlResult control : report.controls()) {
      expectIn(compact, control.controlId(), missing);
      control.rules().forEach(rule -> expectIn(compact, rule.ruleId(), missing));
    }
    assertThat(report.sloBreaches()).isNotEmpty();
    for (PeriodReport.SloBreach breach : report.sloBreaches()) {
      expectIn(compact, breach.ruleId() + "(" + breach.severity() + ")" + breach.kind(), missing);
      expectIn(compact, breach.resource(), missing);
    }
    assertThat(missing).as("ids the PDF's text lacks").isEmpty();
    // the table of contents carries the page numbers of its sections
    assertThat(text).containsPattern("Controls by framework\\s+·\\s+page \\d+");

    // the same text through poppler, and page 1 as a PNG for people to look at
    Path pdfFile = out.resolve("period-report.pdf").toAbsolutePath();
    String poppler = run("pdftotext", "-layout", pdfFile.toString(), "-");
    assertThat(poppler).contains("Compliance period report");
    run(
        "pdftoppm",
        "-png",
        "-r",
        "60",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdfFile.toString(),
        out.resolve("period-report-page1").toAbsolutePath().toString());
    assertThat(out.resolve("period-report-page1.png")).isNotEmptyFile();
  }

  private static void expectIn(String compact, String id, List<String> missing) {
    if (!compact.contains(id.replaceAll("\\s+", ""))) {
      missing.add(id);
    }
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    return new String(output, StandardCharsets.UTF_8);
  }
}
