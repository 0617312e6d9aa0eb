package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<String> files = new ArrayList<>();
    for (String root : List.of(Migrations.ROOT, "db/quartz/")) {
      URL url = getClass().getClassLoader().getResource(root);
      Path directory = Path.of(url.toURI());
      try (Stream<Path> walk = Files.walk(directory)) {
        walk.filter(path -> path.toString().endsWith(".sql"))
            .map(path -> directory.relativize(path).toString().replace('\\', '/'))
            .map(path -> path.replaceFirst("^(h2|postgresql)/", Migrations.VENDOR + "/"))
            .map(root::concat)
            .distinct()
            .forEach(files::add);
      }
    }

    assertThat(files).containsExactlyInAnyOrderElementsOf(Migrations.FILES);
  }
}
