package io.plumbline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, read from the sources: every {@code import} (static
 * ones too) and every fully qualified {@code io.plumbline.} name in code. A package is the first
 * segment under {@code io.plumbline}, so {@code collect.aws} counts as {@code collect}.
 */
class ArchitectureTest {

  private static final Path SOURCES = Path.of("src/main/java");

  /** Which top-level packages each package must not depend on. */
  private static final Map<String, Set<String>> FORBIDDEN =
      Map.of(
          "baseline", Set.of("collect"),
          "drift", Set.of("collect"),
          "store", Set.of("collect", "policy", "drift"),
          "cli", Set.of("api"),
          "api", Set.of("serve", "drift"));

  private static final Pattern IMPORT =
      Pattern.compile(
          "^import\\s+(?:static\\s+)?(io\\.plumbline\\.[\\w.*]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bio\\.plumbline\\.(\\w+)(\\.[\\w.]*)");
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

  private record Dependency(Path file, String target) {
    String topLevel() {
      return topLevelOf(target);
    }

    @Override
    public String toString() {
      return file + " imports " + target;
    }
  }

  @Test
  void packagesDependOnlyInTheDirectionsTheArchitectureAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Dependency dependency : dependencies()) {
      String from = topLevelOf(packageOf(dependency.file()));
      Set<String> forbidden = FORBIDDEN.getOrDefault(from, Set.of());
      if (forbidden.contains(dependency.topLevel())) {
        violations.add(
            dependency + " (" + from + " must not depend on " + dependency.topLevel() + ")");
      }
    }
    assertThat(violations)
        .as("dependencies that break the rules of docs/architecture.md")
        .isEmpty();
  }

  @Test
  void theCheckSeesAForbiddenImportAndNamesTheFileAndTheImport() {
    Path file = SOURCES.resolve("io/plumbline/store/Example.java");
    List<Dependency> found =
        dependenciesIn(
            file,
            """
            package io.plumbline.store;

            import io.plumbline.drift.Drift;
            import static io.plumbline.policy.Waivers.DEFAULT_EXPIRY_WARNING;

            // io.plumbline.collect.Secret in a comment does not count
            class Example {
              String text = "io.plumbline.collect.Secret";
              io.plumbline.collect.Secret secret;
            }
            """);
    assertThat(found)
        .extracting(Dependency::toString)
        .containsExactly(
            file + " imports io.plumbline.drift.Drift",
            file + " imports io.plumbline.policy.Waivers.DEFAULT_EXPIRY_WARNING",
            file + " imports io.plumbline.collect.Secret");
  }

  private static List<Dependency> dependencies() throws IOException {
    List<Dependency> dependencies = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        dependencies.addAll(dependenciesIn(file, Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    return dependencies;
  }

  private static List<Dependency> dependenciesIn(Path file, String source) {
    List<Dependency> found = new ArrayList<>();
    Matcher imports = IMPORT.matcher(source);
    while (imports.find()) {
      found.add(new Dependency(file, imports.group(1)));
    }
    String code =
        COMMENTS_AND_STRINGS.matcher(IMPORT.matcher(source).replaceAll("")).replaceAll("");
    code = code.replaceFirst("(?m)^package\\s+[\\w.]+\\s*;", "");
    Matcher qualified = QUALIFIED.matcher(code);
    while (qualified.find()) {
      String name = "io.plumbline." + qualified.group(1) + qualified.group(2);
      found.add(
          new Dependency(file, name.endsWith(".") ? name.substring(0, name.length() - 1) : name));
    }
    return found;
  }

  private static String packageOf(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace('/', '.');
  }

  private static String topLevelOf(String name) {
    String rest = name.substring("io.plumbline.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
