package io.plumbline.policy.drools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.Verdicts;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.snapshot.SnapshotCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DroolsPolicyEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final String TOKEN_RULE =
      """
      package rules.test
      import io.plumbline.policy.facts.*
      global io.plumbline.policy.drools.Findings findings
      rule "tokens expire"
          @id("TEST-001") @title("Tokens expire") @severity("high") @resourceType("databricks_token")
          @rationale("r") @remediation("m")
      when
          $t : Token( neverExpires )
      then
          findings.fail(drools, $t, "expiry_time", "never expires");
      end
      """;

  private static Resource token(long workspace, String id, long expiry) {
    ObjectNode attributes =
        JSON.createObjectNode()
            .put("expiry_time", expiry)
            .put("creation_time", 0)
            .put("created_by_username", "a@example.com");
    return new Resource("databricks_token", id, Scope.workspace(workspace), attributes);
  }

  private static Snapshot snapshot(List<Resource> resources, List<Coverage> coverage) {
    return SnapshotCodec.create(NOW, coverage, resources, CollectionStats.empty());
  }

  private static Evaluation evaluate(Snapshot snapshot) {
    DroolsPolicyEngine engine =
        DroolsPolicyEngine.compile("test", Map.of("tokens.drl", TOKEN_RULE));
    return new Evaluator(engine).evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
  }

  @Test
  void aFailingResourceFailsAndEveryOtherResourceOfTheTypePasses() {
    Snapshot snapshot =
        snapshot(
            List.of(token(1, "never", -1), token(1, "expiring", 1_000)),
            List.of(Coverage.complete(Scope.workspace(1), "databricks_token")));

    Evaluation evaluation = evaluate(snapshot);

    assertThat(evaluation.findings())
        .extracting(Finding::resourceId, Finding::verdict)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("never", Verdict.FAIL),
            org.assertj.core.groups.Tuple.tuple("expiring", Verdict.PASS));
    Finding failure = evaluation.withVerdict(Verdict.FAIL).get(0);
    assertThat(failure.attribute()).hasValue("expiry_time");
    assertThat(failure.ruleId()).isEqualTo("TEST-001");
  }

  @Test
  void aScopeWhoseReadFailedIsUnknownNeverPass() {
    Coverage failed =
        Coverage.failed(
            Scope.workspace(2),
            "databricks_token",
            new FailureReason(OptionalInt.of(503), "TEMPORARILY_UNAVAILABLE", "later", 4));
    Snapshot snapshot =
        snapshot(
            List.of(token(2, "seen", 1_000)),
            List.of(failed, Coverage.complete(Scope.workspace(1), "databricks_token")));

    Evaluation evaluation = evaluate(snapshot);

    assertThat(evaluation.withVerdict(Verdict.PASS)).isEmpty();
    assertThat(evaluation.withVerdict(Verdict.UNKNOWN))
        .extracting(Finding::resourceId)
        .containsExactlyInAnyOrder("seen", Verdicts.WHOLE_SCOPE);
    assertThat(evaluation.withVerdict(Verdict.UNKNOWN).get(0).message()).contains("503");
  }

  @Test
  void fingerprintsAreStableAcrossEvaluations() {
    Snapshot snapshot =
        snapshot(
            List.of(token(1, "never", -1)),
            List.of(Coverage.complete(Scope.workspace(1), "databricks_token")));

    assertThat(evaluate(snapshot).findings().get(0).fingerprint())
        .isEqualTo(evaluate(snapshot).findings().get(0).fingerprint())
        .hasSize(24);
  }

  @Test
  void aRuleThatDoesNotCompileNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                DroolsPolicyEngine.compile(
                    "rules",
                    Map.of(
                        "broken.drl", "package rules.b\nrule \"x\"\nwhen\n  Nope( )\nthen\nend\n")))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("rules/broken.drl:4");
  }

  @Test
  void aRuleWithoutMetadataIsRejected() {
    String drl =
        "package rules.c\nimport io.plumbline.policy.facts.*\nrule \"anonymous\"\nwhen\n  Token( )\nthen\nend\n";

    assertThatThrownBy(() -> DroolsPolicyEngine.compile("rules", Map.of("c.drl", drl)))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("rule \"anonymous\" has no @id");
  }

  @Test
  void theShippedRulePackLoads() {
    DroolsPolicyEngine engine = DroolsPolicyEngine.load(Path.of("rules"));

    assertThat(engine.rules())
        .isNotEmpty()
        .allSatisfy(rule -> assertThat(rule.id()).matches("[A-Z]+-[A-Z][A-Z0-9]*-\\d{3}"));
  }
}
