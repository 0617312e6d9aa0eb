package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.snapshot.SnapshotFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of {@link BadInputCorpus} through the command that reads it, in this process: exit 2
 * within seconds, a first line that starts "plumbline: " and names the file (and, for the cases a
 * user reported, is exactly the expected line), and no stack trace, exception or Java class name
 * anywhere in the output.
 */
class BadInputCorpusTest {

  private static final Duration FAST_ENOUGH = Duration.ofSeconds(10);

  /**
   * A Java class name (java.io.UncheckedIOException, org.yaml.snakeyaml.error.YAMLException), but
   * not the names rule authors write in DRL (io.plumbline.policy.drools.Findings).
   */
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(?!io\\.plumbline\\.policy\\.(?:facts|drools)\\.)(?:java|javax|jakarta|org|com|io|sun)"
              + "\\.[a-z0-9_]+(?:\\.[A-Za-z0-9_$]+)*\\.[A-Z]\\w*");

  private static final List<BadInputCorpus.Case> CASES = BadInputCorpus.cases();

  @TempDir static Path directory;
  private static BadInputCorpus.Good good;

  @BeforeAll
  static void writeTheGoodInputs() throws IOException {
    Path rules = Files.createDirectories(directory.resolve("good/rules"));
    Files.writeString(rules.resolve("corpus.drl"), BadInputCorpus.RULE);
    good =
        new BadInputCorpus.Good(
            SnapshotFiles.write(directory.resolve("good"), BadInputCorpus.SNAPSHOT),
            rules,
            Files.createDirectories(directory.resolve("good/policies")));
    // the first rule compile of a JVM loads the compiler (seconds): the user's JVM pays that at
    // start, and a case should be timed for its own work
    DroolsPolicyEngine.load(rules);
  }

  @AfterAll
  static void deleteTheLargeFilesAtOnce() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.size(file) > 1024 * 1024) {
          Files.delete(file);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> everyBadFileExitsTwoWithAFirstLineNamingTheFile() {
    Map<String, List<BadInputCorpus.Case>> byKind = new LinkedHashMap<>();
    CASES.forEach(each -> byKind.computeIfAbsent(each.kind(), kind -> new ArrayList<>()).add(each));
    return byKind.entrySet().stream()
        .map(
            kind ->
                DynamicContainer.dynamicContainer(
                    kind.getKey(),
                    kind.getValue().stream()
                        .map(each -> DynamicTest.dynamicTest(each.name(), () -> check(each)))));
  }

  @Test
  void theCorpusHasAtLeastEightyFilesOfEveryKindPlumblineReads() {
    Map<String, Long> counts =
        CASES.stream()
            .collect(Collectors.groupingBy(BadInputCorpus.Case::kind, Collectors.counting()));

    assertThat(counts)
        .containsOnlyKeys(
            "baseline",
            "waiver",
            "framework",
            "terraform state",
            "rules",
            "collect config",
            "sandbox estate",
            "sandbox faults",
            "snapshot")
        .allSatisfy((kind, count) -> assertThat(count).as(kind).isGreaterThanOrEqualTo(5));
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(80);
    assertThat(CASES.stream().map(each -> each.kind() + "/" + each.name())).doesNotHaveDuplicates();
  }

  @Test
  void aYamlAliasBombIsOneLineNotOneLinePerExpandedProblem() throws IOException {
    Path policies = directory.resolve("one-line/policies");
    Path file = Files.createDirectories(policies.resolve("baselines")).resolve("bomb.yaml");
    Files.writeString(
        file, "workspaces:\n  prod: &a {workspace_id: 1}\n  dev: *a\n  qa: *a\n  ml: *a\n");

    InProcessCli.Outcome outcome = InProcessCli.run("validate", "--policies", policies.toString());

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.err())
        .isEqualTo(
            "plumbline: invalid baseline: "
                + file
                + ":3:8: YAML alias *a is not supported (anchors and aliases are not expanded;"
                + " write the value out)"
                + System.lineSeparator());
  }

  @Test
  void rulesThatDoNotCompileSayFileLineAndWhatFirstThenTheOtherErrors() throws IOException {
    Path rules = Files.createDirectories(directory.resolve("two-errors/rules"));
    Path file = rules.resolve("tokens.drl");
    Files.writeString(file, BadInputCorpus.RULE.replace("Token(", "Tokken("));

    InProcessCli.Outcome outcome =
        InProcessCli.run(
            "validate", "--policies", good.emptyPolicies().toString(), "--rules", rules.toString());

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.err().lines())
        .containsExactly(
            "plumbline: rules do not compile: "
                + file
                + ":8: Unable to resolve ObjectType 'Tokken' (and 1 more problem below)",
            "  " + file + ":4: Rule Compilation error $t cannot be resolved to a variable");
  }

  private static void check(BadInputCorpus.Case each) throws IOException {
    Path caseDirectory =
        Files.createDirectories(
            directory.resolve(each.kind().replace(' ', '-')).resolve(each.name()));
    BadInputCorpus.Invocation invocation =
        each.invocation().apply(new BadInputCorpus.Setup(caseDirectory, good));

    InProcessCli.Outcome outcome =
        assertTimeoutPreemptively(
            FAST_ENOUGH.multipliedBy(3),
            () -> InProcessCli.run(invocation.arguments().toArray(String[]::new)));

    String described = String.join(" ", invocation.arguments()) + "\n" + outcome.err();
    assertThat(outcome.exitCode()).as(described).isEqualTo(ExitCodes.USAGE);
    assertThat(outcome.firstErrorLine())
        .as(described)
        .startsWith("plumbline: ")
        .contains(invocation.file().toString());
    if (each.expectedFirstLine().isPresent()) {
      assertThat(outcome.firstErrorLine())
          .as(described)
          .isEqualTo(each.expectedFirstLine(invocation.file()));
    }
    assertThat(outcome.out() + outcome.err())
        .as(described)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("Input length =")
        .doesNotContainPattern(CLASS_NAME);
    assertThat(outcome.took()).as(described).isLessThan(FAST_ENOUGH);
  }
}
