package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as users run it: through the Quarkus main, with real argument parsing. */
@QuarkusMainTest
class CliTest {

  @Test
  void helpListsTheCommandsAndExitsZero(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.getOutput()).contains("Usage: plumbline").contains("sandbox");
  }

  @Test
  void everyCommandHasHelp(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("sandbox", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.getOutput()).contains("--estate").contains("--faults").contains("--scale");
  }

  @Test
  void anUnknownOptionIsAOneLineUsageErrorWithExitCodeTwo(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("sandbox", "--prot", "8080");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput())
        .contains("plumbline: Unknown option")
        .contains("'--prot'")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aBadNumberIsAUsageError(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("sandbox", "--port", "eighty");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("--port").doesNotContain("\tat ");
  }

  @Test
  void noCommandIsAUsageError(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("missing command");
  }

  @Test
  void aBadEstateFileExitsTwoNamingFileAndLine(
      QuarkusMainLauncher launcher, @TempDir Path directory) throws Exception {
    Path estate = directory.resolve("estate.yaml");
    Files.writeString(estate, "account:\n  account_id: x\nworkspaces: [1, 2\n");

    LaunchResult result = launcher.launch("sandbox", "--port", "0", "--estate", estate.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput())
        .startsWith("plumbline: invalid estate: " + estate + ":4:1: expected ',' or ']'")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingEstateFileExitsTwo(QuarkusMainLauncher launcher, @TempDir Path directory) {
    Path missing = directory.resolve("nope.yaml");

    LaunchResult result = launcher.launch("sandbox", "--port", "0", "--estate", missing.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("estate file not found: " + missing);
  }

  @Test
  void aBadScaleSpecExitsTwo(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("sandbox", "--port", "0", "--scale", "workspaces=lots");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.getErrorOutput()).contains("invalid --scale").doesNotContain("\tat ");
  }
}
