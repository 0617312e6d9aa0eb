package io.plumbline.sandbox;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch. {@link #apply} works on a deep copy and either applies every operation or
 * throws, so a failed patch never leaves a half-changed document behind.
 */
public final class JsonPatch {

  private JsonPatch() {}

  /** Thrown for a malformed patch or an operation that cannot apply; says which and why. */
  public static final class PatchException extends RuntimeException {
    public PatchException(String message) {
      super(message);
    }
  }

  public static JsonNode apply(JsonNode document, JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      throw new PatchException("a JSON Patch must be an array of operations");
    }
    JsonNode result = document.deepCopy();
    for (int index = 0; index < patch.size(); index++) {
      JsonNode operation = patch.get(index);
      try {
        result = applyOne(result, operation);
      } catch (PatchException e) {
        throw new PatchException("operation " + index + " " + operation + ": " + e.getMessage());
      }
    }
    return result;
  }

  private static JsonNode applyOne(JsonNode document, JsonNode operation) {
    if (!operation.isObject()) {
      throw new PatchException("expected an object with \"op\" and \"path\"");
    }
    String op = requiredText(operation, "op");
    String path = requiredText(operation, "path");
    switch (op) {
      case "add":
        return add(document, path, requiredValue(operation).deepCopy());
      case "remove":
        return remove(document, path);
      case "replace":
        return add(remove(document, path), path, requiredValue(operation).deepCopy());
      case "move":
        {
          String from = requiredText(operation, "from");
          if (path.startsWith(from + "/")) {
            throw new PatchException("cannot move \"" + from + "\" into its own child");
          }
          JsonNode value = get(document, from);
          return add(remove(document, from), path, value);
        }
      case "copy":
        return add(document, path, get(document, requiredText(operation, "from")).deepCopy());
      case "test":
        {
          JsonNode actual = get(document, path);
          if (!actual.equals(requiredValue(operation))) {
            throw new PatchException("test failed: value at \"" + path + "\" is " + actual);
          }
          return document;
        }
      default:
        throw new PatchException(
            "unknown op \"" + op + "\" (expected add, remove, replace, move, copy or test)");
    }
  }

  private static JsonNode add(JsonNode document, String path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonPointer pointer = compile(path);
    JsonNode parent = document.at(pointer.head());
    String last = pointer.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value);
      } else {
        array.insert(arrayIndex(array, last, array.size()), value);
      }
    } else {
      throw new PatchException("parent of \"" + path + "\" does not exist");
    }
    return document;
  }

  private static JsonNode remove(JsonNode document, String path) {
    if (path.isEmpty()) {
      throw new PatchException("cannot remove the whole document");
    }
    JsonPointer pointer = compile(path);
    JsonNode parent = document.at(pointer.head());
    String last = pointer.last().getMatchingProperty();
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(arrayIndex(array, last, array.size() - 1));
    } else {
      throw new PatchException("no value at \"" + path + "\"");
    }
    return document;
  }

  private static JsonNode get(JsonNode document, String path) {
    JsonNode value = document.at(compile(path));
    if (value.isMissingNode()) {
      throw new PatchException("no value at \"" + path + "\"");
    }
    return value;
  }

  private static int arrayIndex(ArrayNode array, String token, int maximum) {
    if (!token.matches("0|[1-9][0-9]*")) {
      throw new PatchException("\"" + token + "\" is not an array index");
    }
    int index;
    try {
      index = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new PatchException("array index " + token + " is out of range");
    }
    if (index > maximum) {
      throw new PatchException(
          "array index " + index + " is out of range (array has " + array.size() + " items)");
    }
    return index;
  }

  private static JsonPointer compile(String path) {
    try {
      return JsonPointer.compile(path);
    } catch (IllegalArgumentException e) {
      throw new PatchException("\"" + path + "\" is not a JSON Pointer: " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode operation, String field) {
    JsonNode value = operation.get(field);
    if (value == null || !value.isTextual()) {
      throw new PatchException("\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static JsonNode requiredValue(JsonNode operation) {
    JsonNode value = operation.get("value");
    if (value == null) {
      throw new PatchException("\"value\" is required");
    }
    return value;
  }
}
