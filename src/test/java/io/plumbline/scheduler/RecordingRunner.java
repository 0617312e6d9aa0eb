package io.plumbline.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner whose scans take a set time (or wait for the test to let them end) and that records what
 * ran, when, and how many ran at once.
 */
final class RecordingRunner implements ScanJobRunner {

  record Run(ScanRequest request, Instant start, Instant end, boolean interrupted) {}

  record Abort(ScanRequest request, String reason) {}

  private final Duration scanTime;
  private final Semaphore release;
  private final List<ScanRequest> started = new CopyOnWriteArrayList<>();
  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final List<Abort> aborts = new CopyOnWriteArrayList<>();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();

  private RecordingRunner(Duration scanTime, Semaphore release) {
    this.scanTime = scanTime;
    this.release = release;
  }

  static RecordingRunner taking(Duration scanTime) {
    return new RecordingRunner(scanTime, null);
  }

  /** Scans that run until {@link #releaseOne()} is called. */
  static RecordingRunner heldOpen() {
    return new RecordingRunner(null, new Semaphore(0));
  }

  void releaseOne() {
    release.release();
  }

  @Override
  public void run(ScanRequest request) {
    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
    Instant start = Instant.now();
    started.add(request);
    boolean interrupted = false;
    try {
      if (release != null) {
        release.acquire();
      } else {
        Thread.sleep(scanTime.toMillis());
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      concurrent.decrementAndGet();
      runs.add(new Run(request, start, Instant.now(), interrupted));
    }
  }

  @Override
  public void aborted(ScanRequest request, String reason) {
    aborts.add(new Abort(request, reason));
  }

  List<ScanRequest> started() {
    return List.copyOf(started);
  }

  List<Run> runs() {
    return List.copyOf(runs);
  }

  List<Abort> aborts() {
    return List.copyOf(aborts);
  }

  int maxConcurrent() {
    return maxConcurrent.get();
  }
}
