package io.plumbline.scheduler;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;

/**
 * Quartz's JDBC job store, except that its bookkeeping around a scan (releasing the trigger and
 * unblocking the job when the scan ends) stops retrying a failing database once the scheduler is
 * stopping. Quartz retries that every 15 seconds for as long as its job store has not been shut
 * down, and its shutdown waits for the scan's thread first: a database gone at shutdown (an H2 file
 * closed under the service, an unreachable PostgreSQL) kept the process from ever exiting. What the
 * give-up leaves undone, Quartz's cluster recovery does once this replica stops checking in.
 *
 * <p>Public with a no-argument constructor because Quartz creates it from its class name.
 */
public final class ShutdownBoundedJobStore extends JobStoreTX {

  /** How long the bookkeeping still retries once the scheduler is stopping. */
  static final Duration RETRY_WHILE_STOPPING = Duration.ofSeconds(10);

  private static final Duration RETRY_INTERVAL_WHILE_STOPPING = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(ShutdownBoundedJobStore.class);

  private final Object stopSignal = new Object();
  private volatile boolean stopping;

  /** Quartz calls this on standby, which is how {@link ScanScheduler#close} starts. */
  @Override
  public void schedulerPaused() {
    super.schedulerPaused();
    stopping(true);
  }

  @Override
  public void schedulerResumed() {
    super.schedulerResumed();
    stopping(false);
  }

  @Override
  public void shutdown() {
    stopping(true);
    super.shutdown();
  }

  private void stopping(boolean value) {
    synchronized (stopSignal) {
      stopping = value;
      stopSignal.notifyAll();
    }
  }

  @Override
  protected <T> T retryExecuteInNonManagedTXLock(String lockName, TransactionCallback<T> callback) {
    long giveUpAt = 0;
    for (int attempt = 1; ; attempt++) {
      JobPersistenceException failure;
      try {
        return executeInNonManagedTXLock(lockName, callback, null);
      } catch (JobPersistenceException e) {
        failure = e;
      }
      if (attempt == 1) {
        LOG.warnf(
            "the scan scheduler cannot update its tables, retrying until the database answers: %s",
            failure.getMessage());
      }
      if (stopping) {
        long now = System.nanoTime();
        if (giveUpAt == 0) {
          giveUpAt = now + RETRY_WHILE_STOPPING.toNanos();
        } else if (now - giveUpAt >= 0) {
          LOG.warnf(
              "shutting down: gave up updating the scheduler's tables after %d attempts (the"
                  + " cluster releases what this replica held once it stops checking in): %s",
              attempt, failure.getMessage());
          throw new IllegalStateException(
              "the scheduler is stopping and its database still fails: " + failure.getMessage(),
              failure);
        }
      }
      awaitRetry(
          stopping ? RETRY_INTERVAL_WHILE_STOPPING : Duration.ofMillis(getDbRetryInterval()));
    }
  }

  /** Waits before the next attempt; a stop cuts the wait short. */
  private void awaitRetry(Duration interval) {
    long deadline = System.nanoTime() + interval.toNanos();
    boolean wasStopping = stopping;
    synchronized (stopSignal) {
      try {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0 && stopping == wasStopping) {
          stopSignal.wait(Math.max(1, remaining / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while retrying the scheduler's tables", e);
      }
    }
  }
}
