package io.plumbline.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.audit.EvaluationService;
import io.plumbline.policy.RuleMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is the runbook page plumbline's own alerts link to
 * (plumbline.alert.runbook-base-url ends in docs/rules.md#, the rule id is the anchor). It is made
 * from the rules' own metadata, so it must match the rule pack: regenerate with
 * -Dplumbline.regenerateGoldens=true and review.
 */
class RuleRunbooksTest {

  private static final Path PAGE = Path.of("docs/rules.md");

  @Test
  void theRulePageMatchesTheRulePack() throws Exception {
    EvaluationService.Prepared prepared =
        new EvaluationService(Clock.systemUTC(), "docs", Path.of(""))
            .prepare(EvaluationService.Options.defaults());
    String expected = page(prepared.engine().rules(), prepared.frameworks());

    if (Boolean.getBoolean("plumbline.regenerateGoldens")) {
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as("docs/rules.md is stale: regenerate it with -Dplumbline.regenerateGoldens=true")
        .isEqualTo(expected);
  }

  private static String page(List<RuleMetadata> rules, Map<String, List<String>> frameworks) {
    StringBuilder page = new StringBuilder();
    page.append("# Rules\n\n")
        .append("Every rule of the pack in `rules/`, made from the rules' own metadata by\n")
        .append("`RuleRunbooksTest`. plumbline's alerts link here: each rule's section is its\n")
        .append("runbook (`plumbline.alert.runbook-base-url`, the rule id is the anchor).\n");
    rules.stream()
        .sorted(Comparator.comparing(RuleMetadata::id))
        .forEach(
            rule -> {
              page.append("\n<a id=\"").append(rule.id()).append("\"></a>\n\n");
              page.append("## ").append(rule.id()).append(": ").append(rule.title()).append("\n\n");
              page.append("- severity: ").append(rule.severity().name().toLowerCase()).append('\n');
              page.append("- resource type: `").append(rule.resourceType()).append("`\n");
              rule.terraformResource()
                  .ifPresent(
                      resource ->
                          page.append("- Terraform resource: `").append(resource).append("`\n"));
              List<String> mapped = frameworks.getOrDefault(rule.id(), List.of());
              if (!mapped.isEmpty()) {
                page.append("- frameworks: ").append(String.join(", ", mapped)).append('\n');
              }
              page.append("- source: `").append(rule.source()).append("`\n\n");
              page.append("**Why it matters.** ").append(rule.rationale().strip()).append("\n\n");
              page.append("**To fix.** ").append(rule.remediation().strip()).append("\n\n");
              page.append("**First checks.** `plumbline history --finding FINGERPRINT` (the")
                  .append(" fingerprint is in the alert) shows when it started and what changed;")
                  .append(" a deliberate exception gets a waiver with an owner, a reason and an")
                  .append(" expiry (docs/reports-and-waivers.md).\n");
            });
    return page.toString();
  }
}
