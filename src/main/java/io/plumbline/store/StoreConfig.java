package io.plumbline.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where scan history is kept. The password is never a configuration value: it is read from the file
 * {@code password-file} names or from the environment variable {@code password-env} names.
 *
 * <pre>
 * plumbline:
 *   store:
 *     url: jdbc:postgresql://db.internal:5432/plumbline
 *     username: plumbline
 *     password-file: /run/secrets/plumbline-store-password
 *     retention:
 *       max-age: 400d
 *       max-count: 1000
 * </pre>
 */
@ConfigMapping(prefix = "plumbline.store")
public interface StoreConfig {

  /**
   * JDBC URL of the store: {@code jdbc:h2:file:PATH} (embedded, one process at a time) or {@code
   * jdbc:postgresql://HOST:PORT/DATABASE} (a server; needed when several replicas share history).
   * The default keeps an H2 database in {@code ./.plumbline/store/} under the working directory.
   */
  @WithDefault(StoreSettings.DEFAULT_URL)
  String url();

  /** Database user; absent for the embedded default. */
  Optional<String> username();

  /** Environment variable holding the database password (used when no password file is set). */
  @WithDefault(StoreSettings.DEFAULT_PASSWORD_ENV)
  String passwordEnv();

  /** File holding the database password, e.g. a mounted Kubernetes secret. */
  Optional<Path> passwordFile();

  Retention retention();

  interface Retention {
    /** Scans that started longer ago than this are pruned; the latest scan is always kept. */
    @WithDefault("400d")
    Duration maxAge();

    /** Keep at most this many scans (the newest); unlimited when absent. */
    OptionalInt maxCount();
  }
}
