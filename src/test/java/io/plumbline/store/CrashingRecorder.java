package io.plumbline.store;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Records {@link Scans#large} into a store and, when the named phase of the write is done, says
 * "waiting" and blocks inside the open transaction until it is killed. Run by {@link
 * StoreCrashContract} in a JVM of its own.
 *
 * <pre>CrashingRecorder JDBC_URL SCAN_ID STARTED_AT FAILING_FINDINGS PHASE</pre>
 */
public final class CrashingRecorder {

  private CrashingRecorder() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String scanId = args[1];
    Instant startedAt = Instant.parse(args[2]);
    int failing = Integer.parseInt(args[3]);
    String killPhase = args[4];
    PrintStream out = System.out;
    ScanRecord scan = Scans.large(scanId, startedAt, failing);
    try (Store store = Store.open(StoreSettings.of(url))) {
      store.record(
          scan,
          (phase, count, took) -> {
            out.println("phase " + phase + " " + count);
            out.flush();
            if (phase.equals(killPhase)) {
              out.println("waiting");
              out.flush();
              try {
                Thread.sleep(Long.MAX_VALUE);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
    }
    out.println("recorded");
  }
}
