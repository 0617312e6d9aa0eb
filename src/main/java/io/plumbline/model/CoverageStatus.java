package io.plumbline.model;

/** Whether a scope x resource type was read completely. */
public enum CoverageStatus {
  COMPLETE,
  FAILED
}
