package io.plumbline.scheduler;

import java.time.Duration;
import java.util.Optional;

/**
 * The scan running in this process, if any (the scheduler has one worker thread, so at most one),
 * and the gate that stops new scans from starting once shutdown has begun. One monitor orders a
 * scan's end against its abort, so that a scan is either finished or aborted, never both.
 */
final class LocalScans {

  private ScanRequest current;
  private Thread thread;
  private boolean abortRequested;
  private boolean closing;

  /** Registers the calling thread's scan; false once shutdown has begun. */
  synchronized boolean begin(ScanRequest request) {
    if (closing) {
      return false;
    }
    current = request;
    thread = Thread.currentThread();
    abortRequested = false;
    return true;
  }

  /** Called by the scan's own thread when the runner returns; true if the scan was aborted. */
  synchronized boolean end() {
    boolean aborted = abortRequested;
    if (aborted) {
      // the interrupt was meant for the runner; Quartz's bookkeeping after the job must not see it
      Thread.interrupted();
    }
    current = null;
    thread = null;
    abortRequested = false;
    notifyAll();
    return aborted;
  }

  synchronized boolean isRunning() {
    return current != null;
  }

  /** Stops scans from starting here; returns the one running, which shutdown must wait for. */
  synchronized Optional<ScanRequest> close() {
    closing = true;
    return Optional.ofNullable(current);
  }

  /** Waits for the running scan, if any, to end; true if none is running. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (current != null) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      long millis = Math.max(1, remaining / 1_000_000);
      wait(millis);
    }
    return true;
  }

  /**
   * Interrupts the running scan and returns it, unless it has ended or was aborted already: the
   * caller that gets a request back is the one that reports it aborted.
   */
  synchronized Optional<ScanRequest> abort() {
    if (current == null || abortRequested) {
      return Optional.empty();
    }
    abortRequested = true;
    thread.interrupt();
    return Optional.of(current);
  }
}
