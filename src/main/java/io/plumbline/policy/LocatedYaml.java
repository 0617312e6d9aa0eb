package io.plumbline.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML policy file parsed into a tree with the line each node starts on (by JSON Pointer), so
 * that a problem found while checking it names the line a person has to fix.
 */
final class LocatedYaml {

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String source;
  private final JsonNode root;
  private final Map<String, Integer> lines;

  private LocatedYaml(String source, JsonNode root, Map<String, Integer> lines) {
    this.source = source;
    this.root = root;
    this.lines = lines;
  }

  /** Parses {@code text}; a syntax error or a duplicate key is a user error naming source:line. */
  static LocatedYaml parse(String source, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      if (parser.nextToken() == null) {
        return new LocatedYaml(source, NODES.nullNode(), lines);
      }
      JsonNode root = read(source, parser, "", lines);
      return new LocatedYaml(source, root, lines);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw PlumblineException.userError(
          source
              + ":"
              + line
              + ": not valid YAML: "
              + e.getOriginalMessage().lines().findFirst().orElse("syntax error"));
    } catch (IOException e) {
      throw PlumblineException.userError(source + ": cannot read: " + e.getMessage());
    }
  }

  private static JsonNode read(
      String source, JsonParser parser, String pointer, Map<String, Integer> lines)
      throws IOException {
    lines.put(pointer, parser.currentTokenLocation().getLineNr());
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        int keyLine = parser.currentTokenLocation().getLineNr();
        if (object.has(name)) {
          throw PlumblineException.userError(
              source + ":" + keyLine + ": duplicate key \"" + name + "\"");
        }
        parser.nextToken();
        String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
        object.set(name, read(source, parser, child, lines));
        lines.put(child, keyLine);
      }
      return object;
    }
    if (token == JsonToken.START_ARRAY) {
      ArrayNode array = NODES.arrayNode();
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(read(source, parser, pointer + "/" + index++, lines));
      }
      return array;
    }
    return switch (token) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      default -> NODES.nullNode();
    };
  }

  String source() {
    return source;
  }

  JsonNode root() {
    return root;
  }

  /** {@code source:line} of the node at {@code pointer}, or of its nearest ancestor. */
  String at(String pointer) {
    String current = pointer;
    while (!lines.containsKey(current) && !current.isEmpty()) {
      current = current.substring(0, current.lastIndexOf('/'));
    }
    return source + ":" + lines.getOrDefault(current, 1);
  }
}
