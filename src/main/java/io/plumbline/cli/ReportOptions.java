package io.plumbline.cli;

import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.model.Severity;
import io.plumbline.policy.Waivers;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The evaluation and report options {@code scan} and {@code check} share. */
public class ReportOptions {

  static final String NONE = "none";

  private static final String FORMATS_KEY = "report-formats";

  /**
   * The formats the registered report writers declare, as the help of {@code --format} lists them.
   */
  static final class DescribedFormats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ReportFormat.described().iterator();
    }
  }

  /**
   * The default of {@code --format}, every registered writer; a default provider because an
   * annotation can only hold a constant.
   */
  static String defaultValue(ArgSpec argument) {
    return argument.isOption() && FORMATS_KEY.equals(argument.descriptionKey())
        ? ReportFormat.labels()
        : null;
  }

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--format",
      paramLabel = "FORMATS",
      descriptionKey = FORMATS_KEY,
      completionCandidates = DescribedFormats.class,
      description =
          "Reports to write into the output directory, comma-separated: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  String formats;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "high",
      description =
          "Exit 1 when a finding at or above this severity fails (waived findings do not count):"
              + " critical, high, medium, low, info, or none (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rule pack directory (.drl files); default: rules/ in the working directory if there is"
              + " one, else the rule pack bundled in plumbline.")
  Path rules;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "Policies directory (waivers/, baselines/, frameworks/); default: policies/ in the"
              + " working directory if there is one.")
  Path policies;

  Set<ReportFormat> formats() {
    try {
      return ReportFormat.parseList(formats == null ? ReportFormat.labels() : formats);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--format: " + e.getMessage());
    }
  }

  Optional<Severity> failOn() {
    if (failOn.strip().toLowerCase(Locale.ROOT).equals(NONE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Severity.parse(failOn));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          mixee.commandLine(),
          "--fail-on: invalid severity \""
              + failOn
              + "\": expected critical, high, medium, low, info or none");
    }
  }

  /** Parses and checks every option: usage errors surface before any work is done. */
  EvaluationService.Options options() {
    formats();
    return new EvaluationService.Options(
        Optional.ofNullable(rules),
        Optional.ofNullable(policies),
        failOn(),
        Waivers.DEFAULT_EXPIRY_WARNING);
  }
}
