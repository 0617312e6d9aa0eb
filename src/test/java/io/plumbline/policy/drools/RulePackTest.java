package io.plumbline.policy.drools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.snapshot.SnapshotCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test every rule has: its good and bad example inputs, beside the rule pack in {@code
 * rules/fixtures/<RULE-ID>/good.json} and {@code bad.json}. The bad input must make the rule FAIL;
 * the good input must make it PASS something and FAIL nothing.
 *
 * <p>A fixture is {@code {"now": ISO instant (optional), "resources": [{type, id, scope,
 * attributes}], "coverage": [...] (optional: every scope x type present is COMPLETE when absent),
 * "expected_failures": N (optional: the exact number of FAIL findings the bad example gives)}}, in
 * the snapshot's own JSON shapes (docs/snapshot-format.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulePackTest {

  private static final Path RULES = Path.of("rules");
  private static final Path FIXTURES = RULES.resolve("fixtures");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant DEFAULT_NOW = Instant.parse("2026-11-21T00:00:00Z");

  private DroolsPolicyEngine engine;

  @BeforeAll
  void loadRulePack() {
    engine = DroolsPolicyEngine.load(RULES);
  }

  Stream<String> ruleIds() {
    return DroolsPolicyEngine.load(RULES).rules().stream().map(RuleMetadata::id);
  }

  @Test
  void everyRuleHasGoodAndBadExamples() {
    List<String> missing = new ArrayList<>();
    for (RuleMetadata rule : engine.rules()) {
      for (String name : List.of("good.json", "bad.json")) {
        if (!Files.isRegularFile(FIXTURES.resolve(rule.id()).resolve(name))) {
          missing.add(rule.id() + "/" + name);
        }
      }
    }
    assertThat(missing).as("fixtures missing under rules/fixtures").isEmpty();
  }

  @ParameterizedTest(name = "{0} fails its bad example")
  @MethodSource("ruleIds")
  void theBadExampleFails(String ruleId) throws IOException {
    Path fixture = FIXTURES.resolve(ruleId).resolve("bad.json");
    Evaluation evaluation = evaluate(fixture);

    List<Finding> failures = findings(evaluation, ruleId, Verdict.FAIL);
    assertThat(failures)
        .as("%s must FAIL on rules/fixtures/%s/bad.json", ruleId, ruleId)
        .isNotEmpty();
    JsonNode expected = JSON.readTree(Files.readString(fixture)).path("expected_failures");
    if (expected.canConvertToInt()) {
      assertThat(failures)
          .as("%s FAIL findings on rules/fixtures/%s/bad.json", ruleId, ruleId)
          .hasSize(expected.intValue());
    }
  }

  @ParameterizedTest(name = "{0} passes its good example")
  @MethodSource("ruleIds")
  void theGoodExamplePasses(String ruleId) throws IOException {
    Evaluation evaluation = evaluate(FIXTURES.resolve(ruleId).resolve("good.json"));

    assertThat(findings(evaluation, ruleId, Verdict.FAIL))
        .as("%s must not FAIL on rules/fixtures/%s/good.json", ruleId, ruleId)
        .isEmpty();
    assertThat(findings(evaluation, ruleId, Verdict.PASS))
        .as("%s must judge something in rules/fixtures/%s/good.json", ruleId, ruleId)
        .isNotEmpty();
  }

  private static List<Finding> findings(Evaluation evaluation, String ruleId, Verdict verdict) {
    return evaluation.findings().stream()
        .filter(finding -> finding.ruleId().equals(ruleId) && finding.verdict() == verdict)
        .toList();
  }

  private Evaluation evaluate(Path fixture) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(fixture));
    Instant now = root.hasNonNull("now") ? Instant.parse(root.path("now").asText()) : DEFAULT_NOW;
    Snapshot snapshot = snapshot(root, now, fixture);
    List<Fact> facts = new ArrayList<>(FactBuilder.facts(snapshot, now));
    facts.addAll(FixtureExtensions.extraFacts(root, snapshot, fixture));
    return new Evaluator(engine).evaluate(snapshot, facts);
  }

  static Snapshot snapshot(JsonNode root, Instant now, Path fixture) {
    List<Resource> resources = new ArrayList<>();
    Set<String> pairs = new LinkedHashSet<>();
    for (JsonNode row : root.path("resources")) {
      Resource resource =
          new Resource(
              row.path("type").asText(),
              row.path("id").asText(),
              Scope.parse(row.path("scope").asText()),
              row.path("attributes").isObject()
                  ? (ObjectNode) row.path("attributes")
                  : JSON.createObjectNode());
      resources.add(resource);
      pairs.add(resource.scope() + "\u001f" + resource.type());
    }
    List<Coverage> coverage = new ArrayList<>();
    if (root.has("coverage")) {
      ObjectNode document = JSON.createObjectNode();
      document.put("schema_version", Snapshot.SCHEMA_VERSION);
      document.put("id", "fixture");
      document.put("taken_at", now.toString());
      document.put("content_hash", "fixture");
      document.set("coverage", root.path("coverage"));
      coverage.addAll(SnapshotCodec.fromJson(document, fixture.toString()).coverage());
    } else {
      for (String pair : pairs) {
        String[] parts = pair.split("\u001f");
        coverage.add(Coverage.complete(Scope.parse(parts[0]), parts[1]));
      }
    }
    return SnapshotCodec.create(now, coverage, resources, CollectionStats.empty());
  }
}
