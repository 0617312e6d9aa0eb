package io.plumbline.store;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The databases the store runs on, and what differs between them. */
enum Vendor {
  /**
   * The store closes its H2 database itself, after the running scan has been recorded: H2's own JVM
   * shutdown hook would close it under that scan (DB_CLOSE_ON_EXIT=FALSE). A commit is written to
   * the file before it returns, not up to half a second later (WRITE_DELAY=0).
   */
  H2(
      "jdbc:h2:",
      "org.h2.Driver",
      "h2",
      Map.of("binary", "BLOB", "text", "VARCHAR"),
      Map.of("DB_CLOSE_ON_EXIT", "FALSE", "WRITE_DELAY", "0")),
  /** A commit is durable when it returns (synchronous_commit, PostgreSQL's default). */
  POSTGRESQL(
      "jdbc:postgresql:",
      "org.postgresql.Driver",
      "postgresql",
      Map.of("binary", "BYTEA", "text", "TEXT"),
      Map.of());

  private final String urlPrefix;
  private final String driverClass;
  private final String directory;
  private final Map<String, String> placeholders;
  private final Map<String, String> requiredSettings;

  Vendor(
      String urlPrefix,
      String driverClass,
      String directory,
      Map<String, String> placeholders,
      Map<String, String> requiredSettings) {
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
    this.directory = directory;
    this.placeholders = placeholders;
    this.requiredSettings = requiredSettings;
  }

  static Optional<Vendor> of(String jdbcUrl) {
    for (Vendor vendor : values()) {
      if (jdbcUrl.regionMatches(true, 0, vendor.urlPrefix, 0, vendor.urlPrefix.length())) {
        return Optional.of(vendor);
      }
    }
    return Optional.empty();
  }

  String driverClass() {
    return driverClass;
  }

  /** The folder of this vendor's own migrations, beside {@code common}. */
  String directory() {
    return directory;
  }

  /** Flyway placeholders for the column types the two databases spell differently. */
  Map<String, String> placeholders() {
    return placeholders;
  }

  /**
   * Connection settings the store depends on, by name (upper case) with their values: added to the
   * connection when the URL does not name them, and a URL that sets another value is refused.
   */
  Map<String, String> requiredSettings() {
    return requiredSettings;
  }

  /** The settings an H2 URL names after its path ({@code ;NAME=VALUE}), names in upper case. */
  static Map<String, String> h2UrlSettings(String jdbcUrl) {
    Map<String, String> settings = new LinkedHashMap<>();
    String[] parts = jdbcUrl.split(";");
    for (int index = 1; index < parts.length; index++) {
      int equals = parts[index].indexOf('=');
      if (equals > 0) {
        settings.put(
            parts[index].substring(0, equals).strip().toUpperCase(Locale.ROOT),
            parts[index].substring(equals + 1).strip());
      }
    }
    return settings;
  }
}
