package io.plumbline.model;

/**
 * Where a waiver stands at an evaluation: in force, in force but expiring within the warning
 * window, or expired (it no longer applies; the findings it covered fail again).
 */
public enum WaiverState {
  ACTIVE,
  EXPIRING,
  EXPIRED;

  public boolean isInForce() {
    return this != EXPIRED;
  }
}
