package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.auditor.AuditorStore;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline report} as users run it, on a store of four sandbox scans. */
class ReportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void thisMonthsReportIsWrittenAsPdfHtmlAndJsonFromTheStoreAlone() throws Exception {
    AuditorStore estate = AuditorStore.shared();
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    InProcessCli.Outcome run =
        InProcessCli.run(
            "report",
            "--period",
            month,
            "--format",
            "pdf,html,json",
            "--store-url",
            estate.url,
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("period " + month + ": 4 scans").contains("chain intact");
    assertThat(out.resolve("period-report.pdf")).isNotEmptyFile();
    assertThat(out.resolve("period-report.html")).isNotEmptyFile();
    assertThat(out.resolve("period-report.csv")).doesNotExist();
    JsonNode report = JSON.readTree(out.resolve("period-report.json").toFile());
    assertThat(report.path("cover").path("period_label").asText()).isEqualTo(month);
    assertThat(report.path("cadence").path("scans")).hasSize(4);

    InProcessCli.Outcome one =
        InProcessCli.run(
            "report",
            "--from",
            estate.before.toString(),
            "--to",
            estate.afterIncomplete.toString(),
            "--framework",
            "nist-800-53",
            "--format",
            "json",
            "--store-url",
            estate.url,
            "--out",
            out.resolve("nist").toString());
    assertThat(one.exitCode()).as(one.err()).isZero();
    JsonNode nist = JSON.readTree(out.resolve("nist/period-report.json").toFile());
    assertThat(nist.path("cover").path("frameworks")).hasSize(1);
    InProcessCli.Outcome standard =
        InProcessCli.run(
            "report",
            "--period",
            month,
            "--format",
            "ocsf,oscal",
            "--store-url",
            estate.url,
            "--out",
            out.resolve("standard").toString());
    assertThat(standard.exitCode()).as(standard.err()).isZero();
    assertThat(out.resolve("standard/period-findings.ocsf.jsonl")).isNotEmptyFile();
    assertThat(out.resolve("standard/period-assessment-results.oscal.json")).isNotEmptyFile();
    nist.path("controls")
        .forEach(
            control -> assertThat(control.path("framework").asText()).isEqualTo("nist-800-53"));
  }

  @Test
  void badPeriodsFormatsAndFrameworksAreOneLineUsageErrors() throws Exception {
    AuditorStore estate = AuditorStore.shared();
    String[][] cases = {
      {"--period", "2026-Q5"},
      {"--period", "2026-13"},
      {"--from", "2026-11-30", "--to", "2026-11-01"},
      {"--period", "2026-11", "--format", "docx"},
      {"--period", "2026-11", "--framework", "iso-27001"},
      {"--period", "2026-11", "--from", "2026-11-01", "--to", "2026-11-02"},
    };
    for (String[] arguments : cases) {
      String[] full = new String[arguments.length + 5];
      full[0] = "report";
      System.arraycopy(arguments, 0, full, 1, arguments.length);
      full[arguments.length + 1] = "--store-url";
      full[arguments.length + 2] = estate.url;
      full[arguments.length + 3] = "--out";
      full[arguments.length + 4] = out.toString();
      InProcessCli.Outcome run = InProcessCli.run(full);
      assertThat(run.exitCode()).as(String.join(" ", arguments) + ": " + run.err()).isEqualTo(2);
      assertThat(run.firstErrorLine()).startsWith("plumbline: ");
      assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}
