package io.plumbline.access;

import java.util.Locale;
import java.util.Set;

/**
 * What an API caller may do. Roles are cumulative: an auditor can do what a viewer can, an operator
 * what an auditor can.
 */
public enum Role {
  /** Findings, drift, rules, scans and waivers. */
  VIEWER,
  /** Also reports and snapshot evidence. */
  AUDITOR,
  /** Also triggering scans. */
  OPERATOR;

  public static final String VIEWER_NAME = "viewer";
  public static final String AUDITOR_NAME = "auditor";
  public static final String OPERATOR_NAME = "operator";

  /** The role names a caller with this role holds, its own and every weaker one. */
  public Set<String> grantedNames() {
    return switch (this) {
      case VIEWER -> Set.of(VIEWER_NAME);
      case AUDITOR -> Set.of(VIEWER_NAME, AUDITOR_NAME);
      case OPERATOR -> Set.of(VIEWER_NAME, AUDITOR_NAME, OPERATOR_NAME);
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromLabel(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "invalid role \"" + label + "\": expected viewer, auditor or operator");
  }
}
