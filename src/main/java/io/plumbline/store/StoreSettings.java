package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the store is and how long it keeps scans.
 *
 * @param jdbcUrl {@code jdbc:h2:...} (embedded, one process) or {@code jdbc:postgresql://...}
 * @param retainFor scans that started longer ago than this are pruned (the latest never is)
 * @param retainCount at most this many scans are kept, when present
 */
public record StoreSettings(
    String jdbcUrl,
    Optional<String> username,
    Optional<Secret> password,
    Duration retainFor,
    OptionalInt retainCount) {

  /**
   * An H2 database in files under the working directory ({@code
   * ./.plumbline/store/plumbline.mv.db}): no server to run, and each project directory keeps its
   * own history.
   */
  public static final String DEFAULT_URL = "jdbc:h2:file:./.plumbline/store/plumbline";

  public static final Duration DEFAULT_RETAIN_FOR = Duration.ofDays(400);

  /** The environment variable read for the password when no password file is configured. */
  public static final String DEFAULT_PASSWORD_ENV = "PLUMBLINE_STORE_PASSWORD";

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;])([a-z_.-]*(?:password|passwd|pwd|secret|token)[a-z_.-]*)=([^&;]*)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@?;]*@");

  public StoreSettings {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(username, "username is null");
    requireNonNull(password, "password is null");
    requireNonNull(retainFor, "retainFor is null");
    requireNonNull(retainCount, "retainCount is null");
    if (Vendor.of(jdbcUrl).isEmpty()) {
      throw PlumblineException.userError(
          "unsupported store URL \""
              + mask(jdbcUrl)
              + "\": expected jdbc:h2:file:PATH or jdbc:postgresql://HOST/DATABASE");
    }
    Vendor vendor = Vendor.of(jdbcUrl).orElseThrow();
    if (vendor == Vendor.H2) {
      Map<String, String> named = Vendor.h2UrlSettings(jdbcUrl);
      vendor
          .requiredSettings()
          .forEach(
              (name, required) -> {
                String value = named.get(name);
                if (value != null && !value.equalsIgnoreCase(required)) {
                  throw PlumblineException.userError(
                      "store URL \""
                          + mask(jdbcUrl)
                          + "\" sets "
                          + name
                          + "="
                          + value
                          + ": the store needs "
                          + name
                          + "="
                          + required
                          + " (it closes the database itself after a running scan, and says a scan"
                          + " is stored only once it is on disk); remove the setting");
                }
              });
    }
    if (retainFor.isNegative() || retainFor.isZero()) {
      throw PlumblineException.userError("store retention max-age must be positive: " + retainFor);
    }
    if (retainCount.isPresent() && retainCount.getAsInt() < 1) {
      throw PlumblineException.userError(
          "store retention max-count must be at least 1: " + retainCount.getAsInt());
    }
  }

  /** H2 under the working directory, no credentials, scans kept 400 days. */
  public static StoreSettings defaults() {
    return of(DEFAULT_URL);
  }

  /** The given URL with no credentials and the default retention. */
  public static StoreSettings of(String jdbcUrl) {
    return new StoreSettings(
        jdbcUrl, Optional.empty(), Optional.empty(), DEFAULT_RETAIN_FOR, OptionalInt.empty());
  }

  /**
   * Settings from the application's configuration. The password is read from {@code password-file}
   * when set, else from the environment variable {@code password-env} names.
   */
  public static StoreSettings from(StoreConfig config, Function<String, String> environment) {
    Optional<Secret> password;
    if (config.passwordFile().isPresent()) {
      password = Optional.of(readPasswordFile(config.passwordFile().get()));
    } else {
      String value = environment.apply(config.passwordEnv());
      password =
          value == null || value.isBlank() ? Optional.empty() : Optional.of(Secret.of(value));
    }
    return new StoreSettings(
        config.url(),
        config.username().filter(name -> !name.isBlank()),
        password,
        config.retention().maxAge(),
        config.retention().maxCount());
  }

  private static Secret readPasswordFile(Path file) {
    String value = TextFiles.readSecret(file, "store password file");
    if (value.isBlank()) {
      throw PlumblineException.userError("the store password file " + file + " is empty");
    }
    return Secret.of(value);
  }

  public StoreSettings withRetention(Duration maxAge, OptionalInt maxCount) {
    return new StoreSettings(jdbcUrl, username, password, maxAge, maxCount);
  }

  public StoreSettings withCredentials(String user, Secret secret) {
    return new StoreSettings(
        jdbcUrl, Optional.of(user), Optional.of(secret), retainFor, retainCount);
  }

  /** The URL with the values of password-like parameters and of user info replaced by ****. */
  public String displayUrl() {
    return mask(jdbcUrl);
  }

  Vendor vendor() {
    return Vendor.of(jdbcUrl).orElseThrow();
  }

  static String mask(String url) {
    Matcher parameters = SECRET_PARAMETER.matcher(url);
    String masked = parameters.replaceAll("$1$2=****");
    return USER_INFO.matcher(masked).replaceAll("$1:****@");
  }

  @Override
  public String toString() {
    return "StoreSettings[url="
        + displayUrl()
        + ", username="
        + username.orElse("(none)")
        + ", password="
        + (password.isPresent() ? "****" : "(none)")
        + ", retainFor="
        + retainFor
        + ", retainCount="
        + (retainCount.isPresent() ? Integer.toString(retainCount.getAsInt()) : "(unlimited)")
        + "]";
  }
}
