package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.snapshot.SnapshotFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help and usage errors of every command: real argument parsing and the jar's error mapping ({@link
 * Main#commandLine}), run in this process without booting Quarkus ({@link InProcessCli}). A usage
 * error exits 2 and says what was wrong on its first line, without a stack trace, before anything
 * is collected, judged or written.
 */
class CliTest {

  @TempDir Path directory;

  private static InProcessCli.Outcome run(String... arguments) {
    return InProcessCli.run(arguments);
  }

  /** Exit 2, a first line that starts "plumbline: ", and no stack trace. */
  private static void assertUsageError(InProcessCli.Outcome outcome) {
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.firstErrorLine()).as(outcome.err()).startsWith("plumbline: ");
    assertThat(outcome.out() + outcome.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    InProcessCli.Outcome outcome = run("--help");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .contains("Usage: plumbline")
        .contains("sandbox")
        .contains("baseline")
        .contains("validate");
  }

  @Test
  void everyCommandHasHelp() {
    InProcessCli.Outcome sandbox = run("sandbox", "--help");
    InProcessCli.Outcome baseline = run("baseline", "--help");

    assertThat(sandbox.exitCode()).isZero();
    assertThat(sandbox.out()).contains("--estate").contains("--faults").contains("--scale");
    assertThat(baseline.exitCode()).isZero();
    assertThat(baseline.out()).contains("import").contains("accept");
  }

  @Test
  void anUnknownOptionIsAOneLineUsageErrorWithExitCodeTwo() {
    InProcessCli.Outcome outcome = run("sandbox", "--prot", "8080");

    assertUsageError(outcome);
    assertThat(outcome.firstErrorLine()).contains("plumbline: Unknown option").contains("'--prot'");
  }

  @Test
  void aBadNumberIsAUsageError() {
    InProcessCli.Outcome outcome = run("sandbox", "--port", "eighty");

    assertUsageError(outcome);
    assertThat(outcome.firstErrorLine()).contains("--port");
  }

  @Test
  void noCommandIsAUsageError() {
    InProcessCli.Outcome outcome = run();

    assertUsageError(outcome);
    assertThat(outcome.firstErrorLine()).contains("missing command");
  }

  @Nested
  class Sandbox {

    @Test
    void aBadEstateFileExitsTwoNamingFileAndLine() throws IOException {
      Path estate = directory.resolve("estate.yaml");
      Files.writeString(estate, "account:\n  account_id: x\nworkspaces: [1, 2\n");

      InProcessCli.Outcome outcome = run("sandbox", "--port", "0", "--estate", estate.toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine())
          .startsWith("plumbline: invalid estate: " + estate + ":4:1: expected ',' or ']'");
    }

    @Test
    void aMissingEstateFileExitsTwo() {
      Path missing = directory.resolve("nope.yaml");

      InProcessCli.Outcome outcome = run("sandbox", "--port", "0", "--estate", missing.toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("estate file not found: " + missing);
    }

    @Test
    void aBadScaleSpecExitsTwo() {
      InProcessCli.Outcome outcome = run("sandbox", "--port", "0", "--scale", "workspaces=lots");

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("invalid --scale");
    }
  }

  @Nested
  class Scan {

    @Test
    void aBadReportOptionIsAUsageErrorBeforeAnythingIsCollected() {
      Path out = directory.resolve("bad-option");

      InProcessCli.Outcome severity =
          run("scan", "--demo", "--out", out.toString(), "--fail-on", "urgent");
      InProcessCli.Outcome format =
          run("scan", "--demo", "--out", out.toString(), "--format", "xml");
      InProcessCli.Outcome rules =
          run(
              "scan",
              "--demo",
              "--out",
              out.toString(),
              "--rules",
              directory.resolve("no").toString());

      assertUsageError(severity);
      assertUsageError(format);
      assertUsageError(rules);
      assertThat(rules.firstErrorLine()).contains("rules directory not found");
      assertThat(out.resolve("snapshot.json.gz")).doesNotExist();
    }

    @Test
    void demoAndSandboxUrlTogetherAreAUsageError() {
      InProcessCli.Outcome outcome = run("scan", "--demo", "--sandbox-url", "http://127.0.0.1:1");

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("mutually exclusive");
    }

    @Test
    void nothingToScanIsAUsageError() {
      InProcessCli.Outcome outcome = run("scan", "--out", directory.toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("nothing to scan");
    }

    @Test
    void anUnknownConfigKeyIsAUsageErrorNamingFileAndKey() throws IOException {
      Path config = directory.resolve("bad.yaml");
      Files.writeString(config, "plumbline:\n  collect:\n    retry:\n      max-atempts: 3\n");

      InProcessCli.Outcome outcome =
          run("scan", "--config", config.toString(), "--demo", "--out", directory.toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine())
          .contains(config + ":4:")
          .contains("/plumbline/collect/retry/max-atempts");
    }

    @Test
    void noStoreAndStoreUrlExcludeEachOther() {
      InProcessCli.Outcome outcome =
          run("scan", "--demo", "--no-store", "--store-url", "jdbc:h2:mem:x");

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("--no-store and --store-url");
    }
  }

