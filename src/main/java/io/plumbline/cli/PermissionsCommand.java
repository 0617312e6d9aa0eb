package io.plumbline.cli;

import io.plumbline.collect.Permissions;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.collect.aws.AwsEstateCollector;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "permissions",
    mixinStandardHelpOptions = true,
    description = {
      "Print what the collector must be allowed, generated from the resource types it reads.",
      "aws-iam-policy: the least-privilege IAM policy of the collector's AWS role"
          + " (deploy/iam/collector-policy.json is this output).",
      "databricks-roles: each Databricks API call with the least role that may make it"
          + " (a Markdown table)."
    })
public class PermissionsCommand implements Runnable {

  static final String AWS_IAM_POLICY = "aws-iam-policy";
  static final String DATABRICKS_ROLES = "databricks-roles";

  @Spec private CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = AWS_IAM_POLICY,
      description = "aws-iam-policy or databricks-roles (default: ${DEFAULT-VALUE}).")
  String format;

  public PermissionsCommand() {}

  /** Every resource type plumbline collects, from every collector. */
  public static List<ResourceTypeSpec> declaredResourceTypes() {
    List<ResourceTypeSpec> specs = new ArrayList<>(IamCollector.declaredResourceTypes());
    specs.addAll(AwsEstateCollector.declaredResourceTypes());
    specs.addAll(DatabricksCollector.declaredResourceTypes());
    return specs;
  }

  @Override
  public void run() {
    String text =
        switch (format) {
          case AWS_IAM_POLICY -> Permissions.awsIamPolicyText(declaredResourceTypes());
          case DATABRICKS_ROLES -> Permissions.databricksRolesText(declaredResourceTypes());
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "invalid --format \""
                      + format
                      + "\": expected "
                      + AWS_IAM_POLICY
                      + " or "
                      + DATABRICKS_ROLES);
        };
    PrintWriter out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
  }
}
