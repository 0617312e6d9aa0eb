package io.plumbline.cli;

import io.plumbline.collect.ScanProgress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shows a scan's progress on stderr: on a terminal one line rewritten in place at most five times a
 * second; otherwise one plain line per phase, so logs of CI runs stay readable.
 */
final class ProgressPrinter implements ScanProgress {

  private static final long MINIMUM_INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final AtomicLong lastPrinted = new AtomicLong();
  private final AtomicReference<String> lastPhase = new AtomicReference<>("");
  private volatile boolean lineOpen;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void update(Snapshot progress) {
    String previousPhase = lastPhase.getAndSet(progress.phase());
    boolean phaseChanged = !previousPhase.equals(progress.phase());
    if (terminal) {
      long now = System.nanoTime();
      long last = lastPrinted.get();
      if ((phaseChanged || now - last >= MINIMUM_INTERVAL_NANOS)
          && lastPrinted.compareAndSet(last, now)) {
        synchronized (out) {
          out.print("\r\033[K" + line(progress));
          out.flush();
          lineOpen = true;
        }
      }
    } else if (phaseChanged) {
      synchronized (out) {
        out.println(line(progress));
        out.flush();
      }
    }
  }

  /** Ends the live line so that what follows starts on its own line. */
  @Override
  public void collected() {
    if (terminal && lineOpen) {
      synchronized (out) {
        out.println();
        out.flush();
      }
    }
  }

  private static String line(Snapshot progress) {
    StringBuilder line = new StringBuilder("collecting: ").append(progress.phase());
    if (progress.workspacesTotal() > 0) {
      line.append(" | workspaces ")
          .append(progress.workspacesDone())
          .append('/')
          .append(progress.workspacesTotal());
    }
    line.append(" | reads ")
        .append(progress.readsDone())
        .append('/')
        .append(progress.readsScheduled());
    line.append(" | calls ").append(progress.apiCalls());
    line.append(" | throttled ").append(progress.throttled());
    line.append(" | retries ").append(progress.retries());
    if (progress.failedReads() > 0) {
      line.append(" | failed ").append(progress.failedReads());
    }
    return line.toString();
  }
}
