package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.baseline.FakeS3;
import io.plumbline.baseline.StateSources;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotCodec;
import io.plumbline.snapshot.SnapshotFiles;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline baseline import|accept} and {@code plumbline validate} as users run them. */
@QuarkusMainTest
class BaselineCommandsTest {

  private static final String STATES = "src/test/resources/terraform/";
  private static final String ACCESS_KEY_ID = "AKIAPLUMBLINETEST";
  private static final String SECRET_ACCESS_KEY = "plumbline-test-secret-do-not-print";

  @TempDir Path directory;

  @Test
  void importWritesABaselineThatValidates(QuarkusMainLauncher launcher) throws Exception {
    Path out = directory.resolve("policies/baselines/terraform.yaml");

    LaunchResult result =
        launcher.launch(
            "baseline",
            "import",
            "--terraform-state",
            STATES + "estate.tfstate",
            STATES + "dev-workspace.tfstate",
            "--map",
            "module.workspace[\"prod\"]=prod",
            "--map",
            "databricks.dev=dev",
            "--out",
            out.toString());

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput())
        .contains("from 2 state files into " + out)
        .contains("ignored 1 databricks_cluster");
    assertThat(Files.readString(out))
        .contains(
            "terraform: \"module.workspace[\\\"prod\\\"].module.account.databricks_mws_workspaces.this\"");
    LaunchResult validate =
        launcher.launch("validate", "--policies", directory.resolve("policies").toString());
    assertThat(validate.exitCode()).as(validate.getErrorOutput()).isZero();
    assertThat(validate.getOutput()).contains("valid (1 baseline file, 0 waiver files");
  }

  @Test
  void importFromS3GivesTheSameBaselineAsTheLocalFiles(QuarkusMainLauncher launcher)
      throws Exception {
    Path local = directory.resolve("local.yaml");
    Path fromS3 = directory.resolve("s3.yaml");

    LaunchResult localResult =
        launcher.launch(
            "baseline",
            "import",
            "--terraform-state",
            STATES + "estate.tfstate",
            STATES + "dev-workspace.tfstate",
            "--map",
            "module.workspace[\"prod\"]=prod",
            "--map",
            "databricks.dev=dev",
            "--out",
            local.toString());
    LaunchResult s3Result =
        withS3(
            () ->
                launcher.launch(
                    "baseline",
                    "import",
                    "--terraform-state",
                    "s3://states/prod/terraform.tfstate",
                    "s3://states/dev/terraform.tfstate",
                    "--map",
                    "module.workspace[\"prod\"]=prod",
                    "--map",
                    "databricks.dev=dev",
                    "--out",
                    fromS3.toString()));

    assertThat(localResult.exitCode()).as(localResult.getErrorOutput()).isZero();
    assertThat(s3Result.exitCode()).as(s3Result.getErrorOutput()).isZero();
    assertThat(s3Result.getOutput()).contains("from 2 state files into " + fromS3);
    assertThat(Files.readString(fromS3))
        .contains("from s3://states/prod/terraform.tfstate, s3://states/dev/terraform.tfstate");
    assertThat(withoutComments(fromS3)).isEqualTo(withoutComments(local));
  }

  @Test
  void aMissingS3StateExitsTwoNamingTheUrl(QuarkusMainLauncher launcher) {
    LaunchResult result =
        withS3(
            () ->
                launcher.launch(
                    "baseline",
                    "import",
                    "--terraform-state",
                    "s3://states/prod/missing.tfstate",
                    "--out",
                    directory.resolve("out.yaml").toString()));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput())
        .contains(
            "plumbline: cannot read Terraform state s3://states/prod/missing.tfstate: no such key"
                + " (NoSuchKey)")
        .doesNotContain("\tat ");
    assertThat(directory.resolve("out.yaml")).doesNotExist();
  }

  @Test
  void deniedS3AccessExitsTwoWithoutShowingTheCredentials(QuarkusMainLauncher launcher) {
    LaunchResult result =
        withS3(
            () ->
                launcher.launch(
                    "baseline",
                    "import",
                    "--terraform-state",
                    "s3://states/secret/terraform.tfstate",
                    "--out",
                    directory.resolve("out.yaml").toString()));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput())
        .contains(
            "plumbline: cannot read Terraform state s3://states/secret/terraform.tfstate: access"
                + " denied (AccessDenied)")
        .doesNotContain(SECRET_ACCESS_KEY)
        .doesNotContain(ACCESS_KEY_ID);
  }

  @Test
  void unreachableS3ExitsThree(QuarkusMainLauncher launcher) throws Exception {
    String closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort();
    }
    String endpoint = closed;

    LaunchResult result =
        withS3(
            () -> {
              System.setProperty(StateSources.S3Settings.ENDPOINT, endpoint);
              return launcher.launch(
                  "baseline",
                  "import",
                  "--terraform-state",
                  "s3://states/prod/terraform.tfstate",
                  "--out",
                  directory.resolve("out.yaml").toString());
            });

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(result.getErrorOutput())
        .contains(
            "plumbline: cannot read Terraform state s3://states/prod/terraform.tfstate: cannot"
                + " reach S3 at "
                + endpoint);
  }

  @Test
  void aBaselineReferencingAStateInS3Validates(QuarkusMainLauncher launcher) throws Exception {
    Path baselines = Files.createDirectories(directory.resolve("policies/baselines"));
    Files.writeString(
        baselines.resolve("terraform.yaml"),
        "terraform:\n"
            + "  states: ['s3://states/prod/terraform.tfstate', 's3://states/dev/terraform.tfstate']\n"
            + "  map: {'module.workspace[\"prod\"]': prod, databricks.dev: dev}\n");

    LaunchResult result =
        withS3(
            () ->
                launcher.launch(
                    "validate", "--policies", directory.resolve("policies").toString()));

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(result.getOutput()).contains("valid (1 baseline file");
  }

  /**
   * Runs {@code launch} against a {@link FakeS3} serving the test states, with test credentials and
   * the endpoint in the system properties the default chain and plumbline read.
   */
  private static LaunchResult withS3(Supplier<LaunchResult> launch) {
    try (FakeS3 s3 =
        FakeS3.start()
            .put(
                "states",
                "prod/terraform.tfstate",
                Files.readAllBytes(Path.of(STATES + "estate.tfstate")))
            .put(
                "states",
                "dev/terraform.tfstate",
                Files.readAllBytes(Path.of(STATES + "dev-workspace.tfstate")))
            .deny("states", "secret/terraform.tfstate")) {
      System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
      System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
      System.setProperty(StateSources.S3Settings.ENDPOINT, s3.endpoint().toString());
      System.setProperty(StateSources.S3Settings.REGION, "us-east-1");
      return launch.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
      System.clearProperty(StateSources.S3Settings.ENDPOINT);
      System.clearProperty(StateSources.S3Settings.REGION);
    }
  }

  private static List<String> withoutComments(Path baseline) throws IOException {
    return Files.readAllLines(baseline).stream().filter(line -> !line.startsWith("#")).toList();
  }

  @Test
  void acceptWritesTheLiveStateOfAScope(QuarkusMainLauncher launcher) throws Exception {
    Path snapshot =
        snapshot(List.of(Coverage.complete(Scope.workspace(1001), "databricks_workspace_conf")));
    Path out = directory.resolve("accepted.yaml");

    LaunchResult result =
        launcher.launch(
            "baseline",
            "accept",
            "--snapshot",
            snapshot.toString(),
            "--scope",
            "workspace:1001",
            "--out",
            out.toString());

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    assertThat(Files.readString(out))
        .contains("workspace_id: 1001")
        .contains("enableResultsDownloading: \"false\"");
  }

  @Test
  void acceptOfAScopeReadIncompletelyExitsThree(QuarkusMainLauncher launcher) throws Exception {
    Path snapshot =
        snapshot(
            List.of(
                Coverage.complete(Scope.workspace(1001), "databricks_workspace_conf"),
                Coverage.failed(
                    Scope.workspace(1001),
                    "databricks_group",
                    new FailureReason(OptionalInt.of(503), "TEMPORARILY_UNAVAILABLE", "down", 4))));

    LaunchResult result =
        launcher.launch(
            "baseline",
            "accept",
            "--snapshot",
            snapshot.toString(),
            "--scope",
            "workspace:1001",
            "--out",
            directory.resolve("accepted.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(result.getErrorOutput()).contains("cannot accept workspace:1001");
  }

  @Test
  void validateChecksTheRepositoryPoliciesAgainstTheRulePack(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("validate", "--policies", "policies", "--rules", "rules");

    assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
  }

  private Path snapshot(List<Coverage> coverage) throws Exception {
    ObjectNode conf =
        (ObjectNode)
            new ObjectMapper()
                .readTree("{\"custom_config\": {\"enableResultsDownloading\": \"false\"}}");
    List<Resource> resources =
        coverage.isEmpty()
            ? List.of()
            : List.of(new Resource("databricks_workspace_conf", "_", Scope.workspace(1001), conf));
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-11-21T00:00:00Z"), coverage, resources, CollectionStats.empty());
    return SnapshotFiles.write(Files.createDirectories(directory.resolve("scan")), snapshot);
  }
}
