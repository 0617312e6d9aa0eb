package io.plumbline.cli;

import io.plumbline.audit.Diffs;
import io.plumbline.audit.DriftView;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotFiles;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "What changed from A to B: added, removed and changed resources with attribute paths and"
          + " before/after values, grouped by cause. A resource whose type and scope were not"
          + " read completely in either is unknown, never removed (docs/drift.md).",
      "A and B are stored scan ids (plumbline history lists them) or snapshot files"
          + " (snapshot.json.gz, or the directory holding one)."
    })
@Dependent
@Unremovable
public class DiffCommand implements Callable<Integer> {

  private final StoreConfig storeConfig;

  @Spec private CommandSpec spec;

  @Mixin StoreOptions store;

  @Parameters(index = "0", paramLabel = "A", description = "The earlier scan id or snapshot file.")
  String before;

  @Parameters(index = "1", paramLabel = "B", description = "The later scan id or snapshot file.")
  String after;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Inject
  public DiffCommand(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--format: invalid value \"" + format + "\", expected text or json");
    }
    Snapshot from;
    Snapshot to;
    Optional<Path> beforeFile = snapshotFile(before);
    Optional<Path> afterFile = snapshotFile(after);
    if (beforeFile.isPresent() && afterFile.isPresent()) {
      from = SnapshotFiles.read(beforeFile.get());
      to = SnapshotFiles.read(afterFile.get());
    } else {
      try (Store opened = store.openExisting(storeConfig)) {
        from = beforeFile.map(SnapshotFiles::read).orElseGet(() -> stored(opened, before, "A"));
        to = afterFile.map(SnapshotFiles::read).orElseGet(() -> stored(opened, after, "B"));
      }
    }
    DriftView drift = Diffs.between(from, to);
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(drift.json());
    } else {
      drift.writeText(out);
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }

  private Snapshot stored(Store opened, String scanId, String label) {
    if (opened.scan(scanId).isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          label + ": \"" + scanId + "\" is neither a snapshot file nor a stored scan id");
    }
    return opened
        .snapshot(scanId)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    label + ": scan " + scanId + " has no snapshot (it failed or was aborted)"));
  }

  private static Optional<Path> snapshotFile(String argument) {
    Path path = Path.of(argument);
    if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(SnapshotFiles.FILE_NAME))) {
      return Optional.of(path.resolve(SnapshotFiles.FILE_NAME));
    }
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }
}
