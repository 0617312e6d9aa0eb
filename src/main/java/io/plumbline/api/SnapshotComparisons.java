package io.plumbline.api;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many API requests compare two stored snapshots at once ({@code GET /drift}). Each one
 * decodes two whole snapshots: at 200 workspaces that is about 400 MiB of heap and seconds of CPU
 * per request. Unbounded, a few dashboards asking at once filled a 2 GiB heap and the service
 * stopped answering anything (the soak benchmark, {@code bench/soak.md}). Requests beyond the limit
 * wait their turn for a while, then get 503 and may retry.
 */
@ApplicationScoped
public class SnapshotComparisons {

  static final int CONCURRENT = 1;
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Semaphore permits;
  private final Duration wait;

  public SnapshotComparisons() {
    this(CONCURRENT, WAIT);
  }

  SnapshotComparisons(int concurrent, Duration wait) {
    this.permits = new Semaphore(concurrent, true);
    this.wait = requireNonNull(wait, "wait is null");
  }

  public <T> T run(Supplier<T> comparison) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted while waiting to compare snapshots");
    }
    if (!acquired) {
      throw new ServiceUnavailableException(
          "other snapshot comparisons kept the service busy for "
              + wait.toSeconds()
              + " s; retry later",
          wait.toSeconds());
    }
    try {
      return comparison.get();
    } finally {
      permits.release();
    }
  }
}
