package io.plumbline.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  private final String source;
  private final JsonNode root;
  private final Map<String, JsonLocation> locations;

  private LocatedDocument(String source, JsonNode root, Map<String, JsonLocation> locations) {
    this.source = source;
    this.root = root;
    this.locations = locations;
  }

  /** Thrown when the text is not well-formed YAML/JSON; the message names source and line. */
  public static final class SyntaxException extends RuntimeException {
    public SyntaxException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static LocatedDocument parseYaml(String source, String text) {
    return parse(source, text, YAML);
  }

  public static LocatedDocument parseJson(String source, String text) {
    return parse(source, text, JSON);
  }

  private static LocatedDocument parse(String source, String text, JsonFactory factory) {
    Map<String, JsonLocation> locations = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new LocatedDocument(source, NODES.nullNode(), locations);
      }
      JsonNode root = read(parser, "", locations);
      if (parser.nextToken() != null) {
        throw new SyntaxException(
            source + ":" + parser.currentTokenLocation().getLineNr() + ": more than one document",
            null);
      }
      return new LocatedDocument(source, root, locations);
    } catch (IOException e) {
      throw new SyntaxException(source + ": " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
        && processing.getLocation() != null) {
      JsonLocation location = processing.getLocation();
      return "line "
          + location.getLineNr()
          + ", column "
          + location.getColumnNr()
          + ": "
          + processing.getOriginalMessage().lines().findFirst().orElse("not well-formed");
    }
    return e.getMessage();
  }

  private static JsonNode read(JsonParser parser, String pointer, Map<String, JsonLocation> out)
      throws IOException {
    out.put(pointer, parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        {
          ObjectNode object = NODES.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = pointer + "/" + escape(name);
            JsonLocation keyLocation = parser.currentTokenLocation();
            if (object.has(name)) {
              throw new IOException(
                  "line " + keyLocation.getLineNr() + ": duplicate key \"" + name + "\"");
            }
            parser.nextToken();
            object.set(name, read(parser, child, out));
          }
          return object;
        }
      case START_ARRAY:
        {
          ArrayNode array = NODES.arrayNode();
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(read(parser, pointer + "/" + index, out));
            index++;
          }
          return array;
        }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        // the same node types ObjectMapper.readTree makes, so that equality holds across both
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected token " + token);
    }
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
