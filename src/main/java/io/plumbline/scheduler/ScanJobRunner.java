package io.plumbline.scheduler;

/**
 * What the scheduler runs: one scan, never two at once across the replicas sharing a database.
 * Called from a scheduler thread.
 */
public interface ScanJobRunner {

  /**
   * Runs a scan to its end. Should stop soon after its thread is interrupted: that happens only
   * when the service shuts down and the shutdown grace period has passed. An exception is logged
   * and the scan is not retried; the next one runs on schedule.
   */
  void run(ScanRequest request);

  /**
   * Records that {@code request} was abandoned: the service is shutting down and the scan did not
   * finish within the grace period. Called from the shutting-down thread after the scan's thread
   * has been interrupted, so it can run while {@link #run} is still unwinding; what {@link #run}
   * records after this must not turn the scan back into a finished one.
   */
  void aborted(ScanRequest request, String reason);
}
