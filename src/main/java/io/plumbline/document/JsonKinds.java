package io.plumbline.document;

import com.fasterxml.jackson.databind.JsonNode;

/** Names what a JSON value is, for errors that say what was found instead of what was expected. */
public final class JsonKinds {

  private static final int LONGEST_SHOWN = 40;

  private JsonKinds() {}

  /** "an array", "an object", "a string (\"none\")", "a number (4.9)", "true", "null". */
  public static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isTextual()) {
      return "a string (\"" + abbreviate(value.asText()) + "\")";
    }
    if (value.isNumber()) {
      return "a number (" + abbreviate(value.asText()) + ")";
    }
    return value.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= LONGEST_SHOWN ? text : text.substring(0, LONGEST_SHOWN - 3) + "...";
  }
}
