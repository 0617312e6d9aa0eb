package io.plumbline.export.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The OCSF 1.2.0 schema as its source files define it ({@code ../shared/schemas/ocsf-1.2.0/}): an
 * event class resolved with its parents ({@code extends}) and includes ({@code $include}), objects
 * likewise, attribute types and arrays from the dictionary, enums from the class, the object or the
 * dictionary. {@link #validate} checks an event against a class: required attributes present, no
 * attribute the schema does not define, every value of its type (objects recursively), every enum
 * id one the schema lists, and the class and type uids derived as OCSF derives them.
 */
final class OcsfSchema {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> DERIVED = Set.of("category_uid", "class_uid", "type_uid");

  private final Path root;
  private final JsonNode dictionary;
  private final JsonNode categories;

  /** One attribute of a class or object after resolution. */
  record Attribute(String name, String requirement, JsonNode enumeration, String profile) {}

  OcsfSchema(Path root) {
    this.root = root;
    this.dictionary = read(root.resolve("dictionary.json"));
    this.categories = read(root.resolve("categories.json"));
  }

  static Path locate() {
    for (Path candidate :
        List.of(
            Path.of("../shared/schemas/ocsf-1.2.0"), Path.of("/work/shared/schemas/ocsf-1.2.0"))) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the OCSF 1.2.0 schema (../shared/schemas/ocsf-1.2.0) is missing");
  }

  /** The class file that defines {@code name}, e.g. {@code compliance_finding}. */
  JsonNode eventClass(String name) {
    try (Stream<Path> files = Files.walk(root.resolve("events"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
        JsonNode node = read(file);
        if (name.equals(node.path("name").asText())) {
          return node;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no OCSF event class " + name);
  }

  /** class_uid as OCSF derives it: category uid * 1000 + the class's uid. */
  long classUid(String name) {
    JsonNode event = eventClass(name);
    long category =
        categories.path("attributes").path(event.path("category").asText()).path("uid").asLong();
    return category * 1000 + event.path("uid").asLong();
  }

  Map<String, Attribute> classAttributes(String name) {
    return resolve(eventClass(name), "events");
  }

  Map<String, Attribute> objectAttributes(String name) {
    Path file = root.resolve("objects").resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no OCSF object " + name);
    }
    return resolve(read(file), "objects");
  }

  private Map<String, Attribute> resolve(JsonNode definition, String kind) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    String parent = definition.path("extends").asText("");
    if (!parent.isEmpty()) {
      JsonNode parentNode =
          kind.equals("events")
              ? parentEvent(parent)
              : read(root.resolve("objects").resolve(parent + ".json"));
      attributes.putAll(resolve(parentNode, kind));
    }
    merge(attributes, definition.path("attributes"), null);
    return attributes;
  }

  private JsonNode parentEvent(String name) {
    if (name.equals("base_event")) {
      return read(root.resolve("events/base_event.json"));
    }
    return eventClass(name);
  }

  private void merge(Map<String, Attribute> into, JsonNode attributes, String profile) {
    for (JsonNode include : attributes.path("$include")) {
      Path file = root.resolve(include.asText());
      JsonNode included = read(file);
      String includedProfile =
          include.asText().startsWith("profiles/") ? included.path("name").asText() : profile;
      merge(into, included.path("attributes"), includedProfile);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("$include")) {
        continue;
      }
      Attribute earlier = into.get(field.getKey());
      JsonNode value = field.getValue();
      String requirement =
          value.path("requirement").asText(earlier == null ? "optional" : earlier.requirement());
      JsonNode enumeration =
          value.has("enum") ? value.get("enum") : earlier == null ? null : earlier.enumeration();
      String from = earlier != null && earlier.profile() == null ? null : profile;
      into.put(field.getKey(), new Attribute(field.getKey(), requirement, enumeration, from));
    }
  }

  /** Every problem of {@code event} against the class {@code name}; empty when valid. */
  List<String> validate(JsonNode event, String name) {
    List<String> problems = new ArrayList<>();
    Set<String> profiles = new TreeSet<>();
    event.path("metadata").path("profiles").forEach(profile -> profiles.add(profile.asText()));
    checkObject(event, classAttributes(name), "", profiles, problems);
    JsonNode eventClass = eventClass(name);
    long category =
        categories
            .path("attributes")
            .path(eventClass.path("category").asText())
            .path("uid")
            .asLong();
    if (event.path("category_uid").asLong() != category) {
      problems.add("category_uid: expected " + category);
    }
    long classUid = classUid(name);
    if (event.path("class_uid").asLong() != classUid) {
      problems.add("class_uid: expected " + classUid);
    }
    if (event.path("type_uid").asLong() != classUid * 100 + event.path("activity_id").asLong()) {
      problems.add("type_uid: expected class_uid * 100 + activity_id");
    }
    return problems;
  }

  private void checkObject(
      JsonNode node,
      Map<String, Attribute> attributes,
      String path,
      Set<String> profiles,
      List<String> problems) {
    for (Attribute attribute : attributes.values()) {
      boolean active = attribute.profile() == null || profiles.contains(attribute.profile());
      if (active && attribute.requirement().equals("required") && !node.has(attribute.name())) {
        problems.add(path + attribute.name() + ": required");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      Attribute attribute = attributes.get(field.getKey());
      if (attribute == null) {
        problems.add(path + field.getKey() + ": not an attribute of this class or object");
        continue;
      }
      checkValue(field.getValue(), attribute, path + field.getKey(), profiles, problems);
    }
  }

  private void checkValue(
      JsonNode value,
      Attribute attribute,
      String path,
      Set<String> profiles,
      List<String> problems) {
    JsonNode definition = dictionary.path("attributes").path(attribute.name());
    if (definition.isMissingNode()) {
      problems.add(path + ": not in the dictionary");
      return;
    }
    String type = definition.path("type").asText();
    if (definition.path("is_array").asBoolean(false)) {
      if (!value.isArray()) {
        problems.add(path + ": expected an array");
        return;
      }
      for (int index = 0; index < value.size(); index++) {
        checkOne(
            value.get(index),
            type,
            attribute,
            definition,
            path + "[" + index + "]",
            profiles,
            problems);
      }
    } else {
      checkOne(value, type, attribute, definition, path, profiles, problems);
    }
  }

  private void checkOne(
      JsonNode value,
      String type,
      Attribute attribute,
      JsonNode definition,
      String path,
      Set<String> profiles,
      List<String> problems) {
    if (type.equals("object") || type.equals("object_t")) {
      if (!value.isObject()) {
        problems.add(path + ": expected an object");
      }
      return;
    }
    if (!type.endsWith("_t")) {
      if (!value.isObject()) {
        problems.add(path + ": expected a " + type + " object");
        return;
      }
      checkObject(value, objectAttributes(type), path + ".", profiles, problems);
      return;
    }
    String base = baseType(type);
    boolean ok =
        switch (base) {
          case "string_t" -> value.isTextual();
          case "integer_t", "long_t" -> value.isIntegralNumber();
          case "float_t" -> value.isNumber();
          case "boolean_t" -> value.isBoolean();
          case "json_t" -> true;
          default -> false;
        };
    if (!ok) {
      problems.add(path + ": expected " + type + " (" + base + "), got " + value.getNodeType());
      return;
    }
    // the uids of the class itself are enumerated when OCSF compiles its schema (category from
    // categories.json, class and type derived from it); validate() checks them as derived
    boolean derived = DERIVED.contains(attribute.name()) && path.equals(attribute.name());
    JsonNode enumeration =
        attribute.enumeration() != null ? attribute.enumeration() : definition.get("enum");
    if (!derived && enumeration != null && !enumeration.has(value.asText())) {
      problems.add(
          path + ": " + value.asText() + " is not one of its enum ids " + names(enumeration));
    }
  }

  private String baseType(String type) {
    String current = type;
    for (int depth = 0; depth < 5; depth++) {
      JsonNode definition = dictionary.path("types").path("attributes").path(current);
      String next = definition.path("type").asText("");
      if (next.isEmpty() || next.equals(current)) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static List<String> names(JsonNode enumeration) {
    List<String> names = new ArrayList<>();
    enumeration.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A copy with one attribute removed or replaced, for the tests that the check can fail. */
  static ObjectNode copy(JsonNode event) {
    return event.deepCopy();
  }
}
