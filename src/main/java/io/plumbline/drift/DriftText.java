package io.plumbline.drift;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * Drift for a person at a terminal ({@code plumbline diff --format text}): the counts, one line per
 * group with its number of places, then one line per change, one per attribute for a changed
 * resource so that each line can be grepped on its own:
 *
 * <pre>
 * drift snap-a -> snap-b: 0 added, 0 removed, 40 changed, 0 unknown; 1 group
 *
 * groups
 *       40  changed databricks_workspace_conf /custom_config/enableIpAccessLists: true -> false
 *
 * changes
 *   changed databricks_workspace_conf workspace:101 _  /custom_config/enableIpAccessLists: true -> false
 * </pre>
 *
 * Long values are shortened; {@link DriftJson} has them in full.
 */
public final class DriftText {

  /** Values longer than this are cut, so that a set of 1,500 members stays one readable line. */
  static final int MAX_VALUE_LENGTH = 120;

  private DriftText() {}

  public static String format(Drift drift) {
    StringWriter out = new StringWriter();
    write(drift, out);
    return out.toString();
  }

  public static void write(Drift drift, Writer out) {
    requireNonNull(drift, "drift is null");
    requireNonNull(out, "out is null");
    try {
      writeChecked(drift, out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the drift", e);
    }
  }

  private static void writeChecked(Drift drift, Writer out) throws IOException {
    out.write("drift " + drift.beforeSnapshotId() + " -> " + drift.afterSnapshotId() + ": ");
    if (drift.isEmpty()) {
      out.write("no changes\n");
      return;
    }
    Map<ChangeKind, Long> counts = drift.countsByKind();
    StringBuilder line = new StringBuilder();
    for (ChangeKind kind : ChangeKind.values()) {
      if (line.length() > 0) {
        line.append(", ");
      }
      line.append(counts.get(kind)).append(' ').append(kind.label());
    }
    int groups = drift.groups().size();
    line.append("; ").append(groups).append(groups == 1 ? " group\n" : " groups\n");
    out.write(line.toString());

    out.write("\ngroups\n");
    for (ChangeGroup group : drift.groups()) {
      out.write(String.format("%9d  %s", group.places().size(), group.summary()) + "\n");
    }
    out.write("\nchanges\n");
    for (Change change : drift.changes()) {
      String prefix =
          "  "
              + change.kind().label()
              + " "
              + change.resourceType()
              + " "
              + change.scope()
              + " "
              + change.resourceId();
      if (change.attributes().isEmpty()) {
        out.write(prefix + change.reason().map(reason -> "  (" + reason + ")").orElse("") + "\n");
      }
      for (AttributeChange attribute : change.attributes()) {
        out.write(prefix + "  " + attribute(attribute) + "\n");
      }
    }
  }

  /**
   * "path: before -> after"; for a set (an array on both sides) what it gained and lost instead,
   * since two long lists side by side hide the one member that changed.
   */
  static String attribute(AttributeChange attribute) {
    JsonNode before = attribute.before();
    JsonNode after = attribute.after();
    if (before.isArray() && after.isArray()) {
      ArrayNode added = difference(after, before);
      ArrayNode removed = difference(before, after);
      if (added.isEmpty() && removed.isEmpty()) {
        return attribute.path() + ": " + value(before) + " -> " + value(after);
      }
      StringBuilder text = new StringBuilder(attribute.path()).append(':');
      if (!added.isEmpty()) {
        text.append(" added ").append(value(added));
      }
      if (!removed.isEmpty()) {
        text.append(added.isEmpty() ? " removed " : ", removed ").append(value(removed));
      }
      return text.toString();
    }
    return attribute.path() + ": " + value(before) + " -> " + value(after);
  }

  /** The elements of {@code set} that {@code other} lacks, compared by meaning. */
  private static ArrayNode difference(JsonNode set, JsonNode other) {
    Map<String, Integer> remaining = new HashMap<>();
    other.forEach(element -> remaining.merge(SemanticJson.canonical(element), 1, Integer::sum));
    ArrayNode difference = JsonNodeFactory.instance.arrayNode();
    for (JsonNode element : set) {
      String key = SemanticJson.canonical(element);
      Integer count = remaining.get(key);
      if (count == null || count == 0) {
        difference.add(element);
      } else {
        remaining.put(key, count - 1);
      }
    }
    return difference;
  }

  /**
   * A value as a person reads it: a plain string without quotes (workspace settings are the strings
   * "true" and "false"), a string that would be ambiguous that way quoted, "(absent)" for an absent
   * attribute, anything else as compact JSON; cut at {@link #MAX_VALUE_LENGTH} characters.
   */
  static String value(JsonNode node) {
    String text;
    if (node == null || node.isMissingNode()) {
      text = "(absent)";
    } else if (node.isTextual()) {
      String string = node.textValue();
      boolean plain =
          !string.isEmpty()
              && string
                  .chars()
                  .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
              && !string.equals("null")
              && !string.equals("(absent)");
      text = plain ? string : node.toString();
    } else {
      text = node.toString();
    }
    return text.length() <= MAX_VALUE_LENGTH
        ? text
        : text.substring(0, MAX_VALUE_LENGTH - 3) + "...";
  }
}
