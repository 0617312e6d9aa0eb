package io.plumbline.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class StoreCrashOnH2Test extends StoreCrashContract {

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
