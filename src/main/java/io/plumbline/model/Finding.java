package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Optional;

/**
 * One rule's verdict on one resource (and, for drift, one attribute of it).
 *
 * @param fingerprint stable across scans: rule id + resource identity + attribute
 * @param evidence what the verdict rests on (expected and actual values, the coverage reason of an
 *     UNKNOWN)
 * @param location where to fix it: a baseline file and line, or a Terraform address
 * @param waiver the id of the waiver that turned a FAIL into WAIVED
 */
public record Finding(
    String ruleId,
    Severity severity,
    Verdict verdict,
    String resourceType,
    Scope scope,
    String resourceId,
    Optional<String> attribute,
    String message,
    ObjectNode evidence,
    String fingerprint,
    Optional<String> location,
    Optional<String> waiver) {

  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::scope)
          .thenComparing(Finding::resourceType)
          .thenComparing(Finding::resourceId)
          .thenComparing(finding -> finding.attribute().orElse(""));

  public Finding {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(message, "message is null");
    evidence = requireNonNull(evidence, "evidence is null").deepCopy();
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(location, "location is null");
    requireNonNull(waiver, "waiver is null");
  }

  public Finding withVerdict(Verdict newVerdict, Optional<String> waiverId) {
    return new Finding(
        ruleId,
        severity,
        newVerdict,
        resourceType,
        scope,
        resourceId,
        attribute,
        message,
        evidence,
        fingerprint,
        location,
        waiverId);
  }

  /** "type scope id" of the resource, as in {@link Resource#address()}. */
  public String resourceAddress() {
    return resourceType + " " + scope + " " + resourceId;
  }
}
