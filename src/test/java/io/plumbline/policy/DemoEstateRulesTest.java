package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The identity, token, workspace configuration, cluster policy and Unity Catalog rules against the
 * default sandbox estate, collected as a scan collects it: each of their failures is one of the
 * estate's demo drifts, and the declared estate (the same document without its drift) fails none of
 * them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEstateRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final List<String> PREFIXES =
      List.of("DBX-ID-", "DBX-TOK-", "DBX-WSC-", "DBX-CP-", "DBX-UC-");
  private static final String ACCOUNT = "account:c0ffee00-da7a-4b1e-8e57-000000000001";
  private static final String QA = "workspace:1000000000000202";
  private static final String PROD = "workspace:1000000000000303";

  private Evaluator evaluator;
  private Evaluation live;

  @BeforeAll
  void evaluateTheLiveEstate() {
    evaluator = new Evaluator(DroolsPolicyEngine.load(Path.of("rules")));
    live = evaluate(EstateLoader.loadDefault());
  }

  @Test
  void theFailuresOfTheseRulesAreExactlyTheDemoDriftsTheyCanSee() {
    assertThat(failuresOfTheseRules(live))
        .extracting(
            Finding::ruleId,
            Finding::resourceType,
            finding -> finding.scope().toString(),
            Finding::resourceId,
            Finding::attribute)
        .containsExactlyInAnyOrder(
            // prod-admin-user-added
            tuple(
                "DBX-ID-004",
                "databricks_group_member",
                PROD,
                "7400000000000031|7100000000000011",
                Optional.of("member_id")),
            // qa-policy-autotermination-raised
            tuple(
                "DBX-CP-001",
                "databricks_cluster_policy",
                QA,
                "BD0C621DE49F145F",
                Optional.of("definition.autotermination_minutes")),
            // prod-results-download-enabled
            tuple(
                "DBX-WSC-001",
                "databricks_workspace_conf",
                PROD,
                "_",
                Optional.of("enableResultsDownloading")),
            // workspace-without-metastore
            tuple(
                "DBX-UC-001",
                "databricks_mws_workspaces",
                ACCOUNT,
                "1000000000000404",
                Optional.of("metastore_id")),
            // token-without-expiry
            tuple(
                "DBX-TOK-001",
                "databricks_token",
                QA,
                "58b081006f7e3dfc967a64cb14028d512c9791e558e08baa7196b50ac2f86702",
                Optional.of("expiry_time")));
  }

  @Test
  void everyRuleJudgesSomethingAndNothingIsUnknown() {
    List<Finding> ours = ofTheseRules(live);

    assertThat(ours).extracting(Finding::verdict).doesNotContain(Verdict.UNKNOWN);
    Set<String> judged = ours.stream().map(Finding::ruleId).collect(Collectors.toSet());
    Set<String> rules =
        live.rules().stream()
            .map(RuleMetadata::id)
            .filter(DemoEstateRulesTest::oneOfThese)
            .collect(Collectors.toSet());
    // the estate has every resource type these rules judge, so each rule gives verdicts
    assertThat(rules).hasSizeGreaterThanOrEqualTo(22);
    assertThat(judged).isEqualTo(rules);
  }

  @Test
  void theDeclaredNinetyDayTokensPass() {
    assertThat(ofTheseRules(live))
        .filteredOn(finding -> finding.ruleId().equals("DBX-TOK-002"))
        .extracting(Finding::verdict)
        .hasSize(6)
        .containsOnly(Verdict.PASS);
  }

  @Test
  void theDeclaredEstateFailsNoneOfTheseRules() {
    Evaluation declared = evaluate(DemoScans.estateWith(Set.of()));

    assertThat(failuresOfTheseRules(declared)).isEmpty();
    assertThat(ofTheseRules(declared)).extracting(Finding::verdict).containsOnly(Verdict.PASS);
  }

  private Evaluation evaluate(Estate estate) {
    Snapshot snapshot = DemoScans.scan(estate);
    return evaluator.evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
  }

  private static boolean oneOfThese(String ruleId) {
    return PREFIXES.stream().anyMatch(ruleId::startsWith);
  }

  private static List<Finding> ofTheseRules(Evaluation evaluation) {
    return evaluation.findings().stream().filter(finding -> oneOfThese(finding.ruleId())).toList();
  }

  private static List<Finding> failuresOfTheseRules(Evaluation evaluation) {
    return evaluation.withVerdict(Verdict.FAIL).stream()
        .filter(finding -> oneOfThese(finding.ruleId()))
        .toList();
  }
}
