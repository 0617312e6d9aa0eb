package io.plumbline.export.alert;

import java.util.Locale;

/** What a notification tells the receiver: the problem is there, or it is gone. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
