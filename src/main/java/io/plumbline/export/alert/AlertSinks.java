package io.plumbline.export.alert;

import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the sinks {@link AlertConfig} names, each by the implementation its type selects, from the
 * sink's own configuration subtree.
 */
public final class AlertSinks {

  /** Makes one kind of sink from its configuration. */
  @FunctionalInterface
  public interface Factory {
    AlertSink create(Context context);
  }

  /**
   * What a factory gets: the sink's name, its own configuration ({@code
   * plumbline.alert.sinks.<name>}, with {@code prefix} to name its keys in errors), the environment
   * for secrets, and the HTTP poster the HTTP sinks share (built from {@code
   * plumbline.alert.timeout} and {@code retry}).
   */
  public record Context(
      String name,
      String prefix,
      AlertConfig.Sink config,
      Function<String, String> environment,
      JsonPoster poster) {

    /** The receiver's URL from exactly one of url, url-env and url-file, for HTTP sinks. */
    public SinkUrl url() {
      return AlertSinks.url(prefix, config, environment);
    }
  }

  /** The sink types plumbline has, by the name {@code type} selects them by. */
  public static final Map<String, Factory> BUILT_IN =
      Map.of(
          "alertmanager",
              context -> new AlertmanagerSink(context.name(), context.url(), context.poster()),
          "webhook", context -> new WebhookSink(context.name(), context.url(), context.poster()),
          "slack", context -> new SlackSink(context.name(), context.url(), context.poster()));

  private static final Map<String, Factory> TYPES = new TreeMap<>(BUILT_IN);

  private AlertSinks() {}

  /** The sink types, by the name {@code plumbline.alert.sinks.<name>.type} gives. */
  public static List<String> types() {
    return List.copyOf(TYPES.keySet());
  }

  public static AlertSettings settings(AlertConfig config) {
    try {
      return new AlertSettings(
          config.renotifyInterval(),
          config.resolveTimeout(),
          config.runbookBaseUrl(),
          config.generatorUrl());
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError(e.getMessage());
    }
  }

  /** The enabled sinks with their severity thresholds, sharing one HTTP client. */
  public static List<SinkRoute> routes(AlertConfig config, Function<String, String> environment) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return routes(config, environment, client);
  }

  public static List<SinkRoute> routes(
      AlertConfig config, Function<String, String> environment, HttpClient client) {
    return routes(config, environment, client, TYPES);
  }

  /** The enabled sinks, each made by the factory of {@code types} its type names. */
  public static List<SinkRoute> routes(
      AlertConfig config,
      Function<String, String> environment,
      HttpClient client,
      Map<String, Factory> types) {
    JsonPoster poster;
    try {
      poster =
          new JsonPoster(
              client, config.timeout(), config.retry().maxAttempts(), config.retry().backoff());
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError("plumbline.alert: " + e.getMessage());
    }
    Severity defaultSeverity = severity("plumbline.alert.min-severity", config.minSeverity());
    List<SinkRoute> routes = new ArrayList<>();
    for (Map.Entry<String, AlertConfig.Sink> entry : new TreeMap<>(config.sinks()).entrySet()) {
      String name = entry.getKey();
      AlertConfig.Sink sink = entry.getValue();
      String prefix = "plumbline.alert.sinks." + name + ".";
      Factory factory = types.get(sink.type().strip());
      if (factory == null) {
        throw PlumblineException.userError(
            prefix
                + "type: unknown sink type \""
                + sink.type()
                + "\": expected one of "
                + String.join(", ", new TreeMap<>(types).keySet()));
      }
      Severity threshold =
          sink.minSeverity()
              .map(text -> severity(prefix + "min-severity", text))
              .orElse(defaultSeverity);
      if (!sink.enabled()) {
        continue;
      }
      routes.add(
          new SinkRoute(
              factory.create(new Context(name, prefix, sink, environment, poster)), threshold));
    }
    return routes;
  }

  private static Severity severity(String key, String text) {
    try {
      return Severity.parse(text);
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError(key + ": " + e.getMessage());
    }
  }

  private static SinkUrl url(
      String prefix, AlertConfig.Sink sink, Function<String, String> environment) {
    int sources =
        (sink.url().isPresent() ? 1 : 0)
            + (sink.urlEnv().isPresent() ? 1 : 0)
            + (sink.urlFile().isPresent() ? 1 : 0);
    if (sources != 1) {
      throw PlumblineException.userError(
          prefix + "url: set exactly one of url, url-env and url-file, got " + sources);
    }
    if (sink.url().isPresent()) {
      return checked(prefix + "url", sink.url().get());
    }
    String source;
    String text;
    if (sink.urlEnv().isPresent()) {
      source = prefix + "url-env";
      text = environment.apply(sink.urlEnv().get());
      if (text == null || text.isBlank()) {
        throw PlumblineException.userError(
            source + ": environment variable " + sink.urlEnv().get() + " is not set");
      }
    } else {
      Path file = sink.urlFile().get();
      source = prefix + "url-file";
      // a webhook URL often carries its token: read it as a secret
      text = TextFiles.readSecret(file, source);
      if (text.isBlank()) {
        throw PlumblineException.userError(source + " " + file + " is empty");
      }
    }
    try {
      return checked(source, URI.create(text.strip()));
    } catch (IllegalArgumentException e) {
      // the exception quotes the URL, which is a secret here
      throw PlumblineException.userError(source + ": the URL it holds is not a valid URI");
    }
  }

  private static SinkUrl checked(String source, URI uri) {
    try {
      return SinkUrl.of(uri);
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError(source + ": " + e.getMessage());
    }
  }
}
