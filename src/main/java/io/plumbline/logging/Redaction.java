package io.plumbline.logging;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text bound for a log: HTTP authorization headers and cookies (as the
 * Apache HTTP client logs them under the Databricks and AWS SDKs, in its headers and wire
 * categories), bearer tokens, Databricks personal access tokens and OAuth secrets, JWTs, AWS secret
 * keys and session tokens, and any field whose name says it holds a secret, in JSON, XML, form and
 * query syntax. What is removed is replaced by {@link #MARKER}.
 */
public final class Redaction {

  /** What a removed credential reads as. */
  public static final String MARKER = "[REDACTED]";

  /** Substrings without which no pattern below can match: most log lines are let through fast. */
  private static final List<String> TRIGGERS =
      List.of(
          "auth",
          "bearer",
          "token",
          "secret",
          "password",
          "passwd",
          "cookie",
          "dapi",
          "dose",
          "eyj",
          "://",
          "credential",
          "signature",
          "api_key",
          "api-key",
          "apikey");

  private static final String SECRET_NAMES =
      "access_token|refresh_token|id_token|token_value|client_secret|client-secret|password|passwd"
          + "|secret|secret_key|secret_access_key|aws_secret_access_key|secretaccesskey"
          + "|session_token|aws_session_token|sessiontoken|x-amz-security-token|token"
          + "|api_key|api-key|apikey|private_key";

  private static final List<Replacement> REPLACEMENTS =
      List.of(
          // Authorization: Bearer x / Authorization=[AWS4-HMAC-SHA256 ...] / "Cookie: a=b"
          new Replacement(
              "(?i)(?<![\\w-])(authorization|proxy-authorization|x-amz-security-token"
                  + "|x-databricks-azure-sp-management-token|cookie|set-cookie)"
                  + "(\"?\\s*[:=]\\s*\\[?\"?)(?!REDACTED\\])([^\\s\"\\[\\]][^\"\\r\\n\\[\\]]*)",
              "$1$2" + MARKER),
          // "access_token": "x", client_secret=x, <SessionToken>x</SessionToken>
          new Replacement(
              "(?i)(?<![\\w-])(\"?(?:" + SECRET_NAMES + ")\"?\\s*[:=]\\s*\"?)([^\"\\s,&;}\\]\\[]+)",
              "$1" + MARKER),
          new Replacement(
              "(?i)(<(?:SecretAccessKey|SessionToken|Password|ClientSecret)>)[^<]*(</)",
              "$1" + MARKER + "$2"),
          new Replacement("(?i)\\b(bearer)\\s+[A-Za-z0-9\\-._~+/]+=*", "$1 " + MARKER),
          // Databricks personal access tokens and OAuth secrets
          new Replacement("\\bdapi[A-Za-z0-9_-]{8,}", MARKER),
          new Replacement("\\bdose[A-Za-z0-9_-]{8,}", MARKER),
          new Replacement("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*", MARKER),
          // https://user:password@host
          new Replacement(
              "(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)[^@\\s/]+(@)", "$1" + MARKER + "$2"));

  private record Replacement(Pattern pattern, String replacement) {
    Replacement(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }

  private Redaction() {}

  /** The text with every credential replaced by {@link #MARKER}; the same text when none. */
  public static String redact(String text) {
    if (text == null || text.isEmpty() || !mightHoldSecret(text)) {
      return text;
    }
    String result = text;
    for (Replacement replacement : REPLACEMENTS) {
      Matcher matcher = replacement.pattern().matcher(result);
      if (matcher.find()) {
        result = matcher.replaceAll(replacement.replacement());
      }
    }
    return result;
  }

  /**
   * {@code thrown} itself when none of its messages (its causes' included) holds a credential, else
   * a copy with the same class names and stack traces and the messages redacted.
   */
  public static Throwable redact(Throwable thrown) {
    return RedactedThrowable.of(thrown);
  }

  private static boolean mightHoldSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String trigger : TRIGGERS) {
      if (lower.contains(trigger)) {
        return true;
      }
    }
    return false;
  }
}
