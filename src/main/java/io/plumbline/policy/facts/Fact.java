package io.plumbline.policy.facts;

/**
 * A typed fact the rules match on. Each is about one resource (or, for drift, one resource a
 * baseline declares), which a failing rule's finding attaches to.
 */
public interface Fact {

  ResourceRef ref();

  /** Where to fix it (baseline file:line or Terraform address), when the fact knows. */
  default java.util.Optional<String> location() {
    return java.util.Optional.empty();
  }
}
