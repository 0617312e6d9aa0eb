package io.plumbline.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads large JSON documents (Terraform state, snapshots) as strictly as {@link LocatedDocument}
 * but without recording where each node is: a problem names source, line and column.
 */
public final class JsonTrees {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonTrees() {}

  /**
   * The JSON object in {@code in}; {@code expected} names it in errors ("a Terraform state").
   *
   * @throws LocatedDocument.SyntaxException when the text is not one JSON object
   * @throws IOException when {@code in} cannot be read
   */
  public static JsonNode readObject(String source, InputStream in, String expected)
      throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      return object(source, TreeReader.read(source, parser, null), expected);
    }
  }

  /** As {@link #readObject(String, InputStream, String)}, from text. */
  public static JsonNode readObject(String source, String text, String expected) {
    try (JsonParser parser = JSON.createParser(text)) {
      return object(source, TreeReader.read(source, parser, null), expected);
    } catch (IOException e) {
      throw new LocatedDocument.SyntaxException(source + ": " + TreeReader.message(e), e);
    }
  }

  private static JsonNode object(String source, JsonNode root, String expected) {
    if (root.isMissingNode()) {
      throw new LocatedDocument.SyntaxException(
          source + ": the file is empty, expected " + expected + " (a JSON object)", null);
    }
    if (!root.isObject()) {
      throw new LocatedDocument.SyntaxException(
          source
              + ":1:1: "
              + "found "
              + JsonKinds.describe(root)
              + ", expected "
              + expected
              + " (a JSON object)",
          null);
    }
    return root;
  }
}
