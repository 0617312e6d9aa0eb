package io.plumbline.export.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts go and when. No sinks, no alerts. A webhook URL is a credential (Slack's is the
 * whole secret), so a sink may name the environment variable or the file that holds its URL instead
 * of writing it here. Each sink is configured in its own subtree, {@code
 * plumbline.alert.sinks.<name>}, and its {@code type} picks the implementation ({@link
 * AlertSinks}).
 *
 * <pre>
 * plumbline:
 *   alert:
 *     runbook-base-url: https://runbooks.example.com/plumbline/
 *     sinks:
 *       oncall:
 *         type: alertmanager
 *         url: http://alertmanager:9093
 *       security-channel:
 *         type: slack
 *         url-env: PLUMBLINE_SLACK_WEBHOOK_URL
 *         min-severity: medium
 * </pre>
 */
@ConfigMapping(prefix = "plumbline.alert")
public interface AlertConfig {

  /** Alert receivers, by a name used in logs and in the notification log. */
  Map<String, Sink> sinks();

  /**
   * The least severe finding that alerts: critical, high, medium, low or info. High by default: an
   * alert wakes someone; medium and below belong on the dashboard and in the report unless a sink
   * asks for them.
   */
  @WithDefault("high")
  String minSeverity();

  /**
   * How long a finding still failing waits before a webhook or Slack sink is reminded of it.
   * Alertmanager gets every firing alert every scan and reminds people by its own repeat_interval.
   */
  @WithDefault("4h")
  Duration renotifyInterval();

  /**
   * How long Alertmanager keeps a firing alert that is not posted again (its endsAt). Must be
   * longer than the re-notify interval and than the time between two scans, or alerts would resolve
   * on their own between scans.
   */
  @WithDefault("12h")
  Duration resolveTimeout();

  /**
   * Runbooks, one per rule: the rule id is appended to this URL, as a path segment
   * (https://runbooks.example.com/plumbline/DBX-WS-001) or, when the URL ends in {@code #}, as the
   * anchor. The default is the rule page of this repository, docs/rules.md.
   */
  @WithDefault("https://github.com/plumbline/plumbline/blob/main/docs/rules.md#")
  Optional<URI> runbookBaseUrl();

  /** A link back to plumbline (its findings page), Alertmanager's generatorURL. */
  Optional<URI> generatorUrl();

  /** Timeout of one HTTP request to a sink, connection included. */
  @WithDefault("10s")
  Duration timeout();

  Retry retry();

  interface Sink {
    /** Which implementation: alertmanager, webhook or slack. */
    String type();

    /** A disabled sink is neither built nor sent to; its notification log entries stay. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The receiver's URL: Alertmanager's base URL (with its route prefix, if any; /api/v2/alerts is
     * appended), or the webhook's full URL. Exactly one of url, url-env and url-file.
     */
    Optional<URI> url();

    /** Environment variable holding the URL, for a URL that is a secret. */
    Optional<String> urlEnv();

    /** File holding the URL, for a URL that is a secret (e.g. a mounted Kubernetes secret). */
    Optional<Path> urlFile();

    /** Overrides plumbline.alert.min-severity for this sink. */
    Optional<String> minSeverity();

    /**
     * Settings of the sink's own type beyond the HTTP ones above, under {@code
     * plumbline.alert.sinks.<name>.options.<key>}: a sink that does not post to a URL (a file, a
     * queue) reads its settings here. The HTTP sinks take none.
     */
    Map<String, String> options();
  }

  interface Retry {
    /** Requests per batch, the first included; connection errors, timeouts, 5xx and 429 retry. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry, doubled before each next one. */
    @WithDefault("1s")
    Duration backoff();
  }
}
