package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;

/**
 * Where a sink sends. Webhook URLs carry their credential in the path (a Slack incoming webhook's
 * URL is its secret), so {@link #toString()} shows the scheme, host and port only; {@link
 * #reveal()} is the one way to read the whole URL, at the point a request is made.
 */
public final class SinkUrl {

  private final URI uri;

  private SinkUrl(URI uri) {
    this.uri = uri;
  }

  public static SinkUrl of(URI uri) {
    requireNonNull(uri, "uri is null");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      // the URL itself may be the secret: name only what is wrong with it
      throw new IllegalArgumentException(
          "invalid sink URL: expected http(s)://host[:port]/path, got a "
              + (scheme.isEmpty() ? "URL without scheme" : scheme + " URL")
              + (uri.getHost() == null ? " without host" : ""));
    }
    return new SinkUrl(uri);
  }

  public URI reveal() {
    return uri;
  }

  /**
   * The URL of {@code path} under this one, read as a directory: {@code /prefix} + api/v2/alerts.
   */
  public SinkUrl resolve(String path) {
    String base = uri.toString();
    return new SinkUrl(URI.create(base.endsWith("/") ? base : base + "/").resolve(path));
  }

  /** Replaces the whole URL wherever it appears in {@code text} by its masked form. */
  String mask(String text) {
    return text == null ? "" : text.replace(uri.toString(), toString());
  }

  @Override
  public String toString() {
    String origin =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    boolean hidden =
        uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
            || uri.getRawQuery() != null
            || uri.getRawUserInfo() != null;
    return hidden ? origin + "/****" : origin;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SinkUrl sinkUrl && sinkUrl.uri.equals(uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }
}
