package io.plumbline.export.alert;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link NotificationLog} that lives as long as the process. */
public final class InMemoryNotificationLog implements NotificationLog {

  private record Key(String sink, String fingerprint) {}

  private final Map<Key, Notification> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<Notification> find(String sink, String fingerprint) {
    return Optional.ofNullable(entries.get(new Key(sink, fingerprint)));
  }

  @Override
  public List<Notification> owedResolves(String sink) {
    return entries.values().stream()
        .filter(notification -> notification.sink().equals(sink))
        .filter(Notification::resolveOwed)
        .sorted(Comparator.comparing(Notification::fingerprint))
        .toList();
  }

  @Override
  public void save(Notification notification) {
    entries.put(new Key(notification.sink(), notification.fingerprint()), notification);
  }

  @Override
  public void remove(String sink, String fingerprint) {
    entries.remove(new Key(sink, fingerprint));
  }

  public int size() {
    return entries.size();
  }
}
