package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StoreMigrationsTest {

  @Test
  void everyListedMigrationIsOnTheClasspathForBothDatabases() {
    for (Vendor vendor : Vendor.values()) {
      for (String file : Migrations.FILES) {
        assertThat(getClass().getClassLoader().getResource(Migrations.resourceName(file, vendor)))
            .as("%s for %s", file, vendor)
            .isNotNull();
      }
    }
  }

  @Test
  void everyMigrationFileIsListed() throws Exception {
    URL root = getClass().getClassLoader().getResource(Migrations.ROOT);
    Path directory = Path.of(root.toURI());
    List<String> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(path -> path.toString().endsWith(".sql"))
              .map(path -> directory.relativize(path).toString().replace('\\', '/'))
              .map(path -> path.replaceFirst("^(h2|postgresql)/", Migrations.VENDOR + "/"))
              .distinct()
              .sorted()
              .toList();
    }

    assertThat(files).containsExactlyInAnyOrderElementsOf(Migrations.FILES);
  }
}
