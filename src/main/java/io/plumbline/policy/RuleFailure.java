package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Verdict;
import io.plumbline.policy.facts.ResourceRef;
import java.util.Optional;

/**
 * A rule found a resource (or one attribute of it) failing ({@code verdict} FAIL), or could not
 * judge it because a value it needs is not known (UNKNOWN: a value plumbline does not know, a
 * setting the API would not give); the engine turns it into a finding with that verdict.
 */
public record RuleFailure(
    String ruleId,
    Verdict verdict,
    ResourceRef resource,
    Optional<String> attribute,
    String message,
    ObjectNode evidence,
    Optional<String> location) {

  public RuleFailure {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(verdict, "verdict is null");
    if (verdict != Verdict.FAIL && verdict != Verdict.UNKNOWN) {
      throw new IllegalArgumentException("a rule reports FAIL or UNKNOWN, not " + verdict);
    }
    requireNonNull(resource, "resource is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(message, "message is null");
    evidence = requireNonNull(evidence, "evidence is null").deepCopy();
    requireNonNull(location, "location is null");
  }
}
