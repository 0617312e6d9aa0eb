package io.plumbline.export.alert;

import java.util.List;
import java.util.Optional;

/**
 * What each sink was told about each finding, by sink name and fingerprint: the memory behind
 * de-duplication, reminders and resolves. It must outlive a restart for those to survive one (an
 * in-memory log forgets, and the alerts it forgot are then neither reminded nor resolved; see
 * docs/alerts.md).
 *
 * <p>A log that cannot read or write its storage throws a {@link
 * io.plumbline.error.PlumblineException}, which the dispatcher reports as that sink's failure.
 */
public interface NotificationLog {

  Optional<Notification> find(String sink, String fingerprint);

  /** Resolves decided for {@code sink} and not delivered yet, to send again. */
  List<Notification> owedResolves(String sink);

  /** Stores {@code notification}, replacing what was stored for its sink and fingerprint. */
  void save(Notification notification);

  void remove(String sink, String fingerprint);
}
