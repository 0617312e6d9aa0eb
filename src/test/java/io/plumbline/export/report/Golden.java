package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}. Run the tests with {@code
 * -Dplumbline.regenerateGoldens=true} to rewrite them from the current output, then review the diff
 * before committing it.
 */
final class Golden {

  static final String REGENERATE = "plumbline.regenerateGoldens";
  private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    Path file = DIRECTORY.resolve(name);
    if (Boolean.getBoolean(REGENERATE)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file)
        .as("golden file %s is missing: run the tests with -D%s=true", file, REGENERATE)
        .isRegularFile();
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(actual)
        .as(
            "%s differs from its golden file %s; if the change is intended, run the tests with"
                + " -D%s=true and review the diff",
            name, file, REGENERATE)
        .isEqualTo(expected);
  }
}
