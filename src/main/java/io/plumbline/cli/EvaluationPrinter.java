package io.plumbline.cli;

import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.policy.WaiverStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Prints an evaluation's outcome and decides the exit code of {@code scan} and {@code check}. */
final class EvaluationPrinter {

  private static final int MOST_LISTED = 20;

  private EvaluationPrinter() {}

  static EvaluationService service() {
    return new EvaluationService(Clock.systemUTC(), toolVersion(), Path.of(""));
  }

  static String toolVersion() {
    String version = PlumblineCommand.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  /**
   * 3 when the snapshot is incomplete (a scan that could not see everything says so first), else 1
   * when a finding at or above the threshold failed, else 0. Usage errors (2) never get here.
   */
  static int exitCode(ReportModel model) {
    if (!model.snapshot().isComplete()) {
      return ExitCodes.INCOMPLETE;
    }
    return model.gateFailed() ? ExitCodes.FINDINGS : ExitCodes.SUCCESS;
  }

  /**
   * @param sayIncomplete whether to say that the collection was incomplete (scan has said it
   *     already with its coverage)
   */
  static void print(PrintWriter out, ReportModel model, List<Path> reports, boolean sayIncomplete) {
    Map<Verdict, Long> counts = model.countsByVerdict();
    out.printf(
        "evaluation: %d rules from %s, %d findings: %d FAIL, %d UNKNOWN, %d WAIVED, %d PASS%n",
        model.rules().size(),
        model.rulePack(),
        model.findings().size(),
        counts.get(Verdict.FAIL),
        counts.get(Verdict.UNKNOWN),
        counts.get(Verdict.WAIVED),
        counts.get(Verdict.PASS));
    List<Finding> failing = model.findings(Verdict.FAIL);
    if (!failing.isEmpty()) {
      out.println("failing:");
      for (Finding finding : failing.subList(0, Math.min(MOST_LISTED, failing.size()))) {
        out.printf(
            "  %-8s %-12s %s %s%s: %s%n",
            finding.severity().label().toUpperCase(java.util.Locale.ROOT),
            finding.ruleId(),
            model.snapshot().label(finding.scope()),
            finding.resourceType() + " " + finding.resourceId(),
            finding.attribute().map(attribute -> " " + attribute).orElse(""),
            finding.message());
      }
      if (failing.size() > MOST_LISTED) {
        out.printf("  ... and %d more (see the reports)%n", failing.size() - MOST_LISTED);
      }
    }
    for (WaiverStatus status : model.waivers()) {
      if (status.state() == WaiverState.EXPIRED) {
        out.printf(
            "waiver %s expired on %s (%s): no longer applies%s%n",
            status.waiver().id(),
            status.waiver().expires(),
            status.waiver().source(),
            status.findings().isEmpty()
                ? ""
                : ", " + status.findings().size() + " finding(s) fail again");
      } else if (status.state() == WaiverState.EXPIRING) {
        out.printf(
            "waiver %s expires on %s, %d day(s) left (%s, owner %s)%n",
            status.waiver().id(),
            status.waiver().expires(),
            status.daysLeft(),
            status.waiver().source(),
            status.waiver().owner());
      }
    }
    if (!reports.isEmpty()) {
      out.println("reports:");
      reports.forEach(path -> out.println("  " + path));
    }
    if (sayIncomplete && !model.snapshot().isComplete()) {
      out.printf(
          "collection incomplete: %d read(s) failed, their findings are UNKNOWN (exit 3)%n",
          model.snapshot().coverageGaps().size());
    }
    if (model.failOn().isEmpty()) {
      out.println("gate: off (--fail-on none)");
    } else if (model.gateFailed()) {
      out.printf(
          "gate: FAILED, %d finding(s) at or above %s%s%n",
          model.gateFailures().size(),
          model.failOn().get().label(),
          model.snapshot().isComplete() ? " (exit 1)" : "");
    } else {
      out.printf("gate: passed, no finding at or above %s failed%n", model.failOn().get().label());
    }
    out.flush();
  }
}
