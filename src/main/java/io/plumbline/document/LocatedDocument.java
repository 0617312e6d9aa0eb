package io.plumbline.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML or JSON document parsed into a tree together with the line and column where each node
 * starts, so that problems found later (by a schema, by cross-reference checks) can name the line a
 * person has to fix.
 */
public final class LocatedDocument {

  private static final JsonFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** SnakeYAML's limit (LoaderOptions.codePointLimit), checked first to say it plainly. */
  public static final int MAXIMUM_YAML_CODE_POINTS = 3 * 1024 * 1024;

  private final String source;
  private final JsonNode root;
  private final Map<String, JsonLocation> locations;

  private LocatedDocument(String source, JsonNode root, Map<String, JsonLocation> locations) {
    this.source = source;
    this.root = root;
    this.locations = locations;
  }

  /**
   * Thrown when the text is not well-formed YAML/JSON; the message starts with {@code
   * source:line:column}.
   */
  public static final class SyntaxException extends RuntimeException {
    public SyntaxException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Parses YAML; the message of any problem starts with {@code source:line:column}. Empty text (or
   * only comments) is a document whose root is null.
   */
  public static LocatedDocument parseYaml(String source, String text) {
    int length = text.length();
    if (length > MAXIMUM_YAML_CODE_POINTS
        && text.codePointCount(0, length) > MAXIMUM_YAML_CODE_POINTS) {
      throw new SyntaxException(
          source
              + ": "
              + text.codePointCount(0, length)
              + " characters, more than the "
              + MAXIMUM_YAML_CODE_POINTS
              + " a YAML document may have",
          null);
    }
    return parse(source, text, YAML);
  }

  /** Parses JSON, as {@link #parseYaml}. */
  public static LocatedDocument parseJson(String source, String text) {
    return parse(source, text, JSON);
  }

  private static LocatedDocument parse(String source, String text, JsonFactory factory) {
    Map<String, JsonLocation> locations = new HashMap<>();
    JsonNode root;
    try (JsonParser parser = factory.createParser(text)) {
      root = TreeReader.read(source, parser, locations);
    } catch (IOException e) {
      // only closing can get here: the text is in memory
      throw new SyntaxException(source + ": " + TreeReader.message(e), e);
    }
    return new LocatedDocument(source, root.isMissingNode() ? NODES.nullNode() : root, locations);
  }

  /** Escapes a key for use as one JSON Pointer segment (RFC 6901). */
  public static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  public String source() {
    return source;
  }

  public JsonNode root() {
    return root;
  }

  /**
   * The line the node at the pointer starts on, or its nearest ancestor's (0 when the document has
   * no location at all, e.g. it is empty).
   */
  public int line(String pointer) {
    String current = pointer;
    while (true) {
      JsonLocation location = locations.get(current);
      if (location != null) {
        return location.getLineNr();
      }
      if (current.isEmpty()) {
        return 0;
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "" : current.substring(0, slash);
    }
  }

  /**
   * "file:line:column" of the node at the pointer, or of its nearest ancestor present in the
   * document (a missing required field is reported where its parent starts).
   */
  public String where(String pointer) {
    String current = pointer;
    while (true) {
      JsonLocation location = locations.get(current);
      if (location != null) {
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr();
      }
      if (current.isEmpty()) {
        return source;
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "" : current.substring(0, slash);
    }
  }
}
