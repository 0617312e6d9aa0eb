package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from the store's pool, which the store owns and closes. */
final class DataSourceConnectionProvider implements ConnectionProvider {

  private final DataSource dataSource;

  DataSourceConnectionProvider(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void initialize() {}

  @Override
  public void shutdown() {
    // the pool belongs to the store
  }
}
