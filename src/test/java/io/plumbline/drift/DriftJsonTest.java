package io.plumbline.drift;

import static io.plumbline.drift.Estates.ACCOUNT;
import static io.plumbline.drift.Estates.CONF;
import static io.plumbline.drift.Estates.GROUP;
import static io.plumbline.drift.Estates.JSON;
import static io.plumbline.drift.Estates.TOKEN;
import static io.plumbline.drift.Estates.snapshot;
import static io.plumbline.drift.Estates.unavailable;
import static io.plumbline.drift.Estates.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Drift;
import io.plumbline.model.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DriftJsonTest {

  /** One change of every kind, with an attribute that appears, one that turns null and a set. */
  private static Drift everyKind() {
    Snapshot before =
        snapshot("snap-a")
            .complete(workspace(1), CONF, TOKEN)
            .complete(workspace(2), TOKEN)
            .complete(ACCOUNT, GROUP)
            .resource(
                CONF,
                workspace(1),
                "_",
                "{\"custom_config\": {\"enableIpAccessLists\": \"true\", \"maxTokenLifetimeDays\": \"90\"}}")
            .resource(GROUP, ACCOUNT, "g1", "{\"members\": {\"users\": [\"1\"]}}")
            .resource(TOKEN, workspace(1), "gone", "{}")
            .resource(TOKEN, workspace(2), "hidden", "{}")
            .build();
    Snapshot after =
        snapshot("snap-b")
            .complete(workspace(1), CONF, TOKEN)
            .failed(workspace(2), TOKEN, unavailable())
            .complete(ACCOUNT, GROUP)
            .resource(
                CONF,
                workspace(1),
                "_",
                "{\"custom_config\": {\"enableIpAccessLists\": \"false\", \"maxTokenLifetimeDays\": null,"
                    + " \"enableWebTerminal\": \"true\"}}")
            .resource(GROUP, ACCOUNT, "g1", "{\"members\": {\"users\": [\"1\", \"2\"]}}")
            .resource(GROUP, ACCOUNT, "g2", "{}")
            .build();
    return SnapshotDiff.compare(before, after);
  }

  @Test
  void aDriftReadsBackAsTheSameDrift() {
    Drift drift = everyKind();

    Drift read = DriftJson.fromJson(DriftJson.toJson(drift));

    assertThat(drift.countsByKind().values()).allMatch(count -> count > 0);
    assertThat(read).isEqualTo(drift);
  }

  @Test
  void aDriftStreamsThroughAnOutputAndAnInputStream() {
    Drift drift = everyKind();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DriftJson.write(drift, out);
    Drift read = DriftJson.read(new ByteArrayInputStream(out.toByteArray()), "drift.json");

    assertThat(read).isEqualTo(drift);
  }

  @Test
  void theJsonHasSnakeCaseKeysCountsAndOmitsAbsentValues() throws Exception {
    JsonNode json = JSON.readTree(DriftJson.toJson(everyKind()));

    assertThat(json.path("before").asText()).isEqualTo("snap-a");
    assertThat(json.path("after").asText()).isEqualTo("snap-b");
    assertThat(json.path("counts"))
        .isEqualTo(JSON.readTree("{\"added\": 1, \"removed\": 1, \"changed\": 2, \"unknown\": 1}"));
    JsonNode conf = json.path("changes").get(4);
    assertThat(conf.path("kind").asText()).isEqualTo("changed");
    assertThat(conf.path("resource_type").asText()).isEqualTo(CONF);
    assertThat(conf.path("scope").asText()).isEqualTo("workspace:1");
    assertThat(conf.path("resource_id").asText()).isEqualTo("_");
    assertThat(conf.has("reason")).isFalse();
    assertThat(conf.path("attributes"))
        .isEqualTo(
            JSON.readTree(
                """
                [{"path": "/custom_config/enableIpAccessLists", "before": "true", "after": "false"},
                 {"path": "/custom_config/enableWebTerminal", "after": "true"},
                 {"path": "/custom_config/maxTokenLifetimeDays", "before": "90", "after": null}]
                """));
    JsonNode unknown = json.path("changes").get(3);
    assertThat(unknown.path("kind").asText()).isEqualTo("unknown");
    assertThat(unknown.path("reason").asText()).contains("second scan's read of databricks_token");
    assertThat(unknown.path("attributes")).isEmpty();
    JsonNode group = json.path("groups").get(0);
    assertThat(group.fieldNames())
        .toIterable()
        .containsExactly("cause", "kind", "resource_type", "summary", "attributes", "places");
    assertThat(group.path("places").get(0).fieldNames())
        .toIterable()
        .containsExactly("scope", "resource_id");
  }

  @Test
  void anEmptyDriftReadsBack() {
    Drift empty = new Drift("a", "b", java.util.List.of(), java.util.List.of());

    assertThat(DriftJson.fromJson(DriftJson.toJson(empty))).isEqualTo(empty);
  }

  @Test
  void aPlaceThatNamesNoChangeIsRejectedWithWhereItIs() {
    String json =
        """
        {"before": "a", "after": "b", "changes": [],
         "groups": [{"cause": "c", "kind": "added", "resource_type": "databricks_group",
                     "summary": "added databricks_group", "attributes": [],
                     "places": [{"scope": "account:x", "resource_id": "g"}]}]}
        """;

    assertThatThrownBy(() -> DriftJson.fromJson(json))
        .isInstanceOf(DriftJson.InvalidDriftException.class)
        .hasMessage(
            "drift /groups/0/places/0: no added change of databricks_group account:x g in"
                + " \"changes\"");
  }

  @Test
  void anUnknownKindIsRejectedWithWhereItIs() {
    String json =
        """
        {"before": "a", "after": "b", "changes": [
          {"kind": "moved", "resource_type": "t", "scope": "account:x", "resource_id": "i"}]}
        """;

    assertThatThrownBy(
            () ->
                DriftJson.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "d.json"))
        .isInstanceOf(DriftJson.InvalidDriftException.class)
        .hasMessage(
            "d.json /changes/0: \"kind\" must be added, removed, changed or unknown, got \"moved\"");
  }

  @Test
  void aDocumentWithoutSnapshotIdsIsRejected() {
    assertThatThrownBy(() -> DriftJson.fromJson("{\"changes\": []}"))
        .isInstanceOf(DriftJson.InvalidDriftException.class)
        .hasMessageContaining("\"before\" and \"after\" are required");
  }
}
