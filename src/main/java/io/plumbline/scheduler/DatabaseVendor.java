package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.PlumblineException;
import java.util.Locale;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;

/** The databases the scheduler's tables live in, with what Quartz needs to know of each. */
public enum DatabaseVendor {
  H2(StdJDBCDelegate.class.getName(), "db/quartz/h2"),
  POSTGRESQL(PostgreSQLDelegate.class.getName(), "db/quartz/postgresql");

  private final String driverDelegateClass;
  private final String migrationLocation;

  DatabaseVendor(String driverDelegateClass, String migrationLocation) {
    this.driverDelegateClass = driverDelegateClass;
    this.migrationLocation = migrationLocation;
  }

  String driverDelegateClass() {
    return driverDelegateClass;
  }

  /** The classpath folder of the Flyway migrations that create Quartz's tables. */
  public String migrationLocation() {
    return migrationLocation;
  }

  public static DatabaseVendor fromJdbcUrl(String jdbcUrl) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    // only the scheme: the rest of a JDBC URL can hold a password
    int schemeEnd = url.indexOf(':', "jdbc:".length());
    String scheme = schemeEnd < 0 ? "" : " " + jdbcUrl.substring(0, schemeEnd + 1) + "...";
    throw PlumblineException.userError(
        "unsupported database URL for scheduling"
            + scheme
            + " (expected jdbc:h2:... or jdbc:postgresql:...)");
  }
}
