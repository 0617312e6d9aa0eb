package io.plumbline.cli;

import io.plumbline.baseline.PolicySchemas;
import io.plumbline.collect.CollectConfig;
import io.plumbline.document.LocatedDocument;
import io.plumbline.error.PlumblineException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Loads the collection configuration from a YAML file given with {@code --config}; environment
 * variables and system properties still override what it says. Without {@code --config}, commands
 * use the application's own configuration, injected.
 */
final class ConfigFiles {

  private ConfigFiles() {}

  static CollectConfig collectConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      throw PlumblineException.userError("config file not found: " + file);
    }
    checkAgainstSchema(file);
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
      throw PlumblineException.userError("invalid config file " + file + ": " + describe(e));
    } catch (RuntimeException e) {
      if (e.getClass().getName().contains("ConfigValidationException")) {
        throw PlumblineException.userError("invalid config file " + file + ": " + describe(e));
      }
      throw e;
    }
  }

  /** Names file, line and field of every problem, which the configuration mapping cannot. */
  private static void checkAgainstSchema(Path file) {
    LocatedDocument document;
    try {
      document = LocatedDocument.parseYaml(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read config file " + file + ": " + e.getMessage());
    } catch (LocatedDocument.SyntaxException e) {
      throw PlumblineException.userError("invalid config file: " + e.getMessage());
    }
    if (document.root().isNull()) {
      return;
    }
    List<String> problems = PolicySchemas.CONFIG.problems(document);
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(
          "invalid config file "
              + file
              + ": "
              + String.join(System.lineSeparator() + "  ", problems));
    }
  }

  private static String describe(RuntimeException e) {
    return String.valueOf(e.getMessage())
        .lines()
        .map(
            line ->
                line.replaceAll("SRCFG\\d+: ", "")
                    .replace("java.lang.IllegalArgumentException: ", "")
                    .strip())
        .filter(line -> !line.isEmpty() && !line.startsWith("Configuration validation failed"))
        .collect(Collectors.joining("; "));
  }
}
