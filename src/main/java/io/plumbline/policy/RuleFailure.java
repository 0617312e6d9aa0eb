package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.policy.facts.ResourceRef;
import java.util.Optional;

/** A rule found a resource (or one attribute of it) failing; the engine turns it into a FAIL. */
public record RuleFailure(
    String ruleId,
    ResourceRef resource,
    Optional<String> attribute,
    String message,
    ObjectNode evidence,
    Optional<String> location) {

  public RuleFailure {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(message, "message is null");
    evidence = requireNonNull(evidence, "evidence is null").deepCopy();
    requireNonNull(location, "location is null");
  }
}
