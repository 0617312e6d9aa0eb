package io.plumbline.cli;

import io.plumbline.auditor.Period;
import io.plumbline.auditor.PeriodReport;
import io.plumbline.auditor.PeriodReportBuilder;
import io.plumbline.auditor.PeriodReportWriter;
import io.plumbline.auditor.PeriodStandardFormats;
import io.plumbline.auditor.ReportSettings;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write an auditor's period report from the store alone (no collection): per framework"
          + " control its rules' verdicts at period end, the days it failed and whether coverage"
          + " was complete; findings open, opened and resolved; time to remediate against the"
          + " SLOs (plumbline.report.slo.*); waivers; scan cadence; drift by cause; the hash"
          + " chain's verification. See docs/auditors.md.",
      "Exit codes: 0 written, 2 usage error or no store."
    })
@Dependent
@Unremovable
public class ReportCommand implements Callable<Integer> {

  private final StoreConfig storeConfig;

  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  When when;

  static final class When {
    @ArgGroup(exclusive = false)
    Range range;

    @Option(
        names = "--period",
        paramLabel = "PERIOD",
        description = "A quarter (2026-Q4), a month (2026-11) or an ISO week (2026-W47), UTC.")
    String period;
  }

  static final class Range {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "DATE",
        description = "Start of the period: YYYY-MM-DD (UTC midnight) or an ISO time.")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "DATE",
        description = "End of the period: YYYY-MM-DD (that whole day included) or an ISO time.")
    String to;
  }

  @Option(
      names = "--framework",
      paramLabel = "ID",
      defaultValue = "all",
      description =
          "cis-databricks, nist-800-53, soc2, dasf (the ids of policies/frameworks/*.yaml) or all"
              + " (default: ${DEFAULT-VALUE}).")
  String framework;

  @Option(
      names = "--format",
      paramLabel = "FORMATS",
      defaultValue = "pdf,html,json,csv",
      description =
          "Comma-separated: pdf, html, json, csv, and the standard formats ocsf"
              + " (period-findings.ocsf.jsonl) and oscal (period-assessment-results.oscal.json)"
              + " (default: ${DEFAULT-VALUE}).")
  String formats;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "Framework mappings to use when the period's scans did not record the policies they were"
              + " judged with (default: policies/ in the working directory).")
  Path policies;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write period-report.{pdf,html,json,csv}.")
  Path out;

  @Mixin StoreOptions store;

  @Inject
  public ReportCommand(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() {
    Period period = period();
    Set<PeriodReportWriter.Format> selected;
    boolean ocsf = false;
    boolean oscal = false;
    List<String> own = new java.util.ArrayList<>();
    for (String part : formats.split(",")) {
      String name = part.strip().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("ocsf")) {
        ocsf = true;
      } else if (name.equals("oscal")) {
        oscal = true;
      } else {
        own.add(part);
      }
    }
    try {
      selected =
          own.isEmpty()
              ? java.util.EnumSet.noneOf(PeriodReportWriter.Format.class)
              : PeriodReportWriter.Format.parseList(String.join(",", own));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--format: " + e.getMessage().replace(" (or all)", ", ocsf, oscal (or all)"));
    }
    ReportSettings settings;
    try {
      settings = ReportSettings.fromConfig();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Optional<Path> fallback = Optional.ofNullable(policies);
    if (fallback.isEmpty() && Files.isDirectory(Path.of("policies"))) {
      fallback = Optional.of(Path.of("policies"));
    } else if (fallback.isPresent() && !Files.isDirectory(fallback.get())) {
      throw new ParameterException(
          spec.commandLine(), "--policies: directory not found: " + fallback.get());
    }
    PrintWriter stdout = spec.commandLine().getOut();
    try (Store opened = store.openExisting(storeConfig)) {
      PeriodReport report =
          new PeriodReportBuilder(
                  opened,
                  settings.slos(),
                  settings.maxScanGap(),
                  fallback,
                  EvaluationPrinter.toolVersion(),
                  "plumbline report (" + System.getProperty("user.name", "unknown") + ")")
              .build(period, framework, Instant.now());
      List<Path> written =
          new java.util.ArrayList<>(PeriodReportWriter.writeAll(report, out, selected));
      if (ocsf) {
        written.add(
            PeriodStandardFormats.writeOcsf(opened, report, EvaluationPrinter.toolVersion(), out));
      }
      if (oscal) {
        written.add(PeriodStandardFormats.writeOscal(report, out));
      }
      long failing =
          report.controls().stream().filter(c -> c.status().equals(PeriodReport.FAIL)).count();
      long unknown =
          report.controls().stream().filter(c -> c.status().equals(PeriodReport.UNKNOWN)).count();
      stdout.printf(
          "period %s: %d scans, %d controls (%d fail, %d not assessed), %d SLO breaches; chain %s%n",
          period.label(),
          report.cadence().scans().size(),
          report.controls().size(),
          failing,
          unknown,
          report.sloBreaches().size(),
          report.chain().intact() ? "intact" : "BROKEN");
      written.forEach(file -> stdout.println("wrote " + file));
      stdout.flush();
      return ExitCodes.SUCCESS;
    }
  }

  private Period period() {
    try {
      if (when.period != null) {
        return Period.parse(when.period);
      }
      return Period.between(when.range.from, when.range.to);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), (when.period != null ? "--period: " : "") + e.getMessage());
    }
  }
}
