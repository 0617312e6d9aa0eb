package io.plumbline.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML or JSON document into a tree, strictly: a duplicate key, a second document, a YAML
 * alias (which Jackson would read as the alias's name), a number too large for a double, and the
 * parser's own limits (nesting, number and string length) are errors naming source, line and
 * column. Optionally records where each node starts.
 */
final class TreeReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Jackson names the Java method behind a limit: "(1000, from `StreamReadConstraints...`)". */
  private static final Pattern FROM_METHOD = Pattern.compile(",\\s*from `[^`]*`");

  /**
   * And a location inside a message as "[Source: REDACTED (`StreamReadFeature...`); line: 3...]".
   */
  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]");

  private final String source;
  private final JsonParser parser;
  private final Map<String, JsonLocation> locations;

  /**
   * @param locations where to record each node's location by JSON Pointer; null to record none
   *     (large documents)
   */
  private TreeReader(String source, JsonParser parser, Map<String, JsonLocation> locations) {
    this.source = source;
    this.parser = parser;
    this.locations = locations;
  }

  /**
   * The document's root, or a {@link MissingNode} when the text holds no document at all (empty, or
   * only comments).
   *
   * @throws LocatedDocument.SyntaxException naming source, line and column
   * @throws IOException when the text cannot be read (a stream that breaks off)
   */
  static JsonNode read(String source, JsonParser parser, Map<String, JsonLocation> locations)
      throws IOException {
    TreeReader reader = new TreeReader(source, parser, locations);
    try {
      if (parser.nextToken() == null) {
        return MissingNode.getInstance();
      }
      JsonNode root = reader.node(locations == null ? null : "");
      if (parser.nextToken() != null) {
        throw reader.problem(
            parser.currentTokenLocation(), "a second document, expected only one", null);
      }
      return root;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        // SnakeYAML knows where the problem is better than Jackson's location does
        Mark mark = yaml.getProblemMark();
        throw reader.problem(
            mark.getLine() + 1,
            mark.getColumn() + 1,
            yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")"),
            e);
      }
      throw reader.problem(location(e, parser), message(e), e);
    }
  }

  private JsonNode node(String pointer) throws IOException {
    JsonLocation start = parser.currentTokenLocation();
    if (pointer != null) {
      locations.put(pointer, start);
    }
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        {
          ObjectNode object = NODES.objectNode();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonLocation keyLocation = parser.currentTokenLocation();
            if (object.has(name)) {
              throw problem(keyLocation, "duplicate key \"" + name + "\"", null);
            }
            parser.nextToken();
            object.set(
                name, node(pointer == null ? null : pointer + "/" + LocatedDocument.escape(name)));
          }
          return object;
        }
      case START_ARRAY:
        {
          ArrayNode array = NODES.arrayNode();
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(node(pointer == null ? null : pointer + "/" + index));
            index++;
          }
          return array;
        }
      case VALUE_STRING:
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          throw problem(
              start,
              "YAML alias *"
                  + parser.getText()
                  + " is not supported (anchors and aliases are not expanded; write the value"
                  + " out)",
              null);
        }
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
        double value = parser.getDoubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw problem(
              start,
              "number "
                  + abbreviate(parser.getText())
                  + " is out of range (expected a finite number)",
              null);
        }
        return NODES.numberNode(value);
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw problem(start, "unexpected " + token, null);
    }
  }

  private LocatedDocument.SyntaxException problem(
      JsonLocation location, String what, Throwable cause) {
    return location == null
        ? problem(0, 0, what, cause)
        : problem(location.getLineNr(), location.getColumnNr(), what, cause);
  }

  private LocatedDocument.SyntaxException problem(
      int line, int column, String what, Throwable cause) {
    String where = line < 1 ? source : source + ":" + line + ":" + Math.max(1, column);
    return new LocatedDocument.SyntaxException(where + ": " + what, cause);
  }

  private static JsonLocation location(IOException e, JsonParser parser) {
    if (e instanceof JsonProcessingException processing && processing.getLocation() != null) {
      return processing.getLocation();
    }
    return parser.currentLocation();
  }

  /** The parser's message without its location, its Java names or its second line. */
  static String message(IOException e) {
    String text =
        e instanceof JsonProcessingException processing
            ? processing.getOriginalMessage()
            : e.getMessage();
    String first = text == null ? "" : text.lines().findFirst().orElse("").strip();
    first = FROM_METHOD.matcher(first).replaceAll("");
    first = SOURCE_LOCATION.matcher(first).replaceAll("line $1, column $2");
    return first.isEmpty() ? "not well-formed" : first;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
