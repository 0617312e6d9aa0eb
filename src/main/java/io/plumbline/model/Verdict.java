package io.plumbline.model;

/**
 * The outcome of one rule on one resource. UNKNOWN means the data the rule needs was not collected
 * completely; it is never a PASS. WAIVED is a FAIL that a waiver in force covers: it stays visible.
 */
public enum Verdict {
  PASS,
  FAIL,
  UNKNOWN,
  WAIVED
}
