package io.plumbline.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.plumbline.document.LocatedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON Schemas of policy files ({@code src/main/resources/schemas/}), and checking a document
 * against one with problems named by file, line, field and what was expected.
 */
public enum PolicySchemas {
  BASELINE("schemas/baseline.schema.json", "baseline", "tiers, workspaces, account or aws"),
  WAIVER("schemas/waiver.schema.json", "waiver file", "a waivers list"),
  FRAMEWORK("schemas/framework.schema.json", "framework mapping", "framework and controls"),
  /** Not a policy file, but checked the same way: the {@code scan --config} file. */
  CONFIG("schemas/config.schema.json", "configuration file", "plumbline.collect");

  private final String resource;
  private final String noun;
  private final String contents;
  private volatile JsonSchema schema;

  PolicySchemas(String resource, String noun, String contents) {
    this.resource = resource;
    this.noun = noun;
    this.contents = contents;
  }

  public String noun() {
    return noun;
  }

  /** The problem of a file that holds no document at all (empty, or only comments). */
  public String emptyFile(String source) {
    return source + ": the file is empty (expected " + contents + ")";
  }

  /** Problems of a document with lines, sorted by line, one per line of text. */
  public List<String> problems(LocatedDocument document) {
    return problems(document.root(), pointer -> document.where(pointer));
  }

  /**
   * Problems of a document; {@code where} names the place of a JSON Pointer (file:line:column, or a
   * pointer when the document has no lines).
   */
  public List<String> problems(JsonNode document, Function<String, String> where) {
    record Problem(String pointer, String text) {}
    List<Problem> problems = new ArrayList<>();
    for (ValidationMessage message : schema().validate(document)) {
      String pointer = message.getInstanceLocation().toString();
      String text = message.getMessage();
      String prefix = pointer + ": ";
      if (text.startsWith(prefix)) {
        text = text.substring(prefix.length());
      }
      // an unknown or misspelt key is best shown on its own line
      if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
        pointer = pointer + "/" + LocatedDocument.escape(message.getProperty());
      }
      problems.add(new Problem(pointer, text));
    }
    problems.sort(Comparator.comparing(Problem::pointer));
    Set<String> lines = new LinkedHashSet<>();
    for (Problem problem : problems) {
      lines.add(
          where.apply(problem.pointer())
              + ": "
              + (problem.pointer().isEmpty() ? "(document root)" : problem.pointer())
              + ": "
              + problem.text());
    }
    return List.copyOf(lines);
  }

  private JsonSchema schema() {
    JsonSchema loaded = schema;
    if (loaded == null) {
      synchronized (this) {
        loaded = schema;
        if (loaded == null) {
          loaded = load(resource);
          schema = loaded;
        }
      }
    }
    return loaded;
  }

  private static JsonSchema load(String resource) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    try (InputStream in = PolicySchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
