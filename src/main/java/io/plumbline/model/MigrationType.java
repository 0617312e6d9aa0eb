package io.plumbline.model;

import java.util.Locale;

/**
 * How a workspace came onto the E2 multi-workspace model, which decides who owns each resource kind
 * by default: the migration table of REFERENCE-ESTATE.md. {@code Terraform} there is {@link
 * ManagementMode#EXACT}, {@code Mixed} {@link ManagementMode#SUBSET}, {@code Manual} {@link
 * ManagementMode#OBSERVE} and {@code SCIM/SAML} {@link ManagementMode#EXTERNAL}.
 */
public enum MigrationType {
  FULL,
  PARTIAL,
  STRUCTURAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MigrationType parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid migration type \"" + text + "\": expected full, partial or structural");
    }
  }
}
