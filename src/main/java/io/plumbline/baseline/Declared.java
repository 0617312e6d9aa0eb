package io.plumbline.baseline;

import static io.plumbline.baseline.JsonValues.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.LocatedDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Declarations merged from baseline files (a tier and its ancestors, a workspace's entry, the
 * account sections of several files), remembering where each value was declared so that drift can
 * name the line to change, or the Terraform address a declaration was imported from.
 */
final class Declared {

  /**
   * Where a value was declared: {@code file:line}, or, in a document without lines, the source and
   * the JSON Pointer.
   */
  record Origin(String source, int line, String pointer) {
    @Override
    public String toString() {
      if (line > 0) {
        return source + ":" + line;
      }
      return pointer.isEmpty() ? source : source + " at " + pointer;
    }
  }

  /** The origin of the node at a JSON Pointer of one source document. */
  @FunctionalInterface
  interface Locator {
    Origin origin(String pointer);

    static Locator of(LocatedDocument document) {
      return pointer -> new Origin(document.source(), document.line(pointer), "");
    }

    /** A document with no line information (a fixture's inline baseline): names the pointer. */
    static Locator withoutLines(String source) {
      return pointer -> new Origin(source, 0, pointer.isEmpty() ? "/" : pointer);
    }
  }

  private static final String TERRAFORM = "terraform";

  private final ObjectNode root = NODES.objectNode();
  private final Map<String, Origin> origins = new HashMap<>();

  ObjectNode root() {
    return root;
  }

  JsonNode at(String pointer) {
    return pointer.isEmpty() ? root : root.at(pointer);
  }

  boolean isEmpty() {
    return root.isEmpty();
  }

  /**
   * Lays the object {@code source} (at {@code sourcePointer} in its document) over this tree:
   * objects merge field by field, anything else replaces. With {@code conflicts} non-null, a value
   * that replaces a different one is not applied but reported there (two files declaring the same
   * thing differently); with null, the later layer wins (a tier overriding its parent).
   */
  void overlay(JsonNode source, String sourcePointer, Locator locator, List<String> conflicts) {
    if (origins.isEmpty()) {
      origins.put("", locator.origin(sourcePointer));
    }
    merge(root, "", source, sourcePointer, locator, conflicts);
  }

  /** Lays another merged tree over this one, keeping the other tree's origins. */
  void overlay(Declared other) {
    overlay(other.root, "", other::origin, null);
  }

  private void merge(
      ObjectNode target,
      String targetPointer,
      JsonNode source,
      String sourcePointer,
      Locator locator,
      List<String> conflicts) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      String segment = "/" + LocatedDocument.escape(field.getKey());
      String targetChild = targetPointer + segment;
      String sourceChild = sourcePointer + segment;
      JsonNode existing = target.get(field.getKey());
      JsonNode value = field.getValue();
      if (existing != null && existing.isObject() && value.isObject()) {
        merge((ObjectNode) existing, targetChild, value, sourceChild, locator, conflicts);
        continue;
      }
      if (existing != null && conflicts != null && !JsonValues.equivalent(existing, value)) {
        conflicts.add(
            locator.origin(sourceChild)
                + ": "
                + targetChild
                + " is declared as "
                + JsonValues.text(value)
                + " here and as "
                + JsonValues.text(existing)
                + " at "
                + origin(targetChild));
        continue;
      }
      target.set(field.getKey(), value.deepCopy());
      record(targetChild, value, sourceChild, locator);
    }
  }

  private void record(String targetPointer, JsonNode value, String sourcePointer, Locator locator) {
    origins.put(targetPointer, locator.origin(sourcePointer));
    if (value.isObject()) {
      value
          .properties()
          .forEach(
              field -> {
                String segment = "/" + LocatedDocument.escape(field.getKey());
                record(targetPointer + segment, field.getValue(), sourcePointer + segment, locator);
              });
    } else if (value.isArray()) {
      for (int index = 0; index < value.size(); index++) {
        record(targetPointer + "/" + index, value.get(index), sourcePointer + "/" + index, locator);
      }
    }
  }

  /** Where the node at the pointer (or its nearest declared ancestor) was declared. */
  Origin origin(String pointer) {
    String current = pointer;
    while (true) {
      Origin origin = origins.get(current);
      if (origin != null) {
        return origin;
      }
      if (current.isEmpty()) {
        return new Origin("(baseline)", 0, "");
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "" : current.substring(0, slash);
    }
  }

  /**
   * Where to change what the node at {@code pointer} declares: the Terraform address of the
   * innermost object between {@code pointer} and {@code itemPointer} that carries one and was
   * declared in the same file, else the file and line.
   */
  String location(String itemPointer, String pointer) {
    Origin declaredAt = origin(pointer);
    List<String> candidates = new ArrayList<>();
    String current = pointer;
    while (current.startsWith(itemPointer)) {
      candidates.add(current);
      if (current.length() == itemPointer.length()) {
        break;
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "" : current.substring(0, slash);
    }
    for (String candidate : candidates) {
      JsonNode node = at(candidate);
      JsonNode address = node.isObject() ? node.get(TERRAFORM) : null;
      if (address != null && address.isTextual()) {
        Origin addressOrigin = origin(candidate + "/" + TERRAFORM);
        if (addressOrigin.source().equals(declaredAt.source())) {
          return address.asText();
        }
      }
    }
    return declaredAt.toString();
  }

  Optional<String> terraformAddress(String itemPointer) {
    JsonNode address = at(itemPointer).path(TERRAFORM);
    return address.isTextual() ? Optional.of(address.asText()) : Optional.empty();
  }
}
