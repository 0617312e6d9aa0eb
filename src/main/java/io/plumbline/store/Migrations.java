package io.plumbline.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The store's Flyway migrations, listed here rather than found by scanning the classpath: scanning
 * depends on the class loader handing out directory URLs Flyway can walk (the Quarkus fast-jar's
 * does today; a native image would not), a scan that finds nothing migrates nothing without a word,
 * and a listed migration that is missing fails loudly.
 *
 * <p>A migration lives in {@code db/migration/common/} (one file for both databases, with the
 * column types that differ as placeholders, see {@link Vendor#placeholders()}) or, when its DDL
 * must differ, in both {@code db/migration/h2/} and {@code db/migration/postgresql/}. Add the next
 * one to {@link #FILES} as {@code common/V3__...sql} or {@code {vendor}/V3__...sql}.
 *
 * <p>The store's own migrations are V1 to V99, Quartz's tables V100. A store that an earlier
 * release migrated to V100 thus gets a new store migration below its applied version: Flyway runs
 * it only {@code outOfOrder}; otherwise it refuses to open the store ("resolved migration not
 * applied").
 */
final class Migrations {

  static final String ROOT = "db/migration/";
  static final String VENDOR = "{vendor}";

  /**
   * Every migration, in version order, as classpath resources. Quartz's job store tables (version
   * 100, written by the scheduler package) live beside the scheduler's other resources.
   */
  static final List<String> FILES =
      List.of(
          ROOT + "common/V1__store.sql",
          ROOT + "common/V2__alert_notifications.sql",
          ROOT + "common/V3__evaluation_inputs.sql",
          "db/quartz/" + VENDOR + "/V100__quartz_tables.sql");

  private Migrations() {}

  /** Runs {@code files}, normally {@link #FILES}. */
  static MigrateResult migrate(DataSource dataSource, Vendor vendor, List<String> files) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .resourceProvider(new ListedResources(vendor, files))
        .javaMigrationClassProvider(new NoJavaMigrations())
        .placeholders(vendor.placeholders())
        .outOfOrder(true)
        .table("flyway_schema_history")
        .cleanDisabled(true)
        .load()
        .migrate();
  }

  /** The classpath resource of a listed migration for one database. */
  static String resourceName(String file, Vendor vendor) {
    return file.replace(VENDOR, vendor.directory());
  }

  private static final class ListedResources implements ResourceProvider {

    private final List<LoadableResource> resources = new ArrayList<>();

    ListedResources(Vendor vendor, List<String> files) {
      for (String file : files) {
        resources.add(load(resourceName(file, vendor)));
      }
    }

    private static LoadableResource load(String name) {
      try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("migration " + name + " is not on the classpath");
        }
        return new Listed(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read migration " + name, e);
      }
    }

    @Override
    public LoadableResource getResource(String name) {
      return resources.stream()
          .filter(
              resource ->
                  resource.getAbsolutePath().equals(name) || resource.getFilename().equals(name))
          .findFirst()
          .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      List<LoadableResource> matching = new ArrayList<>();
      for (LoadableResource resource : resources) {
        String fileName = resource.getFilename();
        if (!fileName.startsWith(prefix)) {
          continue;
        }
        for (String suffix : suffixes) {
          if (fileName.endsWith(suffix)) {
            matching.add(resource);
            break;
          }
        }
      }
      return matching;
    }
  }

  private static final class Listed extends LoadableResource {

    private final String name;
    private final String content;

    Listed(String name, String content) {
      this.name = name;
      this.content = content;
    }

    @Override
    public Reader read() {
      return new StringReader(content);
    }

    @Override
    public String getAbsolutePath() {
      return name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return name;
    }

    @Override
    public String getFilename() {
      return name.substring(name.lastIndexOf('/') + 1);
    }

    /** The file name alone: the history table stays the same if a file moves between folders. */
    @Override
    public String getRelativePath() {
      return getFilename();
    }
  }

  private static final class NoJavaMigrations implements ClassProvider<JavaMigration> {
    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
      return List.of();
    }
  }
}
