package io.plumbline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.error.PlumblineException;

/**
 * A policy file (waivers, framework mappings) parsed with its lines, through the shared {@link
 * LocatedDocument}; a file that is not YAML is a user error naming file and line.
 */
final class LocatedYaml {

  private final LocatedDocument document;

  private LocatedYaml(LocatedDocument document) {
    this.document = document;
  }

  static LocatedYaml parse(String source, String text) {
    try {
      return new LocatedYaml(LocatedDocument.parseYaml(source, text));
    } catch (LocatedDocument.SyntaxException e) {
      // the message already starts with the file and line
      throw PlumblineException.userError(e.getMessage() + " (not valid YAML)");
    }
  }

  String source() {
    return document.source();
  }

  JsonNode root() {
    return document.root();
  }

  /** {@code source:line} of the node at {@code pointer}, or of its nearest ancestor. */
  String at(String pointer) {
    return document.source() + ":" + Math.max(1, document.line(pointer));
  }
}
