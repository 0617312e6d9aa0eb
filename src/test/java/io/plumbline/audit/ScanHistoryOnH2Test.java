package io.plumbline.audit;

import io.plumbline.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ScanHistoryOnH2Test extends ScanHistoryContract {

  private static TestDatabase database;

  @BeforeAll
  static void start() {
    database = TestDatabase.h2();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Override
  protected TestDatabase database() {
    return database;
  }
}
