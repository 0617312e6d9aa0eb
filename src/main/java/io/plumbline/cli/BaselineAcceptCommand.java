package io.plumbline.cli;

import io.plumbline.baseline.BaselineYaml;
import io.plumbline.baseline.LiveBaseline;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "accept",
    mixinStandardHelpOptions = true,
    description = {
      "Make reviewed live state the baseline of one scope, for areas nobody manages in Terraform"
          + " yet: everything the snapshot holds in that scope becomes its declaration.",
      "Exit codes: 0 written, 2 bad option or snapshot, 3 the scope was not read completely."
    })
public class BaselineAcceptCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--snapshot",
      paramLabel = "FILE",
      required = true,
      description = "A snapshot written by plumbline scan (snapshot.json.gz).")
  Path snapshotFile;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      required = true,
      description = "workspace:<id>, account:<id> or aws:<id>.")
  String scope;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "The baseline file to write, e.g. policies/baselines/sandbox-ml.yaml.")
  Path out;

  public BaselineAcceptCommand() {}

  @Override
  public Integer call() {
    Scope parsed;
    try {
      parsed = Scope.parse(scope);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--scope: " + e.getMessage());
    }
    Snapshot snapshot = SnapshotFiles.read(snapshotFile);
    BaselineYaml.write(
        out,
        LiveBaseline.accept(snapshot, parsed),
        "Accepted by 'plumbline baseline accept' from snapshot "
            + snapshot.id()
            + " (taken "
            + snapshot.takenAt()
            + "), scope "
            + parsed
            + ".\n"
            + "Review it: everything here is now the declared state. Format: docs/baselines.md.");
    PrintWriter printer = spec.commandLine().getOut();
    printer.printf("accepted %s of snapshot %s into %s%n", parsed, snapshot.id(), out);
    printer.flush();
    return ExitCodes.SUCCESS;
  }
}
