package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The sink-independent part of {@link AlertConfig}, checked. */
public record AlertSettings(
    Duration renotifyInterval,
    Duration resolveTimeout,
    Optional<URI> runbookBaseUrl,
    Optional<URI> generatorUrl) {

  public AlertSettings {
    requireNonNull(renotifyInterval, "renotifyInterval is null");
    requireNonNull(resolveTimeout, "resolveTimeout is null");
    requireNonNull(runbookBaseUrl, "runbookBaseUrl is null");
    requireNonNull(generatorUrl, "generatorUrl is null");
    if (renotifyInterval.isNegative() || renotifyInterval.isZero()) {
      throw new IllegalArgumentException(
          "plumbline.alert.renotify-interval must be positive, got " + renotifyInterval);
    }
    if (resolveTimeout.compareTo(renotifyInterval) <= 0) {
      throw new IllegalArgumentException(
          "plumbline.alert.resolve-timeout must be longer than plumbline.alert.renotify-interval ("
              + renotifyInterval
              + "), got "
              + resolveTimeout);
    }
  }

  /** The rule page of this repository, docs/rules.md: each rule's section is its runbook. */
  public static final URI DEFAULT_RUNBOOK_BASE_URL =
      URI.create("https://github.com/plumbline/plumbline/blob/main/docs/rules.md#");

  public static AlertSettings defaults() {
    return new AlertSettings(
        Duration.ofHours(4),
        Duration.ofHours(12),
        Optional.of(DEFAULT_RUNBOOK_BASE_URL),
        Optional.empty());
  }

  /**
   * The runbook of a rule: the base URL with the rule id appended as the anchor when the base ends
   * in {@code #}, else as a path segment.
   */
  public Optional<URI> runbookUrl(String ruleId) {
    return runbookBaseUrl.map(
        base -> {
          String text = base.toString();
          String segment = URLEncoder.encode(ruleId, StandardCharsets.UTF_8).replace("+", "%20");
          if (text.endsWith("#")) {
            return URI.create(text + segment);
          }
          return URI.create(text.endsWith("/") ? text + segment : text + "/" + segment);
        });
  }
}
