package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How sending one batch went.
 *
 * @param attempts HTTP requests made, retries included
 * @param problem why it was not delivered, fit for a log line (no secret URL parts)
 */
public record Delivery(boolean delivered, int attempts, Optional<String> problem) {

  public Delivery {
    requireNonNull(problem, "problem is null");
    if (delivered == problem.isPresent()) {
      throw new IllegalArgumentException("a delivery has a problem exactly when it failed");
    }
  }

  public static Delivery delivered(int attempts) {
    return new Delivery(true, attempts, Optional.empty());
  }

  public static Delivery failed(int attempts, String problem) {
    return new Delivery(false, attempts, Optional.of(problem));
  }
}
