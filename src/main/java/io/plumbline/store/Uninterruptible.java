package io.plumbline.store;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs database work on threads of its own, which nothing interrupts. H2 closes its whole database
 * when a thread is interrupted while H2 reads or writes the file for it (the FileChannel throws
 * ClosedByInterruptException), and the service interrupts a scan's thread to abort it at shutdown:
 * that abort must not take the store down before the scan is recorded ABORTED.
 *
 * <p>A caller already interrupted fails at once, touching nothing; one interrupted during a call
 * waits for the call to end and keeps its interrupt.
 */
final class Uninterruptible implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          work -> {
            Thread thread = new Thread(work, "plumbline-store-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  <T> T call(Callable<T> work) throws SQLException {
    if (Thread.currentThread().isInterrupted()) {
      throw new SQLException(
          "the calling thread was interrupted (a scan aborted at shutdown): nothing was read or"
              + " written");
    }
    Future<T> result;
    try {
      result = threads.submit(work);
    } catch (RejectedExecutionException e) {
      throw new SQLException("the store is closed", e);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static SQLException rethrow(Throwable cause) {
    if (cause instanceof SQLException sql) {
      return sql;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(cause);
  }

  /** Work already running ends on its own; new work is refused. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
