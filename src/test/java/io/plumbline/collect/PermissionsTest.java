package io.plumbline.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.cli.PermissionsCommand;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.model.ScopeKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PermissionsTest {

  /** The committed policy; {@code -Dplumbline.regenerate=true} rewrites it from the command. */
  private static final Path COLLECTOR_POLICY = Path.of("deploy", "iam", "collector-policy.json");

  private static final String REGENERATE =
      "regenerate it with: bin/plumbline permissions --format aws-iam-policy >"
          + " deploy/iam/collector-policy.json (or ./mvnw test -Dtest=PermissionsTest"
          + " -Dplumbline.regenerate=true), then review the diff";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCommittedCollectorPolicyIsExactlyWhatTheCommandPrints() throws IOException {
    String printed = run("permissions", "--format", "aws-iam-policy");
    if (Boolean.getBoolean("plumbline.regenerate")) {
      Files.createDirectories(COLLECTOR_POLICY.getParent());
      Files.writeString(COLLECTOR_POLICY, printed, StandardCharsets.UTF_8);
    }

    assertThat(COLLECTOR_POLICY).as("%s is missing; %s", COLLECTOR_POLICY, REGENERATE).exists();
    assertThat(Files.readString(COLLECTOR_POLICY, StandardCharsets.UTF_8))
        .as(
            "%s is stale: the collectors declare other IAM actions; %s",
            COLLECTOR_POLICY, REGENERATE)
        .isEqualTo(printed);
  }

  @Test
  void theAwsPolicyAllowsExactlyTheDeclaredActionsSortedOnEveryResource() throws IOException {
    JsonNode policy = JSON.readTree(run("permissions", "--format", "aws-iam-policy"));

    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.path("Statement")).hasSize(1);
    JsonNode statement = policy.path("Statement").get(0);
    assertThat(statement.path("Sid").asText()).isEqualTo(Permissions.STATEMENT_ID);
    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.path("Resource").asText()).isEqualTo("*");
    List<String> actions = JSON.convertValue(statement.path("Action"), List.class);
    Set<String> declared = new TreeSet<>();
    PermissionsCommand.declaredResourceTypes().forEach(spec -> declared.addAll(spec.iamActions()));
    assertThat(actions).containsExactlyElementsOf(declared);
    assertThat(actions)
        .allSatisfy(
            action -> assertThat(action).matches("(iam|ec2|s3|kms):(Get|List|Describe)[A-Za-z]+"));
  }

  @Test
  void actionsDeclaredByManyTypesAppearOnce() {
    JsonNode policy =
        Permissions.awsIamPolicy(
            List.of(
                awsSpec("b", "iam:ListRoles", "iam:GetRole"),
                awsSpec("a", "iam:GetRole"),
                databricksSpec("c")));

    assertThat(policy.at("/Statement/0/Action"))
        .extracting(JsonNode::asText)
        .containsExactly("iam:GetRole", "iam:ListRoles");
  }

  @Test
  void aPolicyWithoutActionsIsRefused() {
    assertThatThrownBy(() -> Permissions.awsIamPolicy(List.of(databricksSpec("c"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no resource type declares an IAM action");
  }

  @Test
  void theSpecsComeFromBothCollectors() {
    assertThat(PermissionsCommand.declaredResourceTypes())
        .containsAll(IamCollector.declaredResourceTypes())
        .containsAll(DatabricksCollector.declaredResourceTypes());
  }

  @Test
  void theDatabricksTableListsEveryDeclaredCallWithItsRoleAndNoAwsAction() {
    List<ResourceTypeSpec> specs = PermissionsCommand.declaredResourceTypes();
    List<Permissions.DatabricksCall> calls = Permissions.databricksRoles(specs);

    Set<String> declaredCalls = new TreeSet<>();
    specs.stream()
        .filter(spec -> !spec.databricksRole().isEmpty())
        .forEach(spec -> declaredCalls.addAll(spec.apiCalls()));
    assertThat(calls).extracting(Permissions.DatabricksCall::apiCall).containsAll(declaredCalls);
    assertThat(calls)
        .extracting(Permissions.DatabricksCall::apiCall)
        .noneMatch(call -> call.startsWith("iam:"))
        .isSorted();
    assertThat(calls).allSatisfy(call -> assertThat(call.role()).isNotBlank());

    String table = run("permissions", "--format", "databricks-roles");
    assertThat(table).startsWith("| API call | least Databricks role | resource types |\n");
    assertThat(table.lines().count()).isEqualTo(calls.size() + 2L);
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new PermissionsCommand());
    commandLine.setErr(new PrintWriter(err));
    commandLine.setOut(new PrintWriter(new StringWriter()));

    int exitCode = commandLine.execute("--format", "yaml");

    assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("invalid --format \"yaml\"").contains("aws-iam-policy");
  }

  /**
   * Runs {@code plumbline permissions ...} and returns its output. The command is built on its own:
   * the top-level command also holds commands that need the application's configuration injected,
   * which a plain unit test does not have (CliTest covers the full CLI).
   */
  private static String run(String... args) {
    assertThat(args[0]).isEqualTo("permissions");
    args = java.util.Arrays.copyOfRange(args, 1, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new PermissionsCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  private static ResourceTypeSpec awsSpec(String type, String... actions) {
    return new ResourceTypeSpec(type, ScopeKind.AWS, "id", List.of(actions), List.of(actions), "");
  }

  private static ResourceTypeSpec databricksSpec(String type) {
    return new ResourceTypeSpec(
        type, ScopeKind.ACCOUNT, "id", List.of("GET /x"), List.of(), "account admin");
  }
}
