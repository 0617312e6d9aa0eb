package io.plumbline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "Make baselines (policies/baselines/*.yaml, docs/baselines.md) from what is already true:",
      "import: from Terraform state; accept: from reviewed live state in a snapshot."
    },
    subcommands = {BaselineImportCommand.class, BaselineAcceptCommand.class})
public class BaselineCommand implements Runnable {

  @Spec private CommandSpec spec;

  public BaselineCommand() {}

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing subcommand: import or accept (try 'plumbline baseline --help')");
  }
}
