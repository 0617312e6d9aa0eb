package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;

/**
 * Posts to Alertmanager's API v2 ({@code POST <url>/api/v2/alerts}): a JSON array of {labels,
 * annotations, startsAt, endsAt, generatorURL}. Alertmanager identifies an alert by its labels, so
 * re-posting a firing alert only moves its endsAt; a resolve is the same labels with endsAt now.
 */
public final class AlertmanagerSink implements AlertSink {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final SinkUrl alertsUrl;
  private final JsonPoster poster;

  /**
   * @param url Alertmanager's base URL, with its route prefix if it has one
   */
  public AlertmanagerSink(String name, SinkUrl url, JsonPoster poster) {
    this.name = requireNonNull(name, "name is null");
    this.alertsUrl = requireNonNull(url, "url is null").resolve("api/v2/alerts");
    this.poster = requireNonNull(poster, "poster is null");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean resendsEveryScan() {
    return true;
  }

  @Override
  public Delivery send(AlertBatch batch) {
    return poster.post(alertsUrl, body(batch));
  }

  static byte[] body(AlertBatch batch) {
    ArrayNode alerts = JSON.createArrayNode();
    for (Alert alert : batch.alerts()) {
      ObjectNode node = alerts.addObject();
      ObjectNode labels = node.putObject("labels");
      alert.labels().forEach(labels::put);
      ObjectNode annotations = node.putObject("annotations");
      alert.annotations().forEach(annotations::put);
      node.put("startsAt", alert.startsAt().truncatedTo(ChronoUnit.MILLIS).toString());
      node.put("endsAt", alert.endsAt().truncatedTo(ChronoUnit.MILLIS).toString());
      alert.generatorUrl().ifPresent(url -> node.put("generatorURL", url.toString()));
    }
    try {
      return JSON.writeValueAsBytes(alerts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write Alertmanager alerts as JSON", e);
    }
  }

  @Override
  public String toString() {
    return name + " (alertmanager " + alertsUrl + ")";
  }
}
