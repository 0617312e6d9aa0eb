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
 * The IAM and account (MWS) rules against the default sandbox estate, collected as a scan collects
 * it: of its eight demo drifts, exactly the two IAM ones fail these rules, and the declared estate
 * (the same document without its drift) fails none of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEstateAwsRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");

  private Evaluator evaluator;

  @BeforeAll
  void loadRules() {
    evaluator = new Evaluator(DroolsPolicyEngine.load(Path.of("rules")));
  }

  @Test
  void theTwoIamDriftsAreTheOnlyFailuresOfTheIamAndAccountRules() {
    Evaluation evaluation = evaluate(EstateLoader.loadDefault());

    assertThat(failuresOfTheseRules(evaluation))
        .extracting(Finding::ruleId, Finding::resourceType, Finding::resourceId)
        .containsExactlyInAnyOrder(
            // cross-account-trust-external-id-removed
            tuple("AWS-IAM-001", "aws_iam_role", "dev-cross-account"),
            // instance-profile-s3-star
            tuple("AWS-IAM-005", "aws_iam_role", "qa-data-engineering"));
    assertThat(failuresOfTheseRules(evaluation))
        .filteredOn(finding -> finding.ruleId().equals("AWS-IAM-005"))
        .extracting(finding -> finding.attribute().orElse(""))
        .containsExactly("inline_policies.s3-debug-access");
  }

  @Test
  void everyResourceTheseRulesJudgeGetsAVerdictAndNoneIsUnknown() {
    Evaluation evaluation = evaluate(EstateLoader.loadDefault());

    List<Finding> ours = ofTheseRules(evaluation);
    assertThat(ours).extracting(Finding::verdict).doesNotContain(Verdict.UNKNOWN);
    // the 13 declared roles and sandbox-ml's cross-account role
    assertThat(ours)
        .filteredOn(finding -> finding.ruleId().equals("AWS-IAM-001"))
        .extracting(Finding::resourceId)
        .hasSize(14)
        .doesNotHaveDuplicates();
    assertThat(ours)
        .filteredOn(finding -> finding.ruleId().equals("DBX-MWS-005"))
        .extracting(Finding::resourceId, Finding::verdict)
        .containsExactlyInAnyOrder(
            tuple("1000000000000101", Verdict.PASS),
            tuple("1000000000000202", Verdict.PASS),
            tuple("1000000000000303", Verdict.PASS),
            tuple("1000000000000404", Verdict.PASS));
  }

  @Test
  void theDeclaredEstateFailsNoneOfTheseRules() {
    Evaluation evaluation = evaluate(DemoScans.estateWith(Set.of()));

    assertThat(failuresOfTheseRules(evaluation)).isEmpty();
    assertThat(ofTheseRules(evaluation)).extracting(Finding::verdict).containsOnly(Verdict.PASS);
  }

  private Evaluation evaluate(Estate estate) {
    Snapshot snapshot = DemoScans.scan(estate);
    return evaluator.evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
  }

  private static boolean oneOfTheseRules(Finding finding) {
    return finding.ruleId().startsWith("AWS-IAM-") || finding.ruleId().startsWith("DBX-MWS-");
  }

  private static List<Finding> ofTheseRules(Evaluation evaluation) {
    return evaluation.findings().stream().filter(DemoEstateAwsRulesTest::oneOfTheseRules).toList();
  }

  private static List<Finding> failuresOfTheseRules(Evaluation evaluation) {
    return evaluation.withVerdict(Verdict.FAIL).stream()
        .filter(DemoEstateAwsRulesTest::oneOfTheseRules)
        .toList();
  }
}
