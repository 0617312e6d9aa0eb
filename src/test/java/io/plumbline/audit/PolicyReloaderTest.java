package io.plumbline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.policy.RuleMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReloaderTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

  private static String rule(String id) {
    return """
        package rules.reload
        import io.plumbline.policy.facts.*
        global io.plumbline.policy.drools.Findings findings
        rule "%1$s"
            @id("%1$s") @title("t") @severity("low") @resourceType("databricks_token")
            @rationale("r") @remediation("m")
        when
            $t : Token( neverExpires )
        then
            findings.fail(drools, $t, "never expires");
        end
        """
        .formatted(id);
  }

  private static PolicyReloader reloader(Path rules, Path policies) {
    EvaluationService service = new EvaluationService(CLOCK, "test", rules.getParent());
    EvaluationService.Options options =
        new EvaluationService.Options(
            Optional.of(rules),
            Optional.of(policies),
            Optional.empty(),
            java.time.Duration.ofDays(30));
    return new PolicyReloader(service, options, CLOCK);
  }

  @Test
  void aRuleThatNoLongerCompilesLeavesTheLastGoodRuleBaseInPlace(@TempDir Path directory)
      throws Exception {
    Path rules = Files.createDirectories(directory.resolve("rules"));
    Path policies = Files.createDirectories(directory.resolve("policies"));
    Files.writeString(rules.resolve("mine.drl"), rule("TEST-001"));
    PolicyReloader reloader = reloader(rules, policies);

    Files.writeString(
        rules.resolve("broken.drl"),
        "package rules.broken\nrule \"x\"\nwhen\n  Nope( )\nthen\nend\n");
    PolicyReloader.ReloadResult result = reloader.reload();

    assertThat(result.loaded()).isFalse();
    assertThat(result.error()).get().asString().contains("broken.drl:4");
    assertThat(reloader.current().engine().rules())
        .extracting(RuleMetadata::id)
        .containsExactly("TEST-001");
  }

  @Test
  void aGoodReloadReplacesTheRuleBase(@TempDir Path directory) throws Exception {
    Path rules = Files.createDirectories(directory.resolve("rules"));
    Path policies = Files.createDirectories(directory.resolve("policies"));
    Files.writeString(rules.resolve("mine.drl"), rule("TEST-001"));
    PolicyReloader reloader = reloader(rules, policies);

    Files.writeString(
        rules.resolve("more.drl"), rule("TEST-002").replace("rules.reload", "rules.more"));
    PolicyReloader.ReloadResult result = reloader.reload();

    assertThat(result.loaded()).isTrue();
    assertThat(reloader.current().engine().rules())
        .extracting(RuleMetadata::id)
        .containsExactly("TEST-001", "TEST-002");
  }
}
