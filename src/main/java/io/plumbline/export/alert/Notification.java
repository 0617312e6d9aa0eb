package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a sink was last told about one finding.
 *
 * @param alert the alert as it was first sent, whose labels every later post repeats; FIRING while
 *     the finding fails, RESOLVED while a resolve is decided but not yet delivered
 * @param lastFiredAt when a firing notification last reached the sink; empty when the first one has
 *     not (it is sent again at the next scan that still sees the finding fail)
 */
public record Notification(String sink, Alert alert, Optional<Instant> lastFiredAt) {

  public Notification {
    requireNonNull(sink, "sink is null");
    requireNonNull(alert, "alert is null");
    requireNonNull(lastFiredAt, "lastFiredAt is null");
  }

  public String fingerprint() {
    return alert.fingerprint();
  }

  /** The sink knows the alert as firing. */
  public boolean firingDelivered() {
    return alert.status() == AlertStatus.FIRING && lastFiredAt.isPresent();
  }

  /** The alert was decided firing but no notification of it has reached the sink yet. */
  public boolean firingOwed() {
    return alert.status() == AlertStatus.FIRING && lastFiredAt.isEmpty();
  }

  /** A resolve was decided and not delivered. */
  public boolean resolveOwed() {
    return alert.status() == AlertStatus.RESOLVED;
  }
}
