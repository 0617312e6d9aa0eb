package io.plumbline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SnapshotComparisonsTest {

  @Test
  void aComparisonBeyondTheLimitWaitsAWhileThenIsRefusedWithRetryAfter() throws Exception {
    SnapshotComparisons comparisons = new SnapshotComparisons(1, Duration.ofMillis(200));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<String> first = holding(comparisons, running, finish);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThatThrownBy(() -> comparisons.run(() -> "second"))
        .isInstanceOfSatisfying(
            ServiceUnavailableException.class,
            e -> {
              assertThat(e.getResponse().getStatus()).isEqualTo(503);
              assertThat(e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("0");
            })
        .hasMessage("other snapshot comparisons kept the service busy for 0 s; retry later");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));

    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void aComparisonWaitingItsTurnRunsOnceTheOneBeforeItEnds() throws Exception {
    SnapshotComparisons comparisons = new SnapshotComparisons(1, Duration.ofSeconds(30));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<String> first = holding(comparisons, running, finish);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(() -> comparisons.run(() -> "second"));
    Thread.sleep(100);
    assertThat(second).isNotDone();
    finish.countDown();

    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  private static CompletableFuture<String> holding(
      SnapshotComparisons comparisons, CountDownLatch running, CountDownLatch finish) {
    return CompletableFuture.supplyAsync(
        () ->
            comparisons.run(
                () -> {
                  running.countDown();
                  try {
                    finish.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return "first";
                }));
  }
}
