package io.plumbline.cli;

import io.plumbline.collect.CollectConfig;
import io.plumbline.store.StoreConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Runs a plumbline command in this process through the same picocli entry point and error mapping
 * as the jar ({@link Main#commandLine}), without booting Quarkus: milliseconds a run, for tests
 * that run a command hundreds of times.
 */
final class InProcessCli {

  /** What a run printed and returned. */
  record Outcome(int exitCode, String out, String err, Duration took) {
    String firstErrorLine() {
      return err.lines().findFirst().orElse("");
    }
  }

  private InProcessCli() {}

  static Outcome run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(new Factory());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    long started = System.nanoTime();
    int exitCode = commandLine.execute(arguments);
    return new Outcome(
        exitCode, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Makes commands as CDI would, giving an {@code @Inject} constructor the configuration Quarkus
   * would inject (its defaults) and nothing for a service, which no run of these tests reaches.
   */
  private static final class Factory implements CommandLine.IFactory {
    private static final SmallRyeConfig CONFIG =
        new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(CollectConfig.class)
            .withMapping(StoreConfig.class)
            .build();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getConstructors()) {
        if (constructor.isAnnotationPresent(Inject.class)) {
          Object[] arguments =
              Arrays.stream(constructor.getParameterTypes())
                  .map(
                      parameter ->
                          parameter == CollectConfig.class || parameter == StoreConfig.class
                              ? CONFIG.getConfigMapping(parameter)
                              : null)
                  .toArray();
          return type.cast(constructor.newInstance(arguments));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
