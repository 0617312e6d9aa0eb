package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.facts.ResourceRef;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rule that cannot judge a value gives UNKNOWN, never PASS, and never hides a FAIL. */
class VerdictsTest {

  private static final Scope WORKSPACE = Scope.workspace(1001);
  private static final String TYPE = "databricks_workspace_conf";
  private static final RuleMetadata RULE =
      new RuleMetadata(
          "DBX-TEST-001",
          "a test rule",
          Severity.MEDIUM,
          TYPE,
          List.of(),
          "why",
          "what to do",
          Optional.empty(),
          "test.drl");

  private static Resource conf(String id) {
    return new Resource(TYPE, id, WORKSPACE, JsonNodeFactory.instance.objectNode());
  }

  private static Snapshot snapshot(Resource... resources) {
    return SnapshotCodec.create(
        Instant.parse("2026-11-21T00:00:00Z"),
        List.of(Coverage.complete(WORKSPACE, TYPE)),
        List.of(resources),
        CollectionStats.empty());
  }

  private static RuleFailure reported(Verdict verdict, String resourceId, String attribute) {
    return new RuleFailure(
        RULE.id(),
        verdict,
        new ResourceRef(TYPE, WORKSPACE, resourceId),
        Optional.of(attribute),
        verdict + " " + attribute,
        JsonNodeFactory.instance.objectNode(),
        Optional.empty());
  }

  @Test
  void aResourceWhoseValueTheRuleCannotJudgeIsUnknownUnderTheAttributeItsFailWouldName() {
    List<Finding> findings =
        Verdicts.compute(
            List.of(RULE),
            snapshot(conf("a"), conf("b")),
            List.of(reported(Verdict.UNKNOWN, "a", "enableWebTerminal")));

    assertThat(findings)
        .extracting(Finding::resourceId, Finding::verdict, Finding::attribute)
        .containsExactlyInAnyOrder(
            tuple("a", Verdict.UNKNOWN, Optional.of("enableWebTerminal")),
            tuple("b", Verdict.PASS, Optional.empty()));
    Finding unknown =
        findings.stream()
            .filter(finding -> finding.verdict() == Verdict.UNKNOWN)
            .findFirst()
            .orElseThrow();
    List<Finding> failed =
        Verdicts.compute(
            List.of(RULE),
            snapshot(conf("a"), conf("b")),
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
            List.of(RULE),
            snapshot(conf("a")),
            List.of(
                reported(Verdict.UNKNOWN, "a", "enable-X-Frame-Options"),
                reported(Verdict.FAIL, "a", "enable-X-Frame-Options"),
                reported(Verdict.UNKNOWN, "a", "enable-X-XSS-Protection")));

    assertThat(findings)
        .extracting(Finding::verdict, Finding::attribute)
        .containsExactlyInAnyOrder(
            tuple(Verdict.FAIL, Optional.of("enable-X-Frame-Options")),
            tuple(Verdict.UNKNOWN, Optional.of("enable-X-XSS-Protection")));
  }
}
