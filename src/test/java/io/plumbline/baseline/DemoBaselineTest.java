package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.BaselineDrift;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo baseline (policies/baselines) describes the default estate's declared state: scanned
 * with none of its drift applied, nothing drifts; with its drift, the baseline rules fail for the
 * drift entries of docs/sandbox-estate.md and for nothing else, each drift entry under the rules
 * listed here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoBaselineTest {

  private static final String ACCOUNT = "account:c0ffee00-da7a-4b1e-8e57-000000000001";
  private static final String DEV = "workspace:1000000000000101";
  private static final String QA = "workspace:1000000000000202";
  private static final String PROD = "workspace:1000000000000303";
  private static final String SANDBOX_ML = "workspace:1000000000000404";
  private static final String AWS = "aws:111122223333";

  /** A baseline rule's FAIL: rule, scope, resource id and drifted attribute ("" for none). */
  record Failure(String rule, String scope, String resource, String attribute) {
    static Failure of(Finding finding) {
      return new Failure(
          finding.ruleId(),
          finding.scope().toString(),
          finding.resourceId(),
          finding.attribute().orElse(""));
    }
  }

  /** What each drift entry of the default estate must fail among the baseline rules. */
  private static final Map<String, Set<Failure>> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "prod-admin-user-added",
              Set.of(new Failure("DBX-BL-015", PROD, "7400000000000031|7100000000000011", ""))),
          Map.entry(
              "qa-policy-autotermination-raised",
              Set.of(
                  new Failure(
                      "DBX-BL-019", QA, "BD0C621DE49F145F", "definition.autotermination_minutes"))),
          Map.entry(
              "prod-results-download-enabled",
              Set.of(
                  new Failure("DBX-BL-022", PROD, "_", "custom_config.enableResultsDownloading"))),
          Map.entry(
              "workspace-without-metastore",
              Set.of(
                  new Failure("DBX-BL-002", ACCOUNT, "1000000000000404", ""),
                  new Failure(
                      "DBX-BL-004",
                      SANDBOX_ML,
                      "1000000000000404|907a70c3-1012-4037-b64c-e4228c38fb29",
                      "metastore_id"),
                  new Failure("DBX-BL-031", AWS, "sandbox-ml-cross-account", ""))),
          Map.entry(
              "cross-account-trust-external-id-removed",
              Set.of(new Failure("DBX-BL-032", AWS, "dev-cross-account", "assume_role_policy"))),
          // tokens are created by users (not declared; no baseline kind): other rules judge them
          Map.entry("token-without-expiry", Set.of()),
          Map.entry(
              "instance-profile-s3-star",
              Set.of(
                  new Failure(
                      "DBX-BL-033",
                      AWS,
                      "qa-data-engineering",
                      "inline_policies.s3-debug-access"))),
          Map.entry(
              "unknown-group",
              Set.of(
                  new Failure("DBX-BL-011", ACCOUNT, "7200000000000099", ""),
                  new Failure("DBX-BL-008", PROD, "1000000000000303|7200000000000099", ""))),
          // an undeclared global init script is judged by DBX-GIS-001, not by a DBX-BL rule
          Map.entry("init-script-added-by-hand", Set.of()),
          // the job's declared run_as service principal is gone (DBX-JOB-001 judges the user)
          Map.entry(
              "job-runs-as-user",
              Set.of(new Failure("DBX-BL-101", PROD, "303012", "run_as_service_principal_name"))),
          Map.entry(
              "users-manage-job",
              Set.of(new Failure("DBX-BL-105", DEV, "/jobs/101011", "access_control"))),
          // qa is Structural: its cluster ACLs are Manual (observe), so no drift at all
          Map.entry("cluster-restart-granted-in-structural-qa", Set.of()),
          Map.entry(
              "repo-from-unapproved-host", Set.of(new Failure("DBX-BL-104", DEV, "101000777", ""))),
          // the three AWS drifts are drift facts of generic AWS kinds, judged by AWS-NET-001,
          // AWS-NET-003 and AWS-S3-001 (DemoEstateAwsNetworkRulesTest), not by a DBX-BL rule
          Map.entry("security-group-ssh-open", Set.of()),
          Map.entry("peering-to-unknown-account", Set.of()),
          Map.entry("root-bucket-public-access-block-removed", Set.of()));

  private DroolsPolicyEngine engine;
  private Baselines baselines;

  @BeforeAll
  void loadRulesAndBaselines() {
    engine = DroolsPolicyEngine.load(Path.of("rules"));
    baselines = Baselines.load(Path.of("policies"));
  }

  @Test
  void theDemoBaselineDeclaresTiersAndWorkspaces() {
    assertThat(baselines.tierNames()).containsExactly("base", "dev", "prod");
    assertThat(baselines.workspaceNames()).containsExactly("dev", "prod", "qa");
    assertThat(baselines.tiersOf("qa", 1000000000000202L, Map.of("tier", "dev")))
        .containsExactly("base", "dev");
  }

  @Test
  void theDeclaredEstateHasNoBaselineDrift() {
    Result result = scan(estateWith(Set.of()));

    assertThat(result.drift()).isEmpty();
    assertThat(result.baselineFailures()).isEmpty();
    assertThat(result.baselinePasses()).isNotEmpty();
  }

  @Test
  void theDemoEstateFailsBaselineRulesForItsDriftAndNothingElse() {
    Result result = scan(EstateLoader.loadDefault());

    Set<Failure> expected =
        EXPECTED.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    assertThat(result.baselineFailures()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(result.evaluation().findings())
        .filteredOn(finding -> finding.ruleId().startsWith("DBX-BL-"))
        .filteredOn(finding -> finding.verdict() == Verdict.FAIL)
        .allSatisfy(finding -> assertThat(finding.location()).isPresent());
  }

  @Test
  void findingsNameTheBaselineLineToChange() {
    Result result = scan(estateWith(Set.of("prod-results-download-enabled")));

    assertThat(result.evaluation().findings())
        .filteredOn(finding -> finding.ruleId().equals("DBX-BL-022"))
        .filteredOn(finding -> finding.verdict() == Verdict.FAIL)
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.location()).hasValue("policies/baselines/base.yaml:34");
              assertThat(finding.evidence().path("expected").asText()).isEqualTo("false");
              assertThat(finding.evidence().path("actual").asText()).isEqualTo("true");
            });
  }

  Set<String> driftIds() {
    return EXPECTED.keySet();
  }

  @ParameterizedTest(name = "drift {0} fails exactly its baseline rules")
  @MethodSource("driftIds")
  void eachDriftEntryFailsItsBaselineRules(String driftId) {
    Result result = scan(estateWith(Set.of(driftId)));

    assertThat(result.baselineFailures())
        .as("baseline rule failures for drift %s", driftId)
        .containsExactlyInAnyOrderElementsOf(EXPECTED.get(driftId));
  }

  // ---- helpers --------------------------------------------------------------------------------

  record Result(Evaluation evaluation, List<Fact> drift) {
    Set<Failure> baselineFailures() {
      return evaluation.findings().stream()
          .filter(finding -> finding.ruleId().startsWith("DBX-BL-"))
          .filter(finding -> finding.verdict() == Verdict.FAIL)
          .map(Failure::of)
          .collect(Collectors.toSet());
    }

    List<Finding> baselinePasses() {
      return evaluation.findings().stream()
          .filter(finding -> finding.ruleId().startsWith("DBX-BL-"))
          .filter(finding -> finding.verdict() == Verdict.PASS)
          .toList();
    }
  }

  private Result scan(Estate estate) {
    Snapshot snapshot = DemoScans.scan(estate);
    List<Fact> drift = BaselineComparator.driftFacts(snapshot, baselines);
    List<Fact> facts = new ArrayList<>(FactBuilder.facts(snapshot, snapshot.takenAt()));
    facts.addAll(drift);
    return new Result(
        new Evaluator(engine).evaluate(snapshot, facts),
        drift.stream().filter(fact -> !((BaselineDrift) fact).isUnknown()).toList());
  }

  private static Estate estateWith(Set<String> driftIds) {
    return DemoScans.estateWith(driftIds);
  }
}
