package io.plumbline.export.alert;

import java.util.Locale;

/**
 * What happened to a finding in a scan, as the store's lifecycle tells it. UNKNOWN means the data
 * the rule needs could not be read this time: it says nothing about whether the finding still
 * fails, so it neither fires nor resolves.
 */
public enum Transition {
  NEW,
  REOPENED,
  PERSISTING,
  RESOLVED,
  UNKNOWN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
