package io.plumbline.store;

/** Whether a finding that once failed is still a problem (OPEN) or was seen fixed (RESOLVED). */
public enum LifecycleState {
  OPEN,
  RESOLVED
}
