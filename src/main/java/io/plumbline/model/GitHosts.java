package io.plumbline.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The host a Git URL points at, for Git allowlists. */
public final class GitHosts {

  private GitHosts() {}

  /**
   * The host of an https or scp-like ({@code git@host:org/repo}) Git URL, in lower case; null for
   * none or a URL that names no host.
   */
  public static String host(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String text = url.strip();
    int at = text.indexOf('@');
    if (!text.contains("://") && at >= 0 && text.indexOf(':', at) > at) {
      return text.substring(at + 1, text.indexOf(':', at)).toLowerCase(Locale.ROOT);
    }
    try {
      String host = new URI(text).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Whether a Git URL is allowed by a workspace's {@code projectsAllowList}: URL prefixes separated
   * by commas, compared case-insensitively.
   */
  public static boolean allowed(String url, String allowList) {
    if (url == null || allowList == null) {
      return false;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    for (String prefix : allowList.split(",")) {
      String candidate = prefix.strip().toLowerCase(Locale.ROOT);
      if (!candidate.isEmpty() && lower.startsWith(candidate)) {
        return true;
      }
    }
    return false;
  }
}
