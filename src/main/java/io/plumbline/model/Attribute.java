package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One attribute of a resource type as the snapshot stores it.
 *
 * @param name the snapshot's (and, where it has one, the Terraform provider's) attribute name
 * @param type its JSON shape
 * @param volatileValue a value that changes with use rather than with configuration (a token's last
 *     use): drift leaves it out, rules still see it
 * @param normalForm how two values are compared when they mean the same thing in different forms
 */
public record Attribute(
    String name, AttributeType type, boolean volatileValue, Optional<NormalForm> normalForm) {

  public Attribute {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(normalForm, "normalForm is null");
  }

  public static Attribute of(String name, AttributeType type) {
    return new Attribute(name, type, false, Optional.empty());
  }

  public Attribute asVolatile() {
    return new Attribute(name, type, true, normalForm);
  }

  public Attribute normalisedAs(NormalForm form) {
    return new Attribute(name, type, volatileValue, Optional.of(form));
  }
}
