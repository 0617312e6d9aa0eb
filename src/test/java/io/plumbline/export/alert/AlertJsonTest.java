package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.firingAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Scope;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAlertReadBackEqualsTheAlertWrittenWithItsLabelsAndAnnotations() {
    Alert alert = firingAlert("fp-1");

    Alert read = AlertJson.read(AlertJson.write(alert));

    assertThat(read).isEqualTo(alert);
    assertThat(read.labels()).containsExactlyEntriesOf(alert.labels());
    assertThat(read.annotations()).containsExactlyEntriesOf(alert.annotations());
  }

  @Test
  void timesAreKeptToTheNanosecond() {
    Alert alert =
        firingAlert("fp-1")
            .refreshed(Transition.PERSISTING, Instant.parse("2025-03-01T20:00:00.123456789Z"));

    assertThat(AlertJson.read(AlertJson.write(alert)).endsAt())
        .isEqualTo(Instant.parse("2025-03-01T20:00:00.123456789Z"));
  }

  @Test
  void aResolvedAlertWithoutOptionalPartsReadsBackEqual() {
    Alert full = firingAlert("fp-2");
    Alert bare =
        new Alert(
            full.fingerprint(),
            AlertStatus.FIRING,
            Transition.REOPENED,
            "DBX-ACC-003",
            full.severity(),
            Scope.aws("123456789012"),
            "iam_role",
            "arn:aws:iam::123456789012:role/databricks \"cross-account\"",
            "Résumé: ünïcode and \"quotes\"\nand a new line",
            Optional.empty(),
            "rule:DBX-ACC-003",
            Optional.empty(),
            Optional.empty(),
            full.startsAt(),
            full.endsAt());
    Alert resolved = bare.resolvedAt(Instant.parse("2025-03-02T08:00:00Z"));

    assertThat(AlertJson.read(AlertJson.write(bare))).isEqualTo(bare);
    assertThat(AlertJson.read(AlertJson.write(resolved))).isEqualTo(resolved);
    assertThat(AlertJson.read(AlertJson.write(resolved)).labels()).isEqualTo(bare.labels());
  }

  @Test
  void theJsonNamesEveryFieldAndWritesAbsentOnesAsNull() throws Exception {
    Alert alert = firingAlert("fp-1");

    JsonNode node = JSON.readTree(AlertJson.write(alert));

    assertThat(node.path("fingerprint").asText()).isEqualTo("fp-1");
    assertThat(node.path("status").asText()).isEqualTo("FIRING");
    assertThat(node.path("transition").asText()).isEqualTo("NEW");
    assertThat(node.path("rule_id").asText()).isEqualTo("DBX-WS-001");
    assertThat(node.path("severity").asText()).isEqualTo("HIGH");
    assertThat(node.path("scope").asText()).isEqualTo("workspace:1001");
    assertThat(node.path("starts_at").asText()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(node.path("ends_at").asText()).isEqualTo("2025-03-01T20:00:00Z");
    assertThat(node.path("runbook_url").asText())
        .isEqualTo("https://runbooks.example.com/plumbline/DBX-WS-001");

    Alert withoutLinks =
        AlertJson.read(
            ((ObjectNode) node).putNull("runbook_url").putNull("what_changed").toString());

    assertThat(withoutLinks.runbookUrl()).isEmpty();
    assertThat(withoutLinks.whatChanged()).isEmpty();
  }

  @Test
  void fieldsItDoesNotKnowAreIgnored() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(AlertJson.write(firingAlert("fp-1")));
    node.put("added_by_a_later_release", 42);

    assertThat(AlertJson.read(node.toString())).isEqualTo(firingAlert("fp-1"));
  }

  @Test
  void whatIsWrongWithAnUnreadableAlertIsSaid() throws Exception {
    assertThatThrownBy(() -> AlertJson.read(with("severity", "SEVERE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid \"severity\": \"SEVERE\", expected one of [CRITICAL, HIGH, MEDIUM, LOW,"
                + " INFO]");
    assertThatThrownBy(() -> AlertJson.read(with("scope", "galaxy:1")))
        .hasMessageStartingWith("invalid \"scope\": invalid scope \"galaxy:1\"");
    assertThatThrownBy(() -> AlertJson.read(with("ends_at", "tomorrow")))
        .hasMessage("invalid \"ends_at\": \"tomorrow\", expected an ISO-8601 instant");
    assertThatThrownBy(() -> AlertJson.read(with("status", "RESOLVED")))
        .hasMessage("a resolved alert has the transition RESOLVED, got NEW");

    ObjectNode missing = (ObjectNode) JSON.readTree(AlertJson.write(firingAlert("fp-1")));
    missing.remove("cause");
    assertThatThrownBy(() -> AlertJson.read(missing.toString())).hasMessage("\"cause\" is missing");
    ObjectNode number = (ObjectNode) JSON.readTree(AlertJson.write(firingAlert("fp-1")));
    number.put("resource_id", 7);
    assertThatThrownBy(() -> AlertJson.read(number.toString()))
        .hasMessage("\"resource_id\" is not a string: number");
    assertThatThrownBy(() -> AlertJson.read("[]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> AlertJson.read("{\"status\": ")).hasMessageStartingWith("not JSON");
  }

  private static String with(String field, String value) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(AlertJson.write(firingAlert("fp-1")));
    return node.put(field, value).toString();
  }
}
