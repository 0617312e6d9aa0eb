package io.plumbline.cli;

import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.plumbline.store.VerifyResult;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Walk the hash chain of the stored scans: each scan records the hash of the one before,"
          + " over its snapshot, findings, drift, waivers and reports.",
      "Exit codes: 0 the chain is intact, 1 a link is broken (a row was changed or a scan"
          + " deleted; the first broken link is named), 2 usage or no store."
    })
@Dependent
@Unremovable
public class VerifyCommand implements Callable<Integer> {

  private final StoreConfig storeConfig;

  @Spec private CommandSpec spec;

  @Mixin StoreOptions store;

  @Inject
  public VerifyCommand(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Store opened = store.openExisting(storeConfig)) {
      VerifyResult result = opened.verify();
      out.println(result.describe());
      out.flush();
      return result.intact() ? ExitCodes.SUCCESS : ExitCodes.FINDINGS;
    }
  }
}
