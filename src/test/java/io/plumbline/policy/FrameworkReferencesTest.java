package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.PlumblineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkReferencesTest {

  @Test
  void eachRuleGetsTheControlsThatListItPrefixedByTheFrameworkId(@TempDir Path policies)
      throws Exception {
    Path frameworks = Files.createDirectories(policies.resolve("frameworks"));
    Files.writeString(
        frameworks.resolve("nist.yaml"),
        """
        framework: {id: nist-800-53, title: NIST, version: "5"}
        controls:
          - {id: AC-2, title: Account management, rules: [DBX-ID-001, DBX-ID-002]}
          - {id: IA-5, title: Authenticator management, rules: [DBX-TOK-001]}
        """);
    Files.writeString(
        frameworks.resolve("soc2.yaml"),
        """
        framework: {id: soc2, title: SOC 2, version: "2017"}
        controls:
          - {id: CC6.1, title: Logical access, rules: [DBX-ID-001, DBX-TOK-001]}
        """);

    Map<String, List<String>> references = FrameworkReferences.load(policies);

    assertThat(references)
        .containsEntry("DBX-ID-001", List.of("nist-800-53:AC-2", "soc2:CC6.1"))
        .containsEntry("DBX-TOK-001", List.of("nist-800-53:IA-5", "soc2:CC6.1"))
        .containsEntry("DBX-ID-002", List.of("nist-800-53:AC-2"));
  }

  @Test
  void theShippedMappingsReferenceTheTokenRule() {
    assertThat(FrameworkReferences.load(Path.of("policies")).get("DBX-TOK-001")).isNotEmpty();
  }

  @Test
  void aMappingWithoutRulesNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                FrameworkReferences.read(
                    "f.yaml",
                    "framework: {id: x}\ncontrols:\n  - id: A\n    title: t\n",
                    new TreeMap<>()))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("f.yaml:3: controls[0]: expected an id and a list of rules");
  }

  @Test
  void noFrameworksDirectoryMeansNoReferences(@TempDir Path policies) {
    assertThat(FrameworkReferences.load(policies)).isEmpty();
  }
}
