package io.plumbline.export.alert;

import io.plumbline.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JdbcNotificationLogOnH2Test extends JdbcNotificationLogContract {

  private static TestDatabase database;

  @BeforeAll
  static void createDirectory() {
    database = TestDatabase.h2();
  }

  @AfterAll
  static void deleteDirectory() {
    database.close();
  }

  @Override
  protected TestDatabase database() {
    return database;
  }
}
