package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreOnH2Test extends StoreContract {

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

  @Test
  void aCommitReachesTheFileBeforeItReturns() throws Exception {
    try (Store store = Store.open(database.freshStore());
        Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("0");
    }
  }
}
