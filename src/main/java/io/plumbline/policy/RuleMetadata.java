package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Severity;
import java.util.List;
import java.util.Optional;

/**
 * What a rule says about itself, beside its logic.
 *
 * @param resourceType the resource type the rule judges: every resource of that type gets a
 *     verdict, PASS unless the rule fails it
 * @param requires resource types whose complete coverage (in the judged resource's scope) the rule
 *     needs before it can PASS a resource; a resource whose required data failed to load is
 *     UNKNOWN, and so is a resource the rule fails: a failure found on incomplete data may be
 *     false. The judged type itself is always required.
 * @param joins resource types the rule joins across scopes (e.g. every workspace's external
 *     locations): a read of one of them that failed in any scope makes every verdict of the rule
 *     UNKNOWN
 * @param terraformResource the Terraform resource type to change to fix a failure, if any
 * @param source the file the rule came from, e.g. {@code rules/tokens.drl}
 */
public record RuleMetadata(
    String id,
    String title,
    Severity severity,
    String resourceType,
    List<String> requires,
    List<String> joins,
    String rationale,
    String remediation,
    Optional<String> terraformResource,
    String source) {

  public RuleMetadata {
    requireNonNull(id, "id is null");
    requireNonNull(title, "title is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(resourceType, "resourceType is null");
    requires = List.copyOf(requires);
    joins = List.copyOf(joins);
    requireNonNull(rationale, "rationale is null");
    requireNonNull(remediation, "remediation is null");
    requireNonNull(terraformResource, "terraformResource is null");
    requireNonNull(source, "source is null");
  }
}
