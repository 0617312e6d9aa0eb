package io.plumbline.export.alert;

import io.plumbline.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JdbcNotificationLogOnPostgresTest extends JdbcNotificationLogContract {

  private static TestDatabase database;

  @BeforeAll
  static void startServer() {
    database = TestDatabase.postgres();
  }

  @AfterAll
  static void stopServer() {
    database.close();
  }

  @Override
  protected TestDatabase database() {
    return database;
  }
}
