package io.plumbline.scheduler;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/** Pools like the store's, on databases holding the scheduler's tables and nothing else. */
final class TestDatabases {

  private TestDatabases() {}

  static AgroalDataSource h2(Path directory) {
    return pool("jdbc:h2:file:" + directory.resolve("plumbline").toAbsolutePath(), "sa", "");
  }

  static AgroalDataSource migratedH2(Path directory) {
    AgroalDataSource dataSource = h2(directory);
    migrate(dataSource, DatabaseVendor.H2);
    return dataSource;
  }

  static AgroalDataSource pool(String jdbcUrl, String user, String password) {
    try {
      return AgroalDataSource.from(
          new AgroalDataSourceConfigurationSupplier()
              .connectionPoolConfiguration(
                  pool ->
                      pool.maxSize(8)
                          .acquisitionTimeout(Duration.ofSeconds(10))
                          .connectionFactoryConfiguration(
                              factory ->
                                  factory
                                      .jdbcUrl(jdbcUrl)
                                      .principal(new NamePrincipal(user))
                                      .credential(new SimplePassword(password)))));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open a pool on " + jdbcUrl, e);
    }
  }

  static void migrate(AgroalDataSource dataSource, DatabaseVendor vendor) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:" + vendor.migrationLocation())
        .load()
        .migrate();
  }
}
