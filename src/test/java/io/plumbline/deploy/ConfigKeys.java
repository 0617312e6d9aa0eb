package io.plumbline.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.api.ApiConfig;
import io.plumbline.collect.CollectConfig;
import io.plumbline.export.alert.AlertConfig;
import io.plumbline.scheduler.ScheduleConfig;
import io.plumbline.serve.ServeConfig;
import io.plumbline.store.StoreConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.management.ManagementConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration keys the application reads, derived from its {@code @ConfigMapping} interfaces
 * (plumbline's own, and Quarkus' HTTP and management interfaces, the only Quarkus keys the
 * deployment sets), so that a key the manifests or the image set and nothing reads is caught.
 */
final class ConfigKeys {

  private static final List<Class<?>> MAPPINGS =
      List.of(
          ApiConfig.class,
          AlertConfig.class,
          CollectConfig.class,
          ScheduleConfig.class,
          ServeConfig.class,
          StoreConfig.class,
          VertxHttpConfig.class,
          ManagementConfig.class);

  /** A map's key in a property name: one segment, or a quoted one. */
  private static final String MAP_KEY = "(?:[^.\"]+|\"[^\"]+\")";

  /** Stands for a map's key among the segments of a name. */
  private static final String ANY = "*";

  private final List<Pattern> keys;
  private final List<Pattern> environmentVariables;

  private ConfigKeys(List<Pattern> keys, List<Pattern> environmentVariables) {
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
    this.environmentVariables =
        List.copyOf(requireNonNull(environmentVariables, "environmentVariables is null"));
  }

  static ConfigKeys load() {
    List<List<String>> names = new ArrayList<>();
    for (Class<?> mapping : MAPPINGS) {
      ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
      requireNonNull(annotation, mapping + " is not a @ConfigMapping");
      collect(mapping, List.of(annotation.prefix().split("\\.")), names);
    }
    List<Pattern> keys = new ArrayList<>();
    List<Pattern> environmentVariables = new ArrayList<>();
    for (List<String> segments : names) {
      keys.add(Pattern.compile(join(segments, "\\.", Pattern::quote, MAP_KEY)));
      // SmallRye's names for environment variables: upper case, every other character a '_'
      environmentVariables.add(
          Pattern.compile(
              join(
                  segments,
                  "_",
                  segment -> segment.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                  "[A-Z0-9_]+")));
    }
    return new ConfigKeys(keys, environmentVariables);
  }

  private static String join(
      List<String> segments, String separator, UnaryOperator<String> literal, String mapKey) {
    return segments.stream()
        .map(segment -> segment.equals(ANY) ? mapKey : literal.apply(segment))
        .collect(Collectors.joining(separator));
  }

  boolean isKey(String key) {
    return keys.stream().anyMatch(pattern -> pattern.matcher(key).matches());
  }

  boolean isEnvironmentVariable(String name) {
    return environmentVariables.stream().anyMatch(pattern -> pattern.matcher(name).matches());
  }

  /** The property names of a YAML configuration document, lists being values. */
  static Map<String, JsonNode> flatten(JsonNode document) {
    Map<String, JsonNode> keys = new TreeMap<>();
    flatten("", document, keys);
    return keys;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> keys) {
    if (!node.isObject()) {
      keys.put(prefix, node);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey().contains(".") ? '"' + field.getKey() + '"' : field.getKey();
      flatten(prefix.isEmpty() ? name : prefix + "." + name, field.getValue(), keys);
    }
  }

  private static void collect(Class<?> group, List<String> prefix, List<List<String>> names) {
    for (Method method : group.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() != 0
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      List<String> name = new ArrayList<>(prefix);
      if (method.isAnnotationPresent(WithName.class)) {
        name.addAll(List.of(method.getAnnotation(WithName.class).value().split("\\.")));
      } else if (!method.isAnnotationPresent(WithParentName.class)) {
        name.add(kebab(method.getName()));
      }
      property(method.getGenericReturnType(), name, names);
    }
  }

  private static void property(Type type, List<String> name, List<List<String>> names) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == Optional.class) {
        property(arguments[0], name, names);
      } else if (Map.class.isAssignableFrom(raw)) {
        List<String> entry = new ArrayList<>(name);
        entry.add(ANY);
        property(arguments[1], entry, names);
      } else {
        names.add(List.copyOf(name)); // a list or a set, one value
      }
    } else if (type instanceof Class<?> group && isGroup(group)) {
      collect(group, name, names);
    } else {
      names.add(List.copyOf(name));
    }
  }

  private static boolean isGroup(Class<?> type) {
    return type.isInterface() && !type.getName().startsWith("java.");
  }

  private static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
