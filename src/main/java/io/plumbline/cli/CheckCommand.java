package io.plumbline.cli;

import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a stored snapshot against the rules and policies, without collecting, and write"
          + " the reports --format selects (every format by default).",
      "Exit codes: 0 success, 1 a finding at or above --fail-on failed, 2 usage or configuration"
          + " error, 3 the snapshot's collection was incomplete (checked before 1)."
    })
public class CheckCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--snapshot",
      paramLabel = "FILE",
      required = true,
      description = "The snapshot to judge (snapshot.json.gz as plumbline scan writes it).")
  Path snapshotFile;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "plumbline-out",
      description = "Where to write the reports (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin ReportOptions reports;

  @Override
  public Integer call() {
    EvaluationService.Options options = reports.options();
    // the snapshot first: reading it takes less than compiling the rule pack
    Snapshot snapshot = SnapshotFiles.read(snapshotFile);
    EvaluationService service = EvaluationPrinter.service();
    EvaluationService.Prepared prepared = service.prepare(options);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "snapshot %s taken at %s, %d resources, content hash %s%n",
        snapshot.id(), snapshot.takenAt(), snapshot.resources().size(), snapshot.contentHash());
    ReportModel model = service.evaluate(prepared, snapshot);
    List<Path> written = service.writeReports(model, out, reports.formats());
    EvaluationPrinter.print(stdout, model, written, true);
    return EvaluationPrinter.exitCode(model);
  }
}
