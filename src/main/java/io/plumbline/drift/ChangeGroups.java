package io.plumbline.drift;

import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes by cause. Two changes share a cause when they are of the same kind, to the same resource
 * type, and (CHANGED) make the same attribute changes by meaning, or (UNKNOWN) have the same
 * reason: one setting flipped in 40 workspaces is one group with 40 places, and one failed read is
 * one group however many resources it hides. Added and removed resources group by kind and type.
 */
final class ChangeGroups {

  /** How many attribute changes a summary spells out before it counts the rest. */
  private static final int SUMMARY_ATTRIBUTES = 3;

  private static final int CAUSE_HEX_DIGITS = 16;

  private static final Comparator<ChangeGroup> ORDER =
      Comparator.comparing(ChangeGroup::kind)
          .thenComparing(ChangeGroup::resourceType)
          .thenComparing(ChangeGroup::summary)
          .thenComparing(ChangeGroup::cause);

  private ChangeGroups() {}

  /** The groups of {@code changes}, in a fixed order: by kind, resource type and summary. */
  static List<ChangeGroup> of(List<Change> changes) {
    Map<String, List<Change>> byKey = new LinkedHashMap<>();
    for (Change change : changes) {
      byKey.computeIfAbsent(key(change), key -> new ArrayList<>()).add(change);
    }
    List<ChangeGroup> groups = new ArrayList<>(byKey.size());
    for (Map.Entry<String, List<Change>> entry : byKey.entrySet()) {
      Change first = entry.getValue().get(0);
      groups.add(
          new ChangeGroup(
              cause(entry.getKey()),
              first.kind(),
              first.resourceType(),
              summary(first),
              first.attributes(),
              entry.getValue()));
    }
    groups.sort(ORDER);
    return groups;
  }

  /** What identifies a cause: kind, type, reason and the attribute changes by meaning. */
  static String key(Change change) {
    StringBuilder key = new StringBuilder();
    key.append(change.kind().label()).append('\n').append(change.resourceType());
    change.reason().ifPresent(reason -> key.append('\n').append(reason));
    for (AttributeChange attribute : change.attributes()) {
      key.append('\n')
          .append(attribute.path())
          .append('\t')
          .append(SemanticJson.canonical(attribute.before()))
          .append('\t')
          .append(SemanticJson.canonical(attribute.after()));
    }
    return key.toString();
  }

  /** A short hash of the key: the same cause gets the same id in every diff, on every machine. */
  static String cause(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, CAUSE_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * One line a person reads: "changed databricks_workspace_conf /custom_config/enableIpAccessLists:
   * true -> false", "added databricks_group", "unknown databricks_token: the second scan's read ...
   * failed: ...".
   */
  static String summary(Change change) {
    StringBuilder summary = new StringBuilder();
    summary.append(change.kind().label()).append(' ').append(change.resourceType());
    if (change.kind() == ChangeKind.CHANGED) {
      List<AttributeChange> attributes = change.attributes();
      for (int index = 0; index < Math.min(SUMMARY_ATTRIBUTES, attributes.size()); index++) {
        summary.append(index == 0 ? " " : ", ").append(DriftText.attribute(attributes.get(index)));
      }
      int more = attributes.size() - SUMMARY_ATTRIBUTES;
      if (more > 0) {
        summary.append(" and ").append(more).append(" more");
      }
    }
    change.reason().ifPresent(reason -> summary.append(": ").append(reason));
    return summary.toString();
  }
}
