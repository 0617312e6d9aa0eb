package io.plumbline.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a test's store lives: a fresh H2 file, or a fresh database of an embedded PostgreSQL.
 * Public for the tests of what else keeps its state in the store (the alert notification log).
 */
public interface TestDatabase extends AutoCloseable {

  /** Settings of an empty store no other test uses. */
  StoreSettings freshStore();

  String name();

  @Override
  void close();

  /** H2 files in a temporary directory, one per store. */
  static TestDatabase h2() {
    try {
      Path directory = Files.createTempDirectory("plumbline-store-test-");
      AtomicInteger counter = new AtomicInteger();
      return new TestDatabase() {
        @Override
        public StoreSettings freshStore() {
          Path file = directory.resolve("store-" + counter.incrementAndGet()).resolve("plumbline");
          return StoreSettings.of("jdbc:h2:file:" + file.toAbsolutePath());
        }

        @Override
        public String name() {
          return "H2";
        }

        @Override
        public void close() {
          try (var files = Files.walk(directory)) {
            files
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(path -> path.toFile().delete());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One embedded PostgreSQL server; each store is a database of its own on it. */
  static TestDatabase postgres() {
    EmbeddedPostgres server;
    try {
      server = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
    AtomicInteger counter = new AtomicInteger();
    return new TestDatabase() {
      @Override
      public StoreSettings freshStore() {
        String database = "store_" + counter.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot create database " + database, e);
        }
        return StoreSettings.of(server.getJdbcUrl("postgres", database));
      }

      @Override
      public String name() {
        return "PostgreSQL";
      }

      @Override
      public void close() {
        try {
          server.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
