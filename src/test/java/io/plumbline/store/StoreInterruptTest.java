package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.PlumblineException;
import io.plumbline.model.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service aborts a scan at shutdown by interrupting its thread, and H2 closes its whole
 * database when a thread it does file I/O for is interrupted: the store keeps those interrupts away
 * from H2.
 */
class StoreInterruptTest {

  private static TestDatabase database;

  @BeforeAll
  static void createDirectory() {
    database = TestDatabase.h2();
  }

  @AfterAll
  static void deleteDirectory() {
    database.close();
  }

  @Test
  void aCallFromAnInterruptedThreadTouchesNothingAndTheStoreStaysUsable() {
    try (Store store = Store.open(database.freshStore())) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(
                () ->
                    store.record(
                        Scans.scan(
                            "scan-1",
                            Scans.day(1),
                            List.of(Scans.finding(Verdict.FAIL, 1000, "tok-1")))))
            .isInstanceOf(PlumblineException.class)
            .hasMessageContaining("the calling thread was interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }

      assertThat(store.scans(Optional.empty())).isEmpty();
      store.record(
          Scans.scan("scan-1", Scans.day(1), List.of(Scans.finding(Verdict.FAIL, 1000, "tok-1"))));
      assertThat(store.verify().intact()).isTrue();
    }
  }

  @Test
  void aThreadInterruptedWhileItRecordsGetsItsScanCommittedAndKeepsItsInterrupt() throws Exception {
    StoreSettings settings = database.freshStore();
    try (Store store = Store.open(settings)) {
      CountDownLatch writing = new CountDownLatch(1);
      CountDownLatch interrupted = new CountDownLatch(1);
      AtomicReference<ScanReceipt> receipt = new AtomicReference<>();
      AtomicBoolean interruptKept = new AtomicBoolean();
      Thread recorder =
          new Thread(
              () -> {
                receipt.set(
                    store.record(
                        Scans.large("scan-1", Scans.day(1), 200),
                        (phase, count, took) -> {
                          if (phase.equals("findings written")) {
                            writing.countDown();
                            awaitQuietly(interrupted);
                          }
                        }));
                interruptKept.set(Thread.currentThread().isInterrupted());
              },
              "recorder");
      recorder.start();
      assertThat(writing.await(60, TimeUnit.SECONDS)).isTrue();
      // mid-transaction, as when the shutdown grace ends while a scan is being stored
      recorder.interrupt();
      interrupted.countDown();
      recorder.join(TimeUnit.SECONDS.toMillis(60));

      assertThat(receipt.get()).isNotNull();
      assertThat(receipt.get().seq()).isEqualTo(1);
      assertThat(interruptKept).isTrue();
      store.record(
          Scans.scan("scan-2", Scans.day(2), List.of(Scans.finding(Verdict.FAIL, 1000, "tok-1"))));
    }
    try (Store reopened = Store.open(settings)) {
      assertThat(reopened.scans(Optional.empty()))
          .extracting(ScanSummary::scanId)
          .containsExactly("scan-1", "scan-2");
      assertThat(reopened.verify().intact()).isTrue();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException("the store's own thread was interrupted", e);
    }
  }
}
