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
 * completely, which makes it UNKNOWN (a read that failed is never a PASS). The same holds for a
 * failure: a rule that fails a resource while data it needs is missing may be failing it on that
 * gap (a member seen by id because the principals could not be read looks "added"), so such a
 * failure is UNKNOWN too, under the fingerprint its FAIL would have, with what the rule said kept
 * as evidence. A scope in which the rule could not see everything it needs (the judged type's list
 * failed there, or data it requires or joins) gets one UNKNOWN finding for the whole scope ("*"):
 * what it could not see, a missing resource or one it did not list, cannot be judged one by one.
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
    // the scopes in which each type was read at all, completely or not
    Map<String, Set<Scope>> scopesByType = new HashMap<>();
    for (Coverage coverage : snapshot.coverage()) {
      scopesByType
          .computeIfAbsent(coverage.resourceType(), type -> new java.util.TreeSet<>())
          .add(coverage.scope());
    }
    List<Finding> findings = new ArrayList<>();
    for (RuleMetadata rule : rules) {
      Set<ResourceRef> judged = new HashSet<>();
      Set<String> seenFailures = new HashSet<>();
      Set<String> required = new LinkedHashSet<>();
      required.add(rule.resourceType());
      required.addAll(rule.requires());
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
        List<Coverage> missing =
            failure.verdict() == Verdict.FAIL
                ? missingData(failedCoverage, required, rule.joins(), failure.resource())
                : List.of();
        findings.add(
            new Finding(
                rule.id(),
                rule.severity(),
                missing.isEmpty() ? failure.verdict() : Verdict.UNKNOWN,
                failure.resource().type(),
                failure.resource().scope(),
                failure.resource().id(),
                failure.attribute(),
                missing.isEmpty() ? failure.message() : unknownMessage(missing),
                missing.isEmpty()
                    ? failure.evidence()
                    : unconfirmedEvidence(missing, failure.message(), failure.evidence()),
                fingerprint,
                failure.location(),
                Optional.empty()));
      }
      for (Resource resource : resourcesByType.getOrDefault(rule.resourceType(), List.of())) {
        ResourceRef ref = ResourceRef.of(resource);
        if (judged.contains(ref)) {
          continue;
        }
        List<Coverage> missing = missingData(failedCoverage, required, rule.joins(), ref);
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
      if (failedCoverage.isEmpty()) {
        continue;
      }
      for (Scope scope : scopesByType.getOrDefault(rule.resourceType(), Set.of())) {
        ResourceRef whole = new ResourceRef(rule.resourceType(), scope, WHOLE_SCOPE);
        List<Coverage> missing = missingData(failedCoverage, required, rule.joins(), whole);
        if (!missing.isEmpty()) {
          findings.add(
              finding(
                  rule,
                  whole,
                  Verdict.UNKNOWN,
                  unknownMessage(missing),
                  coverageEvidence(missing)));
        }
      }
    }
    return findings;
  }

  /**
   * Failed reads that leave a resource without data a rule needs: of a required type, in the same
   * scope, the scope of the workspace the resource is (a workspace judged with its own data), or
   * account or AWS wide, which every resource may depend on; of a joined type, in any scope.
   */
  private static List<Coverage> missingData(
      List<Coverage> failedCoverage, Set<String> required, List<String> joins, ResourceRef ref) {
    List<Coverage> missing = new ArrayList<>();
    for (Coverage coverage : failedCoverage) {
      if (joins.contains(coverage.resourceType())) {
        missing.add(coverage);
        continue;
      }
      if (!required.contains(coverage.resourceType())) {
        continue;
      }
      Scope scope = coverage.scope();
      boolean relevant =
          scope.equals(ref.scope())
              || (scope.kind() == ScopeKind.WORKSPACE && scope.id().equals(ref.id()))
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

  /**
   * The evidence of a failure that could not be confirmed: the incomplete reads, and what the rule
   * said, so that a reader sees what will FAIL once the data is read if the rule was right.
   */
  private static ObjectNode unconfirmedEvidence(
      List<Coverage> missing, String message, ObjectNode evidence) {
    ObjectNode unconfirmed = coverageEvidence(missing);
    ObjectNode failure = unconfirmed.putObject("unconfirmed_failure");
    failure.put("message", message);
    failure.set("evidence", evidence);
    return unconfirmed;
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
