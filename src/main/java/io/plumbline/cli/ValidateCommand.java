package io.plumbline.cli;

import io.plumbline.audit.EvaluationService;
import io.plumbline.baseline.PolicyDirectory;
import io.plumbline.error.PlumblineException;
import io.plumbline.policy.RuleMetadata;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check every policy file before anything runs: baselines/*.yaml, waivers/*.yaml and"
          + " frameworks/*.yaml against their schemas and each other, and the rule pack (framework"
          + " controls must name its rules).",
      "Exit codes: 0 all valid, 2 the first bad file (its problems name file, line, field and"
          + " what was expected)."
    })
public class ValidateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      defaultValue = "policies",
      description = "The policies directory (default: ${DEFAULT-VALUE}).")
  Path policies;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "The rule pack framework controls must name rules of (default: rules/ in the working"
              + " directory if there is one, else the rule pack bundled in plumbline).")
  Path rules;

  public ValidateCommand() {}

  @Override
  public Integer call() {
    if (!Files.isDirectory(policies)) {
      throw PlumblineException.userError("policies directory not found: " + policies);
    }
    // framework controls must name rules of the pack scan and check would use; --rules is
    // compiled (checked in full), the default pack only parsed for its ids (compiling is slow)
    Set<String> ruleIds = new HashSet<>();
    Supplier<Set<String>> loaded =
        () -> {
          if (ruleIds.isEmpty()) {
            EvaluationService service = EvaluationPrinter.service();
            if (rules == null) {
              ruleIds.addAll(service.ruleIds(Optional.empty()));
            } else {
              service.loadRules(Optional.of(rules)).engine().rules().stream()
                  .map(RuleMetadata::id)
                  .forEach(ruleIds::add);
            }
          }
          return ruleIds;
        };
    PolicyDirectory.Summary summary = PolicyDirectory.validate(policies, loaded);
    if (rules != null) {
      loaded.get();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s: valid (%d baseline file%s, %d waiver file%s, %d framework mapping%s)%n",
        policies,
        summary.baselines(),
        summary.baselines() == 1 ? "" : "s",
        summary.waivers(),
        summary.waivers() == 1 ? "" : "s",
        summary.frameworks(),
        summary.frameworks() == 1 ? "" : "s");
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
