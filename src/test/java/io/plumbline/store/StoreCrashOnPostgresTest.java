package io.plumbline.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class StoreCrashOnPostgresTest extends StoreCrashContract {

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
