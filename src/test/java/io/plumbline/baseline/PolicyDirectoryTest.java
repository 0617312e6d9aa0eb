package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline validate}: every policy file checked, the first bad one named precisely. */
class PolicyDirectoryTest {

  private static final String WAIVER =
      """
      waivers:
        - id: WVR-2026-014
          rule: DBX-TOK-001
          scope: workspace:1000000000000202
          justification: CI token rotated by the deploy pipeline
          owner: platform-team@example.com
          ticket: SEC-1182
          expires: 2026-12-31
      """;

  private static final String FRAMEWORK =
      """
      framework: {id: cis-databricks, title: CIS-style benchmark, version: "1.0.0"}
      controls:
        - id: "2.1"
          title: Ensure personal access tokens expire
          rules: [DBX-TOK-001]
      """;

  @TempDir Path policies;

  private void write(String path, String text) throws Exception {
    Path file = policies.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aDirectoryOfValidFilesIsCountedByKind() throws Exception {
    write("baselines/base.yaml", "tiers:\n  base: {description: everything}\n");
    write("waivers/tokens.yaml", WAIVER);
    write("frameworks/cis.yaml", FRAMEWORK);

    PolicyDirectory.Summary summary = PolicyDirectory.validate(policies, Set.of("DBX-TOK-001"));

    assertThat(summary).isEqualTo(new PolicyDirectory.Summary(1, 1, 1));
  }

  @Test
  void theRepositoryPoliciesAreValid() {
    PolicyDirectory.Summary summary = PolicyDirectory.validate(Path.of("policies"), Set.of());

    assertThat(summary.baselines()).isEqualTo(6);
  }

  @Test
  void aWaiverWithAnImpossibleExpiryNamesFileLineFieldAndPattern() throws Exception {
    write("waivers/tokens.yaml", WAIVER.replace("2026-12-31", "2026-13-01"));

    assertThatThrownBy(() -> PolicyDirectory.validate(policies, Set.of()))
        .isInstanceOf(InvalidPolicyFileException.class)
        .hasMessageContaining("invalid waiver file")
        .hasMessageContaining("tokens.yaml:8:")
        .hasMessageContaining("/waivers/0/expires")
        .hasMessageContaining("pattern");
  }

  @Test
  void aWaiverWithoutJustificationSaysWhichFieldIsRequired() throws Exception {
    write(
        "waivers/tokens.yaml",
        WAIVER.replace("    justification: CI token rotated by the deploy pipeline\n", ""));

    assertThatThrownBy(() -> PolicyDirectory.validate(policies, Set.of()))
        .hasMessageContaining("tokens.yaml:2:")
        .hasMessageContaining("/waivers/0")
        .hasMessageContaining("justification");
  }

  @Test
  void theFirstBadFileStopsTheCheck() throws Exception {
    write("waivers/a.yaml", "waivers:\n  - id: A\n");
    write("waivers/b.yaml", "waivers: nope\n");

    assertThatThrownBy(() -> PolicyDirectory.validate(policies, Set.of()))
        .hasMessageContaining("a.yaml")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("b.yaml"));
  }

  @Test
  void aFrameworkControlMustNameRulesThatExist() throws Exception {
    write("frameworks/cis.yaml", FRAMEWORK.replace("DBX-TOK-001", "DBX-TOK-999"));

    assertThatThrownBy(() -> PolicyDirectory.validate(policies, Set.of("DBX-TOK-001")))
        .hasMessageContaining("cis.yaml:5")
        .hasMessageContaining("/controls/0/rules/0: unknown rule \"DBX-TOK-999\"");
  }

  @Test
  void aFrameworkWithoutVersionIsInvalid() throws Exception {
    write("frameworks/cis.yaml", FRAMEWORK.replace(", version: \"1.0.0\"", ""));

    assertThatThrownBy(() -> PolicyDirectory.validate(policies, Set.of()))
        .hasMessageContaining("invalid framework mapping")
        .hasMessageContaining("/framework")
        .hasMessageContaining("version");
  }

  @Test
  void aMissingDirectoryIsAUsageError() {
    assertThatThrownBy(() -> PolicyDirectory.validate(policies.resolve("nope"), Set.of()))
        .hasMessageContaining("policies directory not found");
  }
}
