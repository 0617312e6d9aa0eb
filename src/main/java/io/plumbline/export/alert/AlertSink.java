package io.plumbline.export.alert;

/**
 * A receiver of alerts. Implementations are selected by the {@code type} a sink has in {@link
 * AlertConfig} (see {@link AlertSinks}).
 */
public interface AlertSink {

  /** The sink's name in the configuration, used in logs and as its key in the notification log. */
  String name();

  /**
   * Sends one batch. A receiver that fails or cannot be reached is reported in the result, never
   * thrown: a scan does not fail because an alert could not be sent.
   */
  Delivery send(AlertBatch batch);

  /**
   * Whether a firing alert must be re-sent every scan to stay active. Alertmanager forgets an alert
   * at its endsAt, and re-posting the same labels is idempotent there, so it gets every firing
   * alert every scan (its own repeat_interval decides when people are reminded); other sinks get a
   * reminder only after the re-notify interval.
   */
  default boolean resendsEveryScan() {
    return false;
  }
}
