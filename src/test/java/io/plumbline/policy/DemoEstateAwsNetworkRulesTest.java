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
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AWS network, storage and key rules against the default sandbox estate, collected as a scan
 * collects it: its three AWS drifts fail exactly the rule each breaks, and the declared estate
 * passes every one of these rules on every resource they judge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEstateAwsNetworkRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  private Evaluator evaluator;

  @BeforeAll
  void loadRules() {
    evaluator = new Evaluator(DroolsPolicyEngine.load(Path.of("rules")));
  }

  @Test
  void theThreeAwsDriftsAreTheOnlyFailuresOfTheseRules() {
    Evaluation evaluation = evaluate(EstateLoader.loadDefault());

    assertThat(failures(evaluation))
        .extracting(Finding::ruleId, Finding::resourceType, Finding::resourceId)
        .containsExactlyInAnyOrder(
            // security-group-ssh-open
            tuple("AWS-NET-001", "aws_vpc_security_group_ingress_rule", "sgr-0f9e8d7c6b5a43210"),
            // peering-to-unknown-account
            tuple("AWS-NET-003", "aws_vpc_peering_connection", "pcx-0f1e2d3c4b5a69788"),
            // root-bucket-public-access-block-removed
            tuple("AWS-S3-001", "aws_s3_bucket", "example-qa-root"));
    assertThat(ours(evaluation)).extracting(Finding::verdict).doesNotContain(Verdict.UNKNOWN);
  }

  @Test
  void theDeclaredEstatePassesTheseRulesOnEveryResourceTheyJudge() {
    Evaluation evaluation = evaluate(DemoScans.estateWith(Set.of()));

    assertThat(failures(evaluation)).isEmpty();
    assertThat(ours(evaluation)).extracting(Finding::verdict).containsOnly(Verdict.PASS);
    // every rule judged something: 16 rules, each with at least one verdict
    assertThat(ours(evaluation).stream().map(Finding::ruleId).distinct()).hasSize(16);
    assertThat(ours(evaluation))
        .filteredOn(finding -> finding.ruleId().equals("AWS-S3-001"))
        .extracting(Finding::resourceId)
        .containsExactlyInAnyOrder(
            "example-databricks-logs", "example-dev-root", "example-prod-root", "example-qa-root");
  }

  private Evaluation evaluate(Estate estate) {
    Snapshot snapshot = DemoScans.scan(estate);
    return evaluator.evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
  }

  private static boolean ofTheseRules(Finding finding) {
    return finding.ruleId().startsWith("AWS-NET-")
        || finding.ruleId().startsWith("AWS-S3-")
        || finding.ruleId().startsWith("AWS-KMS-");
  }

  private static List<Finding> ours(Evaluation evaluation) {
    return evaluation.findings().stream()
        .filter(DemoEstateAwsNetworkRulesTest::ofTheseRules)
        .toList();
  }

  private static List<Finding> failures(Evaluation evaluation) {
    return evaluation.withVerdict(Verdict.FAIL).stream()
        .filter(DemoEstateAwsNetworkRulesTest::ofTheseRules)
        .toList();
  }
}
