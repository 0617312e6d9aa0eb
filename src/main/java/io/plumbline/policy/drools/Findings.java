package io.plumbline.policy.drools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleFailure;
import io.plumbline.policy.facts.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The global every rule reports failures through ({@code global io.plumbline.policy.drools.Findings
 * findings;}). The rule id comes from the firing rule's own {@code @id} metadata, so a rule cannot
 * report under another's name.
 */
public final class Findings {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RuleFailure> failures = new ArrayList<>();

  /** The whole resource fails. */
  public void fail(RuleContext drools, Fact fact, String message) {
    add(drools, Verdict.FAIL, fact, Optional.empty(), message, JSON.createObjectNode());
  }

  /** One attribute of the resource fails. */
  public void fail(RuleContext drools, Fact fact, String attribute, String message) {
    add(drools, Verdict.FAIL, fact, Optional.of(attribute), message, JSON.createObjectNode());
  }

  /** One attribute fails, with what was expected and what was found as evidence. */
  public void fail(
      RuleContext drools,
      Fact fact,
      String attribute,
      String message,
      Object expected,
      Object actual) {
    ObjectNode evidence = JSON.createObjectNode();
    evidence.set("expected", toJson(expected));
    evidence.set("actual", toJson(actual));
    add(drools, Verdict.FAIL, fact, Optional.of(attribute), message, evidence);
  }

  /**
   * The rule cannot judge the resource: a value it needs is not known (a value outside the ones the
   * rule knows, a setting the API would not give). The resource is UNKNOWN for this rule, never
   * PASS; {@code actual} is the unknown value, as evidence. Give the attribute the rule's FAIL
   * would name (none here, {@link #unknown(RuleContext, Fact, String, String, Object)} otherwise):
   * the finding keeps the FAIL's fingerprint, so a failing finding that can no longer be judged
   * stays open as unknown instead of being resolved.
   */
  public void unknown(RuleContext drools, Fact fact, String message, Object actual) {
    add(drools, Verdict.UNKNOWN, fact, Optional.empty(), message, unknownEvidence(actual));
  }

  /** As {@link #unknown(RuleContext, Fact, String, Object)}, for one attribute. */
  public void unknown(
      RuleContext drools, Fact fact, String attribute, String message, Object actual) {
    add(drools, Verdict.UNKNOWN, fact, Optional.of(attribute), message, unknownEvidence(actual));
  }

  private static ObjectNode unknownEvidence(Object actual) {
    ObjectNode evidence = JSON.createObjectNode();
    evidence.set("actual", toJson(actual));
    return evidence;
  }

  private void add(
      RuleContext drools,
      Verdict verdict,
      Fact fact,
      Optional<String> attribute,
      String message,
      ObjectNode evidence) {
    Object id = drools.getRule().getMetaData().get("id");
    failures.add(
        new RuleFailure(
            String.valueOf(id),
            verdict,
            fact.ref(),
            attribute,
            message,
            evidence,
            fact.location()));
  }

  private static JsonNode toJson(Object value) {
    return value instanceof JsonNode node ? node : JSON.valueToTree(value);
  }

  List<RuleFailure> failures() {
    return List.copyOf(failures);
  }
}
