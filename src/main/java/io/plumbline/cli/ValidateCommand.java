package io.plumbline.cli;

import io.plumbline.baseline.PolicyDirectory;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check every policy file before anything runs: baselines/*.yaml, waivers/*.yaml and"
          + " frameworks/*.yaml against their schemas and each other.",
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
      description = "A rule pack; framework controls must then name rules that exist in it.")
  Path rules;

  public ValidateCommand() {}

  @Override
  public Integer call() {
    Set<String> ruleIds =
        rules == null
            ? Set.of()
            : DroolsPolicyEngine.load(rules).rules().stream()
                .map(RuleMetadata::id)
                .collect(Collectors.toSet());
    PolicyDirectory.Summary summary = PolicyDirectory.validate(policies, ruleIds);
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
