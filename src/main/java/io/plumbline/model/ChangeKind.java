package io.plumbline.model;

import java.util.Locale;

/**
 * How a resource differs between two snapshots. UNKNOWN: its type and scope were not read
 * completely in one of them, so whether it was added, removed or changed cannot be told.
 */
public enum ChangeKind {
  ADDED,
  REMOVED,
  CHANGED,
  UNKNOWN;

  /** The lower-case name used in JSON, text output and metric labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChangeKind fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
