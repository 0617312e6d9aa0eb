package io.plumbline.cli;

import io.plumbline.baseline.BaselineYaml;
import io.plumbline.baseline.StateSources;
import io.plumbline.baseline.TerraformImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Turn Terraform state (format version 4) into a baseline: every managed databricks_* and"
          + " aws_iam_* resource baselines declare, each with its Terraform address as provenance."
          + " Data sources declare nothing.",
      "Workspace-level resources need a workspace: --map MODULE_PATH=WORKSPACE (e.g."
          + " 'module.workspace[\"prod\"]=prod', covering nested modules) or --map"
          + " databricks.ALIAS=WORKSPACE (a provider alias); WORKSPACE 'account' keeps"
          + " account-level resources of a workspace module at account level.",
      "A state in S3 (s3://BUCKET/KEY) is read with the AWS default credentials chain and region"
          + " (AWS_REGION, else the profile's, else us-east-1); PLUMBLINE_S3_ENDPOINT,"
          + " PLUMBLINE_S3_REGION and PLUMBLINE_S3_PATH_STYLE (or the system properties"
          + " plumbline.s3.*) point it at another endpoint.",
      "Exit codes: 0 written, 2 bad or missing state (file or S3 object), S3 access denied,"
          + " unmapped resource or bad option, 3 S3 unreachable or failing."
    })
public class BaselineImportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--terraform-state",
      paramLabel = "FILE",
      required = true,
      arity = "1..*",
      description = "A terraform.tfstate file or s3://BUCKET/KEY URL (repeat or list several).")
  List<String> states = new ArrayList<>();

  @Option(
      names = "--map",
      paramLabel = "KEY=WORKSPACE",
      description = "Which workspace a module path or databricks provider alias stands for.")
  List<String> maps = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "The baseline file to write, e.g. policies/baselines/terraform.yaml.")
  Path out;

  public BaselineImportCommand() {}

  @Override
  public Integer call() {
    List<TerraformImporter.Mapping> mappings =
        maps.stream().map(TerraformImporter.Mapping::parse).toList();
    Map<String, String> texts = new LinkedHashMap<>();
    try (StateSources sources = StateSources.fromEnvironment()) {
      for (String state : states) {
        texts.put(state, sources.read(state, Path.of("")).text());
      }
    }
    TerraformImporter.Result result = TerraformImporter.importStates(texts, mappings);
    BaselineYaml.write(
        out,
        result.document(),
        "Imported by 'plumbline baseline import' from "
            + String.join(", ", states)
            + ".\n"
            + "Each declaration names its Terraform address (terraform:); drift findings point"
            + " there.\n"
            + "Re-import after 'terraform apply' rather than editing. Format: docs/baselines.md.");
    PrintWriter printer = spec.commandLine().getOut();
    printer.printf(
        "imported %d resource%s from %d state file%s into %s%n",
        result.imported(),
        result.imported() == 1 ? "" : "s",
        states.size(),
        states.size() == 1 ? "" : "s",
        out);
    result.notes().forEach(note -> printer.println("  " + note));
    printer.flush();
    return ExitCodes.SUCCESS;
  }
}
