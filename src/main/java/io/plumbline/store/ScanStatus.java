package io.plumbline.store;

/**
 * How a scan ended. COMPLETE and INCOMPLETE scans have a snapshot and findings; INCOMPLETE means
 * some reads failed (the snapshot's coverage says which). ABORTED (stopped, e.g. on shutdown) and
 * FAILED (an error before a snapshot existed) scans are recorded for the history and the hash
 * chain, with no snapshot and no effect on finding lifecycles.
 */
public enum ScanStatus {
  COMPLETE,
  INCOMPLETE,
  ABORTED,
  FAILED;

  public boolean hasSnapshot() {
    return this == COMPLETE || this == INCOMPLETE;
  }
}
