package io.plumbline.store;

import java.util.Map;
import java.util.Optional;

/** The databases the store runs on, and what differs between them. */
enum Vendor {
  H2("jdbc:h2:", "org.h2.Driver", "h2", Map.of("binary", "BLOB", "text", "VARCHAR")),
  POSTGRESQL(
      "jdbc:postgresql:",
      "org.postgresql.Driver",
      "postgresql",
      Map.of("binary", "BYTEA", "text", "TEXT"));

  private final String urlPrefix;
  private final String driverClass;
  private final String directory;
  private final Map<String, String> placeholders;

  Vendor(String urlPrefix, String driverClass, String directory, Map<String, String> placeholders) {
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
    this.directory = directory;
    this.placeholders = placeholders;
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
}