  @Nested
  class Check {

    private Path snapshot;
    private Path rules;

    @BeforeEach
    void writeASnapshotAndARulePack() throws IOException {
      snapshot =
          SnapshotFiles.write(
              Files.createDirectories(directory.resolve("scan")), BadInputCorpus.SNAPSHOT);
      rules = Files.createDirectories(directory.resolve("rules"));
      Files.writeString(rules.resolve("tokens.drl"), BadInputCorpus.RULE);
    }

    private InProcessCli.Outcome check(Path snapshot, String... more) {
      String[] arguments = {
        "check",
        "--snapshot",
        snapshot.toString(),
        "--rules",
        rules.toString(),
        "--out",
        directory.resolve("out").toString()
      };
      String[] all = new String[arguments.length + more.length];
      System.arraycopy(arguments, 0, all, 0, arguments.length);
      System.arraycopy(more, 0, all, arguments.length, more.length);
      return run(all);
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingIsJudged() {
      InProcessCli.Outcome badSeverity = check(snapshot, "--fail-on", "severe");
      InProcessCli.Outcome badFormat = check(snapshot, "--format", "json,pdf");
      InProcessCli.Outcome missing = check(directory.resolve("nope.json.gz"));
      InProcessCli.Outcome noSnapshot = run("check");

      assertUsageError(badSeverity);
      assertThat(badSeverity.firstErrorLine()).contains("--fail-on: invalid severity \"severe\"");
      assertUsageError(badFormat);
      assertThat(badFormat.firstErrorLine()).contains("invalid format \"pdf\"");
      assertUsageError(missing);
      assertThat(missing.firstErrorLine()).contains("snapshot file not found");
      assertUsageError(noSnapshot);
      assertThat(noSnapshot.firstErrorLine()).contains("--snapshot");
      assertThat(directory.resolve("out")).doesNotExist();
    }

    @Test
    void aRuleThatDoesNotCompileExitsTwoNamingFileAndLine() throws IOException {
      Files.writeString(
          rules.resolve("broken.drl"), "package rules.b\nrule \"x\"\nwhen\n  Nope( )\nthen\nend\n");

      InProcessCli.Outcome outcome = check(snapshot);

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("broken.drl:4");
    }

    @Test
    void aBadWaiverFileExitsTwoNamingFileAndLine() throws IOException {
      Path waivers = Files.createDirectories(directory.resolve("policies/waivers"));
      Files.writeString(waivers.resolve("bad.yaml"), "waivers:\n  - id: W\n    rule: X\n");

      InProcessCli.Outcome outcome =
          check(snapshot, "--policies", directory.resolve("policies").toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("bad.yaml:2: waivers[0]: missing required key");
    }

    @Test
    void rulesRejectsAnUnknownFormat() {
      InProcessCli.Outcome outcome = run("rules", "--format", "yaml");

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("yaml");
    }
  }

  @Nested
  class History {

    @Test
    void readingCommandsNeverCreateAStore() {
      String store = "jdbc:h2:file:" + directory.resolve("nothing-here/plumbline");

      InProcessCli.Outcome outcome = run("history", "--store-url", store);

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("no store at").contains("nothing-here");
      assertThat(directory.resolve("nothing-here")).doesNotExist();
    }
  }

  @Nested
  class Baseline {

    private static final String STATES = "src/test/resources/terraform/";

    @Test
    void importOfAnUnmappedWorkspaceResourceExitsTwo() {
      InProcessCli.Outcome outcome =
          run(
              "baseline",
              "import",
              "--terraform-state",
              STATES + "dev-workspace.tfstate",
              "--out",
              directory.resolve("out.yaml").toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("databricks_workspace_conf.this");
      assertThat(outcome.err()).contains("--map");
      assertThat(directory.resolve("out.yaml")).doesNotExist();
    }

    @Test
    void aBadScopeIsAUsageError() throws IOException {
      Path snapshot =
          SnapshotFiles.write(
              Files.createDirectories(directory.resolve("scan")), BadInputCorpus.SNAPSHOT);

      InProcessCli.Outcome outcome =
          run(
              "baseline",
              "accept",
              "--snapshot",
              snapshot.toString(),
              "--scope",
              "cluster:1",
              "--out",
              directory.resolve("accepted.yaml").toString());

      assertUsageError(outcome);
      assertThat(outcome.firstErrorLine()).contains("invalid scope \"cluster:1\"");
      assertThat(directory.resolve("accepted.yaml")).doesNotExist();
    }

    @Test
    void validateExitsTwoOnTheFirstBadFileNamingFileLineFieldAndExpected() throws IOException {
      Path baselines = Files.createDirectories(directory.resolve("policies/baselines"));
      Files.writeString(
          baselines.resolve("a.yaml"), "tiers:\n  prod:\n    applies_to: {tags: {}}\n");

      InProcessCli.Outcome outcome =
          run("validate", "--policies", directory.resolve("policies").toString());

      assertUsageError(outcome);
      assertThat(outcome.err())
          .contains("a.yaml:3:")
          .contains("/tiers/prod/applies_to/tags")
          .contains("must have at least 1");
    }
  }
}
