package io.plumbline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "plumbline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Compliance auditor and drift detector for Databricks-on-AWS estates.",
    subcommands = {
      ScanCommand.class,
      CheckCommand.class,
      RulesCommand.class,
      SandboxCommand.class,
      PermissionsCommand.class,
      TypesCommand.class,
      BaselineCommand.class,
      ValidateCommand.class,
      HistoryCommand.class,
      DiffCommand.class,
      VerifyCommand.class,
      ReportCommand.class,
      EvidenceCommand.class,
      VerifyEvidenceCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      picocli.CommandLine.HelpCommand.class
    })
public class PlumblineCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command (try 'plumbline --help')");
  }
}
