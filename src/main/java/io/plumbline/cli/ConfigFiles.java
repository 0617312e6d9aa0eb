package io.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.baseline.PolicySchemas;
import io.plumbline.collect.CollectConfig;
import io.plumbline.document.LocatedDocument;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the collection configuration from a YAML file given with {@code --config}; environment
 * variables and system properties still override what it says. Without {@code --config}, commands
 * use the application's own configuration, injected.
 */
final class ConfigFiles {

  /** SmallRye's messages name the property; these name the line too, and drop the jargon. */
  private static final Pattern CONVERSION =
      Pattern.compile(
          "The config property (\\S+) with the config value \"(.*)\" threw an Exception whilst"
              + " being converted (.*)");

  private static final Pattern REQUIRED =
      Pattern.compile(
          "The config property (\\S+) is required but it could not be found in any config source");

  private ConfigFiles() {}

  static CollectConfig collectConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      throw PlumblineException.userError("config file not found: " + file);
    }
    LocatedDocument document = checkAgainstSchema(file);
    try {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .addDefaultSources()
              .withSources(new YamlConfigSource(file.toUri().toURL(), 250))
              // the same duration syntax (30s, 500ms, 2m) as the application's own configuration
              .withConverter(Duration.class, 200, new DurationConverter())
              .withMapping(CollectConfig.class)
              .withValidateUnknown(true)
              .build();
      return config.getConfigMapping(CollectConfig.class);
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read config file " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException | NoSuchElementException e) {
      throw invalid(document, e);
    } catch (RuntimeException e) {
      if (e.getClass().getName().contains("ConfigValidationException")) {
        throw invalid(document, e);
      }
      throw e;
    }
  }

  /** Names file, line and field of every problem, which the configuration mapping cannot. */
  private static LocatedDocument checkAgainstSchema(Path file) {
    LocatedDocument document;
    try {
      document = LocatedDocument.parseYaml(file.toString(), TextFiles.read(file, "config file"));
    } catch (LocatedDocument.SyntaxException e) {
      throw PlumblineException.userError("invalid config file: " + e.getMessage());
    }
    if (document.root().isNull()) {
      return document;
    }
    List<String> problems = PolicySchemas.CONFIG.problems(document);
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(Problems.message("invalid config file", problems));
    }
    return document;
  }

  private static PlumblineException invalid(LocatedDocument document, RuntimeException e) {
    List<String> problems =
        String.valueOf(e.getMessage())
            .lines()
            .map(line -> line.replaceAll("SRCFG\\d+: ", "").strip())
            .filter(line -> !line.isEmpty() && !line.startsWith("Configuration validation failed"))
            .map(line -> problem(document, line))
            .distinct()
            .toList();
    return PlumblineException.userError(
        Problems.message(
            "invalid config file",
            problems.isEmpty() ? List.of(document.source() + ": not a configuration") : problems));
  }

  private static String problem(LocatedDocument document, String line) {
    Matcher conversion = CONVERSION.matcher(line);
    if (conversion.matches()) {
      return where(document, conversion.group(1))
          + ": "
          + conversion.group(1)
          + ": invalid value \""
          + conversion.group(2)
          + "\": "
          + conversion
              .group(3)
              .replace("java.lang.IllegalArgumentException: ", "")
              .replace("java.lang.NumberFormatException: ", "");
    }
    Matcher required = REQUIRED.matcher(line);
    if (required.matches()) {
      return where(document, required.group(1)) + ": " + required.group(1) + ": required";
    }
    return document.source() + ": " + line;
  }

  /**
   * file:line:column of a property ({@code plumbline.collect.accounts.main.host}): the deepest key
   * of the document its dotted name leads to (a map key may itself hold dots).
   */
  private static String where(LocatedDocument document, String property) {
    String[] segments = property.split("\\.");
    JsonNode node = document.root();
    StringBuilder pointer = new StringBuilder();
    int index = 0;
    while (index < segments.length && node.isObject()) {
      int end = index;
      String key = null;
      for (int last = segments.length - 1; last >= index; last--) {
        String candidate = String.join(".", Arrays.copyOfRange(segments, index, last + 1));
        if (node.has(candidate)) {
          key = candidate;
          end = last;
          break;
        }
      }
      if (key == null) {
        break;
      }
      pointer.append('/').append(LocatedDocument.escape(key));
      node = node.get(key);
      index = end + 1;
    }
    return document.where(pointer.toString());
  }
}
