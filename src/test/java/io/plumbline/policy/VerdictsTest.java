package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.facts.ResourceRef;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class VerdictsTest {

  private static final Scope ACCOUNT = Scope.account("acct");
  private static final Scope WORKSPACE_A = Scope.workspace(101);
  private static final Scope WORKSPACE_B = Scope.workspace(202);
  private static final String MEMBER = "databricks_group_member";
  private static final String USER = "databricks_user";
  private static final String CREDENTIAL = "databricks_storage_credential";
  private static final String LOCATION = "databricks_external_location";

  private static final RuleMetadata MEMBER_ADDED =
      rule("DBX-BL-014", MEMBER, List.of(USER), List.of());
  private static final RuleMetadata CREDENTIAL_SHARED =
      rule("DBX-UC-004", CREDENTIAL, List.of(), List.of(LOCATION));

  private final List<Resource> resources = new ArrayList<>();
  private final List<Coverage> coverage = new ArrayList<>();

  @Test
  void aFailureOnCompleteDataIsAFail() {
    resource(MEMBER, WORKSPACE_A, "g|u1");
    complete(USER, ACCOUNT);

    List<Finding> findings =
        Verdicts.compute(
            List.of(MEMBER_ADDED), snapshot(), List.of(failure(MEMBER_ADDED, "g|u1", WORKSPACE_A)));

    assertThat(findings)
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
              assertThat(finding.message()).isEqualTo("member u1 added outside the baseline");
            });
  }

  @Test
  void aFailureWhileTheAccountsUsersWereNotReadIsUnknownUnderTheFingerprintItsFailWouldHave() {
    resource(MEMBER, WORKSPACE_A, "g|u1");
    failed(USER, ACCOUNT);
    RuleFailure failure = failure(MEMBER_ADDED, "g|u1", WORKSPACE_A);

    List<Finding> findings = Verdicts.compute(List.of(MEMBER_ADDED), snapshot(), List.of(failure));

    assertThat(findings)
        .filteredOn(finding -> finding.resourceId().equals("g|u1"))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.verdict()).isEqualTo(Verdict.UNKNOWN);
              assertThat(finding.fingerprint())
                  .isEqualTo(
                      Fingerprints.of(
                          "DBX-BL-014", MEMBER, WORKSPACE_A.toString(), "g|u1", Optional.empty()));
              assertThat(finding.message())
                  .isEqualTo(
                      "not judged: databricks_user in account:acct was not read completely"
                          + " (500 INTERNAL_ERROR: boom (4 attempts))");
              assertThat(finding.evidence().path("unconfirmed_failure").path("message").asText())
                  .isEqualTo("member u1 added outside the baseline");
              assertThat(
                      finding.evidence().path("incomplete_coverage").get(0).path("scope").asText())
                  .isEqualTo("account:acct");
            });
  }

  @Test
  void aRequiredTypeThatFailedInAnotherWorkspaceDoesNotMatter() {
    resource(MEMBER, WORKSPACE_A, "g|u1");
    failed(USER, WORKSPACE_B);

    List<Finding> findings = Verdicts.compute(List.of(MEMBER_ADDED), snapshot(), List.of());

    assertThat(findings).extracting(Finding::verdict).containsExactly(Verdict.PASS);
  }

  @Test
  void aJoinedTypeThatFailedInAnyWorkspaceMakesEveryVerdictOfTheRuleUnknown() {
    resource(CREDENTIAL, WORKSPACE_A, "shared-role");
    resource(CREDENTIAL, WORKSPACE_A, "own-role");
    complete(LOCATION, WORKSPACE_A);
    failed(LOCATION, WORKSPACE_B);

    List<Finding> findings =
        Verdicts.compute(
            List.of(CREDENTIAL_SHARED),
            snapshot(),
            List.of(failure(CREDENTIAL_SHARED, "shared-role", WORKSPACE_A)));

    assertThat(findings)
        .extracting(Finding::resourceId, Finding::verdict)
        .containsExactlyInAnyOrder(
            Tuple.tuple("shared-role", Verdict.UNKNOWN),
            Tuple.tuple("own-role", Verdict.UNKNOWN),
            Tuple.tuple(Verdicts.WHOLE_SCOPE, Verdict.UNKNOWN));
  }

  @Test
  void aRequiredAccountReadThatFailedLeavesWhatTheRuleCouldNotSeeInEveryScopeUnknown() {
    // a declared member that is missing has no resource to be judged on: only "*" can say so
    complete(MEMBER, WORKSPACE_A);
    complete(MEMBER, WORKSPACE_B);
    failed(USER, ACCOUNT);

    List<Finding> findings = Verdicts.compute(List.of(MEMBER_ADDED), snapshot(), List.of());

    assertThat(findings)
        .extracting(Finding::scope, Finding::resourceId, Finding::verdict)
        .containsExactly(
            Tuple.tuple(WORKSPACE_A, Verdicts.WHOLE_SCOPE, Verdict.UNKNOWN),
            Tuple.tuple(WORKSPACE_B, Verdicts.WHOLE_SCOPE, Verdict.UNKNOWN));
  }

  @Test
  void aScopeWhoseListOfTheJudgedTypeFailedGetsOneUnknownForTheWholeScope() {
    failed(MEMBER, WORKSPACE_B);

    List<Finding> findings = Verdicts.compute(List.of(MEMBER_ADDED), snapshot(), List.of());

    assertThat(findings)
        .extracting(Finding::scope, Finding::resourceId, Finding::verdict)
        .containsExactly(Tuple.tuple(WORKSPACE_B, Verdicts.WHOLE_SCOPE, Verdict.UNKNOWN));
  }

  private static RuleMetadata rule(
      String id, String type, List<String> requires, List<String> joins) {
    return new RuleMetadata(
        id,
        "title of " + id,
        Severity.HIGH,
        type,
        requires,
        joins,
        "rationale",
        "remediation",
        Optional.empty(),
        "rules/test.drl");
  }

  private static RuleFailure failure(RuleMetadata rule, String id, Scope scope) {
    return new RuleFailure(
        rule.id(),
        Verdict.FAIL,
        new ResourceRef(rule.resourceType(), scope, id),
        Optional.empty(),
        rule == MEMBER_ADDED
            ? "member " + id.substring(id.indexOf('|') + 1) + " added outside the baseline"
            : "credential " + id + " shared",
        JsonNodeFactory.instance.objectNode(),
        Optional.empty());
  }

  private void resource(String type, Scope scope, String id) {
    resources.add(new Resource(type, id, scope, JsonNodeFactory.instance.objectNode()));
    if (coverage.stream()
        .noneMatch(row -> row.scope().equals(scope) && row.resourceType().equals(type))) {
      complete(type, scope);
    }
  }

  private void complete(String type, Scope scope) {
    coverage.add(Coverage.complete(scope, type));
  }

  private void failed(String type, Scope scope) {
    coverage.add(
        Coverage.failed(
            scope, type, new FailureReason(OptionalInt.of(500), "INTERNAL_ERROR", "boom", 4)));
  }

  private Snapshot snapshot() {
    return new Snapshot(
        Snapshot.SCHEMA_VERSION,
        "test",
        Instant.parse("2026-12-01T00:00:00Z"),
        "sha256:test",
        coverage,
        resources,
        CollectionStats.empty());
  }

  // values a rule cannot judge (findings.unknown)

  private static final Scope CONF_WORKSPACE = Scope.workspace(1001);
  private static final String CONF = "databricks_workspace_conf";
  private static final RuleMetadata CONF_RULE =
      new RuleMetadata(
          "DBX-TEST-001",
          "a test rule",
          Severity.MEDIUM,
          CONF,
          List.of(),
          List.of(),
          "why",
          "what to do",
          Optional.empty(),
          "test.drl");

  private static Resource conf(String id) {
    return new Resource(CONF, id, CONF_WORKSPACE, JsonNodeFactory.instance.objectNode());
  }

  private static Snapshot confSnapshot(Resource... resources) {
    return SnapshotCodec.create(
        Instant.parse("2026-11-21T00:00:00Z"),
        List.of(Coverage.complete(CONF_WORKSPACE, CONF)),
        List.of(resources),
        CollectionStats.empty());
  }

  private static RuleFailure reported(Verdict verdict, String resourceId, String attribute) {
    return new RuleFailure(
        CONF_RULE.id(),
        verdict,
        new ResourceRef(CONF, CONF_WORKSPACE, resourceId),
        Optional.of(attribute),
        verdict + " " + attribute,
        JsonNodeFactory.instance.objectNode(),
        Optional.empty());
  }

  @Test
  void aResourceWhoseValueTheRuleCannotJudgeIsUnknownUnderTheAttributeItsFailWouldName() {
    List<Finding> findings =
        Verdicts.compute(
            List.of(CONF_RULE),
            confSnapshot(conf("a"), conf("b")),
            List.of(reported(Verdict.UNKNOWN, "a", "enableWebTerminal")));

    assertThat(findings)
        .extracting(Finding::resourceId, Finding::verdict, Finding::attribute)
        .containsExactlyInAnyOrder(
            Tuple.tuple("a", Verdict.UNKNOWN, Optional.of("enableWebTerminal")),
            Tuple.tuple("b", Verdict.PASS, Optional.empty()));
    Finding unknown =
        findings.stream()
            .filter(finding -> finding.verdict() == Verdict.UNKNOWN)
            .findFirst()
            .orElseThrow();
    List<Finding> failed =
        Verdicts.compute(
            List.of(CONF_RULE),
            confSnapshot(conf("a"), conf("b")),
            List.of(reported(Verdict.FAIL, "a", "enableWebTerminal")));
    assertThat(failed)
        .filteredOn(finding -> finding.verdict() == Verdict.FAIL)
        .singleElement()
        .extracting(Finding::fingerprint)
        .as("an open FAIL that can no longer be judged keeps its lifecycle")
        .isEqualTo(unknown.fingerprint());
  }

  @Test
  void aFailOfTheSameAttributeWinsOverAnUnknownAndOtherAttributesStayUnknown() {
    List<Finding> findings =
        Verdicts.compute(
            List.of(CONF_RULE),
            confSnapshot(conf("a")),
            List.of(
                reported(Verdict.UNKNOWN, "a", "enable-X-Frame-Options"),
                reported(Verdict.FAIL, "a", "enable-X-Frame-Options"),
                reported(Verdict.UNKNOWN, "a", "enable-X-XSS-Protection")));

    assertThat(findings)
        .extracting(Finding::verdict, Finding::attribute)
        .containsExactlyInAnyOrder(
            Tuple.tuple(Verdict.FAIL, Optional.of("enable-X-Frame-Options")),
            Tuple.tuple(Verdict.UNKNOWN, Optional.of("enable-X-XSS-Protection")));
  }
}
