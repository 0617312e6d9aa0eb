package io.plumbline.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.facts.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns rule failures into verdicts for every resource a rule judges. Rules say what fails, and
 * what they cannot judge because a value they need is not known (UNKNOWN, for that attribute);
 * everything else of the rule's resource type is PASS, unless data the rule needs was not read
 * completely, which makes it UNKNOWN (a read that failed is never a PASS). A scope whose list of
 * the judged type failed gets one UNKNOWN finding for the whole scope ("*"), since the resources it
 * could not see cannot be judged one by one.
 */
public final class Verdicts {

  public static final String WHOLE_SCOPE = "*";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Verdicts() {}

  public static List<Finding> compute(
      List<RuleMetadata> rules, Snapshot snapshot, List<RuleFailure> failures) {
    Map<String, List<RuleFailure>> failuresByRule = new HashMap<>();
    failures.forEach(
        failure ->
            failuresByRule.computeIfAbsent(failure.ruleId(), id -> new ArrayList<>()).add(failure));
    List<Coverage> failedCoverage = snapshot.failedCoverage();
    // one pass over the snapshot: Snapshot.resources(type) scans every resource, once per rule
    Map<String, List<Resource>> resourcesByType = new HashMap<>();
    for (Resource resource : snapshot.resources()) {
      resourcesByType.computeIfAbsent(resource.type(), type -> new ArrayList<>()).add(resource);
    }
    List<Finding> findings = new ArrayList<>();
    for (RuleMetadata rule : rules) {
      Set<ResourceRef> judged = new HashSet<>();
      Set<String> seenFailures = new HashSet<>();
      // FAIL before UNKNOWN: what one fact proves failing, another's unknown value cannot hide
      List<RuleFailure> reported =
          failuresByRule.getOrDefault(rule.id(), List.of()).stream()
              .sorted(Comparator.comparing(failure -> failure.verdict() != Verdict.FAIL))
              .toList();
      for (RuleFailure failure : reported) {
        String fingerprint = fingerprint(rule, failure.resource(), failure.attribute());
        if (!seenFailures.add(fingerprint)) {
          continue; // the same failure matched twice (e.g. through two facts): one finding
        }
        judged.add(failure.resource());
        findings.add(
            new Finding(
                rule.id(),
                rule.severity(),
                failure.verdict(),
                failure.resource().type(),
                failure.resource().scope(),
                failure.resource().id(),
                failure.attribute(),
                failure.message(),
                failure.evidence(),
                fingerprint,
                failure.location(),
                Optional.empty()));
      }
      Set<String> required = new LinkedHashSet<>();
      required.add(rule.resourceType());
      required.addAll(rule.requires());
      for (Resource resource : resourcesByType.getOrDefault(rule.resourceType(), List.of())) {
        ResourceRef ref = ResourceRef.of(resource);
        if (judged.contains(ref)) {
          continue;
        }
        List<Coverage> missing = missingData(failedCoverage, required, resource);
        findings.add(
            missing.isEmpty()
                ? finding(rule, ref, Verdict.PASS, rule.title(), NODES.objectNode())
                : finding(
                    rule,
                    ref,
                    Verdict.UNKNOWN,
                    unknownMessage(missing),
                    coverageEvidence(missing)));
      }
      for (Coverage coverage : failedCoverage) {
        if (coverage.resourceType().equals(rule.resourceType())) {
          ResourceRef whole = new ResourceRef(rule.resourceType(), coverage.scope(), WHOLE_SCOPE);
          findings.add(
              finding(
                  rule,
                  whole,
                  Verdict.UNKNOWN,
                  unknownMessage(List.of(coverage)),
                  coverageEvidence(List.of(coverage))));
        }
      }
    }
    return findings;
  }

  /**
   * Failed reads that leave a resource without data a rule needs: the same scope, the scope of the
   * workspace the resource is (a workspace judged with its own data), and account or AWS wide
   * reads, which every resource may depend on.
   */
  private static List<Coverage> missingData(
      List<Coverage> failedCoverage, Set<String> required, Resource resource) {
    List<Coverage> missing = new ArrayList<>();
    for (Coverage coverage : failedCoverage) {
      if (!required.contains(coverage.resourceType())) {
        continue;
      }
      Scope scope = coverage.scope();
      boolean relevant =
          scope.equals(resource.scope())
              || (scope.kind() == ScopeKind.WORKSPACE && scope.id().equals(resource.id()))
              || scope.kind() == ScopeKind.ACCOUNT
              || scope.kind() == ScopeKind.AWS;
      if (relevant) {
        missing.add(coverage);
      }
    }
    return missing;
  }

  private static Finding finding(
      RuleMetadata rule, ResourceRef ref, Verdict verdict, String message, ObjectNode evidence) {
    return new Finding(
        rule.id(),
        rule.severity(),
        verdict,
        ref.type(),
        ref.scope(),
        ref.id(),
        Optional.empty(),
        message,
        evidence,
        fingerprint(rule, ref, Optional.empty()),
        Optional.empty(),
        Optional.empty());
  }

  private static String fingerprint(
      RuleMetadata rule, ResourceRef ref, Optional<String> attribute) {
    return Fingerprints.of(rule.id(), ref.type(), ref.scope().toString(), ref.id(), attribute);
  }

  private static String unknownMessage(List<Coverage> missing) {
    Coverage first = missing.get(0);
    return "not judged: "
        + first.resourceType()
        + " in "
        + first.scope()
        + " was not read completely ("
        + first.reason().map(Object::toString).orElse("no reason recorded")
        + ")"
        + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "");
  }

  private static ObjectNode coverageEvidence(List<Coverage> missing) {
    ObjectNode evidence = NODES.objectNode();
    ArrayNode rows = evidence.putArray("incomplete_coverage");
    for (Coverage coverage : missing) {
      ObjectNode row = rows.addObject();
      row.put("scope", coverage.scope().toString());
      row.put("resource_type", coverage.resourceType());
      row.put("reason", coverage.reason().map(Object::toString).orElse(""));
    }
    return evidence;
  }
}
