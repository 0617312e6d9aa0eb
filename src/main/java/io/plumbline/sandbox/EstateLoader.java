package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.plumbline.document.LocatedDocument;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads estate documents: parses YAML or JSON, validates against {@code estate.schema.json} and
 * {@link EstateIntegrity}, and applies the drift entries not yet applied. Every problem is reported
 * with the file, line and column a person has to fix.
 */
public final class EstateLoader {

  static final String DEFAULT_ESTATE = "sandbox/default-estate.yaml";
  private static final String SCHEMA = "sandbox/estate.schema.json";

  private static final JsonSchema SCHEMA_VALIDATOR = loadSchema();

  private EstateLoader() {}

  /** Thrown for an estate that cannot be served; the message lists the problems with lines. */
  public static final class InvalidEstateException extends PlumblineException {
    private final List<String> problems;

    /**
     * @param what what is wrong ("invalid estate"), without the file: each problem starts with its
     *     file and line
     */
    InvalidEstateException(String what, List<String> problems) {
      super(io.plumbline.error.ErrorKind.USER_ERROR, Problems.message(what, problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static Estate load(Path file) {
    String text = TextFiles.read(file, "estate file");
    return parse(file.toString(), text);
  }

  public static Estate loadDefault() {
    try (InputStream in = EstateLoader.class.getClassLoader().getResourceAsStream(DEFAULT_ESTATE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_ESTATE + " is missing from the classpath");
      }
      return parse(DEFAULT_ESTATE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and validates estate text; JSON when it starts with '{', YAML otherwise. */
  public static Estate parse(String source, String text) {
    LocatedDocument document;
    try {
      document =
          text.stripLeading().startsWith("{")
              ? LocatedDocument.parseJson(source, text)
              : LocatedDocument.parseYaml(source, text);
    } catch (LocatedDocument.SyntaxException e) {
      throw new InvalidEstateException("invalid estate", List.of(e.getMessage()));
    }
    if (document.root().isNull()) {
      throw new InvalidEstateException(
          "invalid estate",
          List.of(source + ": the file is empty (expected an estate: account, workspaces, ...)"));
    }
    return validateAndApplyDrift(document.root(), source, document::where);
  }

  /**
   * Validates an estate document that has no source text (a patched estate); problems name the JSON
   * Pointer instead of a line.
   */
  public static Estate fromDocument(JsonNode document, String source) {
    return validateAndApplyDrift(
        document, source, pointer -> source + " at " + pointerOrRoot(pointer));
  }

  private static Estate validateAndApplyDrift(
      JsonNode document, String source, Function<String, String> where) {
    throwIfInvalid(document, source, where);
    JsonNode live = applyPendingDrift(document, source, where);
    if (live != document) {
      // the drift patches themselves could break references; report them against the entry
      throwIfInvalid(live, source + " (after applying drift)", pointer -> where.apply("/drift"));
    }
    return new Estate(live);
  }

  private static void throwIfInvalid(
      JsonNode document, String source, Function<String, String> where) {
    List<EstateProblem> problems = new ArrayList<>(schemaProblems(document));
    if (problems.isEmpty()) {
      problems.addAll(EstateIntegrity.check(document));
    }
    if (problems.isEmpty()) {
      return;
    }
    List<String> lines =
        problems.stream()
            .sorted(Comparator.comparing(EstateProblem::pointer))
            .map(
                problem ->
                    where.apply(problem.pointer())
                        + ": "
                        + pointerOrRoot(problem.pointer())
                        + ": "
                        + problem.message())
            .distinct()
            .toList();
    throw new InvalidEstateException("invalid estate", lines);
  }

  private static List<EstateProblem> schemaProblems(JsonNode document) {
    Map<String, Set<String>> unknownEnumValues = unknownEnumValues(document);
    List<EstateProblem> problems = new ArrayList<>();
    for (ValidationMessage message : SCHEMA_VALIDATOR.validate(document)) {
      String pointer = message.getInstanceLocation().toString();
      if (isDeclaredUnknownValue(message, pointer, unknownEnumValues)) {
        continue;
      }
      String text = message.getMessage();
      String prefix = pointer + ": ";
      if (text.startsWith(prefix)) {
        text = text.substring(prefix.length());
      }
      problems.add(new EstateProblem(pointer, text));
    }
    return problems;
  }

  /** {@code api_quirks.unknown_enum_values}: field name -> the values declared for it. */
  private static Map<String, Set<String>> unknownEnumValues(JsonNode document) {
    Map<String, Set<String>> declared = new HashMap<>();
    document
        .path("api_quirks")
        .path("unknown_enum_values")
        .properties()
        .forEach(
            entry -> {
              Set<String> values = new HashSet<>();
              entry.getValue().forEach(value -> values.add(value.asText()));
              declared.put(entry.getKey(), values);
            });
    return declared;
  }

  /**
   * Whether a problem is only that an enum-valued field holds a value the estate declares under
   * {@code api_quirks.unknown_enum_values} for that field (named by the last member name of the
   * pointer, so that list elements count under their list).
   */
  private static boolean isDeclaredUnknownValue(
      ValidationMessage message, String pointer, Map<String, Set<String>> unknownEnumValues) {
    if (!"enum".equals(message.getType()) && !"const".equals(message.getType())) {
      return false;
    }
    JsonNode value = message.getInstanceNode();
    if (value == null || !value.isTextual()) {
      return false;
    }
    String field = null;
    for (String token : pointer.split("/")) {
      if (!token.isEmpty() && !token.chars().allMatch(Character::isDigit)) {
        field = token.replace("~1", "/").replace("~0", "~");
      }
    }
    return field != null
        && unknownEnumValues.getOrDefault(field, Set.of()).contains(value.asText());
  }

  private static JsonNode applyPendingDrift(
      JsonNode document, String source, Function<String, String> where) {
    JsonNode drift = document.path("drift");
    if (!drift.isArray() || drift.isEmpty()) {
      return document;
    }
    JsonNode live = document;
    for (int index = 0; index < drift.size(); index++) {
      JsonNode entry = drift.get(index);
      if (entry.path("applied").asBoolean(false)) {
        continue;
      }
      try {
        live = JsonPatch.apply(live, entry.path("patch"));
      } catch (JsonPatch.PatchException e) {
        String pointer = "/drift/" + index + "/patch";
        throw new InvalidEstateException(
            "invalid estate " + source + ": drift \"" + entry.path("id").asText() + "\"",
            List.of(where.apply(pointer) + ": " + pointer + ": " + e.getMessage()));
      }
      ArrayNode liveDrift = (ArrayNode) live.path("drift");
      ((ObjectNode) liveDrift.get(index)).put("applied", true);
    }
    return live;
  }

  private static String pointerOrRoot(String pointer) {
    return pointer.isEmpty() ? "(document root)" : pointer;
  }

  private static JsonSchema loadSchema() {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    try (InputStream in = EstateLoader.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing from the classpath");
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
