package io.plumbline.model;

import java.util.Locale;

/**
 * Who owns the truth of a resource kind, and so what counts as drift (REFERENCE-ESTATE.md,
 * "management modes"):
 *
 * <ul>
 *   <li>{@link #EXACT}: live must equal the declaration; anything missing, extra or changed is
 *       drift;
 *   <li>{@link #SUBSET}: every declared item must exist as declared; live items the baseline does
 *       not declare are allowed and reported as unmanaged;
 *   <li>{@link #OBSERVE}: no drift verdict; changes between snapshots are still recorded;
 *   <li>{@link #EXTERNAL}: another system (the identity provider) owns it; rules judge it, not a
 *       declaration.
 * </ul>
 */
public enum ManagementMode {
  EXACT,
  SUBSET,
  OBSERVE,
  EXTERNAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the baseline's declarations of a kind in this mode are compared with live state. */
  public boolean compared() {
    return this == EXACT || this == SUBSET;
  }

  public static ManagementMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid management mode \"" + text + "\": expected exact, subset, observe or external");
    }
  }
}
