package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Alerts that share a cause, sent together.
 *
 * @param summary one line for the whole group, e.g. {@code DBX-WS-001: enableIpAccessLists: true ->
 *     false (40 firing)}
 */
public record AlertGroup(String cause, String summary, List<Alert> alerts) {

  public AlertGroup {
    requireNonNull(cause, "cause is null");
    requireNonNull(summary, "summary is null");
    alerts = List.copyOf(alerts);
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("alert group " + cause + " is empty");
    }
  }

  /** A group with a summary made from its alerts. */
  public static AlertGroup of(String cause, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      throw new IllegalArgumentException("alert group " + cause + " is empty");
    }
    String rules =
        alerts.stream().map(Alert::ruleId).distinct().sorted().collect(Collectors.joining(", "));
    List<Optional<String>> changes = alerts.stream().map(Alert::whatChanged).distinct().toList();
    String what;
    if (changes.size() == 1 && changes.get(0).isPresent()) {
      what = changes.get(0).get();
    } else if (alerts.size() == 1) {
      what = alerts.get(0).summary();
    } else {
      what = "";
    }
    return new AlertGroup(
        cause, rules + (what.isEmpty() ? "" : ": " + what) + " (" + counts(alerts) + ")", alerts);
  }

  public long firingCount() {
    return alerts.stream().filter(alert -> alert.status() == AlertStatus.FIRING).count();
  }

  public long resolvedCount() {
    return alerts.size() - firingCount();
  }

  private static String counts(List<Alert> alerts) {
    long firing = alerts.stream().filter(alert -> alert.status() == AlertStatus.FIRING).count();
    long resolved = alerts.size() - firing;
    if (resolved == 0) {
      return firing + " firing";
    }
    if (firing == 0) {
      return resolved + " resolved";
    }
    return firing + " firing, " + resolved + " resolved";
  }
}
