package io.plumbline.model;

import java.util.Locale;

/** How bad a failing finding is; ordered from most to least severe. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isAtLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid severity \"" + text + "\": expected critical, high, medium, low or info");
    }
  }
}
