package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Posts a Slack incoming-webhook message ({text, blocks}): a header with the counts, then one
 * section per group, listing its alerts. Slack refuses more than 50 blocks or a section over 3000
 * characters, so long groups and long batches are cut with "and N more".
 */
public final class SlackSink implements AlertSink {

  static final int MAX_GROUP_SECTIONS = 45;
  static final int MAX_LINES_PER_GROUP = 10;
  private static final int MAX_SECTION_CHARS = 2900;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final SinkUrl url;
  private final JsonPoster poster;

  public SlackSink(String name, SinkUrl url, JsonPoster poster) {
    this.name = requireNonNull(name, "name is null");
    this.url = requireNonNull(url, "url is null");
    this.poster = requireNonNull(poster, "poster is null");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Delivery send(AlertBatch batch) {
    return poster.post(url, body(batch));
  }

  static byte[] body(AlertBatch batch) {
    String counts = counts(batch.firingCount(), batch.resolvedCount());
    ObjectNode root = JSON.createObjectNode();
    root.put("text", "plumbline: " + counts + " (scan " + batch.scanId() + ")");
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", "plumbline: " + counts);
    ObjectNode context = blocks.addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            "scan `"
                + escape(batch.scanId())
                + "` at "
                + batch.scannedAt().truncatedTo(ChronoUnit.SECONDS));
    List<AlertGroup> groups = batch.groups();
    for (AlertGroup group : groups.subList(0, Math.min(groups.size(), MAX_GROUP_SECTIONS))) {
      ObjectNode section = blocks.addObject().put("type", "section");
      section.putObject("text").put("type", "mrkdwn").put("text", section(group));
    }
    if (groups.size() > MAX_GROUP_SECTIONS) {
      int rest = groups.size() - MAX_GROUP_SECTIONS;
      blocks
          .addObject()
          .put("type", "context")
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "and " + rest + " more group" + (rest == 1 ? "" : "s"));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the Slack message as JSON", e);
    }
  }

  private static String section(AlertGroup group) {
    StringBuilder text =
        new StringBuilder(icon(group)).append(" *").append(escape(group.summary())).append('*');
    List<Alert> alerts = group.alerts();
    int shown = 0;
    for (Alert alert : alerts) {
      String line = "\n" + line(alert, group);
      if (shown == MAX_LINES_PER_GROUP || text.length() + line.length() > MAX_SECTION_CHARS) {
        break;
      }
      text.append(line);
      shown++;
    }
    if (shown < alerts.size()) {
      text.append("\n… and ").append(alerts.size() - shown).append(" more");
    }
    return text.toString();
  }

  private static String line(Alert alert, AlertGroup group) {
    StringBuilder line = new StringBuilder("• ");
    if (alert.status() == AlertStatus.RESOLVED && group.firingCount() > 0) {
      line.append("resolved: ");
    }
    line.append('`')
        .append(alert.severity().label().toUpperCase(Locale.ROOT))
        .append("` ")
        .append(escape(alert.ruleId()))
        .append(" on ")
        .append(escape(alert.resourceAddress()))
        .append(" — ")
        .append(escape(alert.summary()));
    if (alert.whatChanged().isPresent() && !group.summary().contains(alert.whatChanged().get())) {
      line.append(" (").append(escape(alert.whatChanged().get())).append(')');
    }
    alert.runbookUrl().ifPresent(url -> line.append(" <").append(url).append("|runbook>"));
    return line.toString();
  }

  private static String icon(AlertGroup group) {
    if (group.firingCount() == 0) {
      return ":white_check_mark:";
    }
    boolean reminder =
        group.alerts().stream().allMatch(alert -> alert.transition() == Transition.PERSISTING);
    return reminder ? ":bell:" : ":rotating_light:";
  }

  private static String counts(long firing, long resolved) {
    if (resolved == 0) {
      return firing + " firing";
    }
    if (firing == 0) {
      return resolved + " resolved";
    }
    return firing + " firing, " + resolved + " resolved";
  }

  /** Slack's mrkdwn reads &, < and > as control characters. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return name + " (slack " + url + ")";
  }
}
