package io.plumbline.auditor;

import io.plumbline.model.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a failing finding of each severity may stay open: {@code plumbline.report.slo.critical}
 * (default 7d), {@code .high} 30d, {@code .medium} 90d, {@code .low} 180d. Info findings have none.
 */
public record Slos(Map<Severity, Duration> bySeverity) {

  public Slos {
    bySeverity = Collections.unmodifiableMap(new EnumMap<>(bySeverity));
  }

  public static Slos defaults() {
    Map<Severity, Duration> slos = new EnumMap<>(Severity.class);
    slos.put(Severity.CRITICAL, Duration.ofDays(7));
    slos.put(Severity.HIGH, Duration.ofDays(30));
    slos.put(Severity.MEDIUM, Duration.ofDays(90));
    slos.put(Severity.LOW, Duration.ofDays(180));
    return new Slos(slos);
  }

  /**
   * The defaults overridden by {@code plumbline.report.slo.<severity>} where {@code lookup} has
   * one: {@code 7d}, {@code 36h}, {@code 90m} or an ISO duration ({@code P7D}).
   */
  public static Slos from(Function<String, Optional<String>> lookup) {
    Map<Severity, Duration> slos = new EnumMap<>(defaults().bySeverity());
    for (Severity severity : slos.keySet().toArray(new Severity[0])) {
      String key = "plumbline.report.slo." + severity.name().toLowerCase(Locale.ROOT);
      Optional<String> value = lookup.apply(key);
      if (value.isPresent()) {
        slos.put(severity, parse(key, value.get()));
      }
    }
    return new Slos(slos);
  }

  public Optional<Duration> of(Severity severity) {
    return Optional.ofNullable(bySeverity.get(severity));
  }

  static Duration parse(String key, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      return switch (value.charAt(value.length() - 1)) {
        case 'd' -> Duration.ofDays(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'm' -> Duration.ofMinutes(amount);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + ": invalid duration \"" + text + "\": expected e.g. 7d, 36h or P7D");
    }
  }
}
