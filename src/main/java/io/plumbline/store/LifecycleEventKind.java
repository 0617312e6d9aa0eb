package io.plumbline.store;

/**
 * What one scan did to one finding's lifecycle.
 *
 * <ul>
 *   <li>NEW: fails (or is waived) for the first time ever;
 *   <li>PERSISTING: fails again while open;
 *   <li>REOPENED: fails again after it was resolved;
 *   <li>RESOLVED: was open and now passes, or is gone while the scan read its scope and resource
 *       type completely;
 *   <li>UNKNOWN: was open and now cannot be judged (verdict UNKNOWN, or gone while its scope and
 *       resource type were not read completely): it stays open.
 * </ul>
 */
public enum LifecycleEventKind {
  NEW,
  PERSISTING,
  REOPENED,
  RESOLVED,
  UNKNOWN
}
