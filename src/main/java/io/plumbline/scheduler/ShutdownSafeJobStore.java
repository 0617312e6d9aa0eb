package io.plumbline.scheduler;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;

/**
 * Quartz's JDBC job store, made safe to shut down:
 *
 * <ul>
 *   <li>Its database work runs on threads of its own, which nothing interrupts. Quartz interrupts
 *       its scheduler and cluster threads when it shuts down, and H2 closes its whole database when
 *       a thread it writes the file for is interrupted (ClosedByInterruptException): a shutdown
 *       that caught Quartz mid-commit took the store down under the scan being recorded.
 *   <li>Its bookkeeping around a scan (releasing the trigger and unblocking the job when the scan
 *       ends) stops retrying a failing database once the scheduler is stopping. Quartz retries that
 *       every 15 seconds for as long as its job store has not been shut down, and its shutdown
 *       waits for the scan's thread first: a database gone at shutdown (an H2 file closed under the
 *       service, an unreachable PostgreSQL) kept the process from ever exiting. What the give-up
 *       leaves undone, Quartz's cluster recovery does once this replica stops checking in.
 * </ul>
 *
 * <p>Public with a no-argument constructor because Quartz creates it from its class name.
 */
public final class ShutdownSafeJobStore extends JobStoreTX {

  /** How long the bookkeeping still retries once the scheduler is stopping. */
  static final Duration RETRY_WHILE_STOPPING = Duration.ofSeconds(10);

  private static final Duration RETRY_INTERVAL_WHILE_STOPPING = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(ShutdownSafeJobStore.class);

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Object stopSignal = new Object();
  private volatile boolean stopping;
  private final ExecutorService databaseThreads;

  public ShutdownSafeJobStore() {
    // Quartz loads job classes through the context class loader (Quarkus's), as its threads do
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    databaseThreads =
        Executors.newCachedThreadPool(
            work -> {
              Thread thread =
                  new Thread(work, "plumbline-scheduler-database-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              thread.setContextClassLoader(classLoader);
              return thread;
            });
  }

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
    try {
      super.shutdown();
    } finally {
      databaseThreads.shutdown();
    }
  }

  /** Every locked transaction of the job store: acquiring and firing triggers, a scan's end. */
  @Override
  protected <T> T executeInNonManagedTXLock(
      String lockName, TransactionCallback<T> callback, TransactionValidator<T> validator)
      throws JobPersistenceException {
    return uninterruptibly(() -> super.executeInNonManagedTXLock(lockName, callback, validator));
  }

  @Override
  protected boolean doCheckin() throws JobPersistenceException {
    return uninterruptibly(super::doCheckin);
  }

  @Override
  protected RecoverMisfiredJobsResult doRecoverMisfires() throws JobPersistenceException {
    return uninterruptibly(super::doRecoverMisfires);
  }

  private interface DatabaseWork<T> {
    T run() throws JobPersistenceException;
  }

  /**
   * Runs {@code work} on a database thread; the caller waits for it even when interrupted, and
   * keeps its interrupt. Quartz ties its row locks to the thread that takes them, which is the
   * database thread for the whole of one transaction.
   */
  private <T> T uninterruptibly(DatabaseWork<T> work) throws JobPersistenceException {
    Future<T> result;
    try {
      result = databaseThreads.submit(work::run);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the scan scheduler has shut down", e);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof JobPersistenceException persistence) {
            throw persistence;
          }
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new JobPersistenceException(String.valueOf(cause.getMessage()), cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
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
