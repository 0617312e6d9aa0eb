package io.plumbline.scheduler;

import java.time.Duration;
import java.util.function.BooleanSupplier;

final class Waiting {

  private Waiting() {}

  /**
   * Polls until {@code condition} holds; fails the test naming {@code what} after {@code limit}.
   */
  static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting until " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
