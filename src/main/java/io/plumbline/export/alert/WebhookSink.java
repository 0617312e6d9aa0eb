package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Posts one generic JSON document per batch: {version, status, scan_id, scanned_at, firing,
 * resolved, groups: [{cause, summary, alerts: [...]}]}. The shape is documented in docs/alerts.md;
 * {@code version} changes when a field is removed or changes meaning.
 */
public final class WebhookSink implements AlertSink {

  static final String VERSION = "1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final SinkUrl url;
  private final JsonPoster poster;

  public WebhookSink(String name, SinkUrl url, JsonPoster poster) {
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
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("status", batch.status().label());
    root.put("scan_id", batch.scanId());
    root.put("scanned_at", time(batch.scannedAt()));
    root.put("firing", batch.firingCount());
    root.put("resolved", batch.resolvedCount());
    ArrayNode groups = root.putArray("groups");
    for (AlertGroup group : batch.groups()) {
      ObjectNode groupNode = groups.addObject();
      groupNode.put("cause", group.cause());
      groupNode.put("summary", group.summary());
      ArrayNode alerts = groupNode.putArray("alerts");
      for (Alert alert : group.alerts()) {
        alerts.add(alert(alert));
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the webhook payload as JSON", e);
    }
  }

  private static ObjectNode alert(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("status", alert.status().label());
    node.put("transition", alert.transition().label());
    node.put("fingerprint", alert.fingerprint());
    node.put("rule", alert.ruleId());
    node.put("severity", alert.severity().label());
    node.put("scope", alert.scope().toString());
    alert
        .workspace()
        .ifPresentOrElse(id -> node.put("workspace", id), () -> node.putNull("workspace"));
    node.put("resource_type", alert.resourceType());
    node.put("resource_id", alert.resourceId());
    node.put("summary", alert.summary());
    alert
        .whatChanged()
        .ifPresentOrElse(
            text -> node.put("what_changed", text), () -> node.putNull("what_changed"));
    alert
        .runbookUrl()
        .ifPresentOrElse(
            url -> node.put("runbook_url", url.toString()), () -> node.putNull("runbook_url"));
    alert
        .generatorUrl()
        .ifPresentOrElse(url -> node.put("link", url.toString()), () -> node.putNull("link"));
    node.put("starts_at", time(alert.startsAt()));
    if (alert.status() == AlertStatus.RESOLVED) {
      node.put("ends_at", time(alert.endsAt()));
    } else {
      node.putNull("ends_at");
    }
    ObjectNode labels = node.putObject("labels");
    alert.labels().forEach(labels::put);
    return node;
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  @Override
  public String toString() {
    return name + " (webhook " + url + ")";
  }
}
