package io.plumbline.drift;

import static io.plumbline.drift.Estates.ACCOUNT;
import static io.plumbline.drift.Estates.CONF;
import static io.plumbline.drift.Estates.GROUP;
import static io.plumbline.drift.Estates.TOKEN;
import static io.plumbline.drift.Estates.snapshot;
import static io.plumbline.drift.Estates.unavailable;
import static io.plumbline.drift.Estates.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Snapshot;
import org.junit.jupiter.api.Test;

class DriftTextTest {

  @Test
  void groupsComeFirstWithTheirPlacesThenOneLinePerChangedAttribute() {
    Snapshot before =
        snapshot("snap-a")
            .complete(workspace(101), CONF)
            .complete(workspace(202), CONF, TOKEN)
            .complete(ACCOUNT, GROUP)
            .conf(workspace(101), "enableIpAccessLists", "true")
            .conf(workspace(202), "enableIpAccessLists", "true")
            .resource(TOKEN, workspace(202), "t1", "{}")
            .build();
    Snapshot after =
        snapshot("snap-b")
            .complete(workspace(101), CONF)
            .complete(workspace(202), CONF)
            .failed(workspace(202), TOKEN, unavailable())
            .complete(ACCOUNT, GROUP)
            .conf(workspace(101), "enableIpAccessLists", "false")
            .conf(workspace(202), "enableIpAccessLists", "false")
            .resource(GROUP, ACCOUNT, "g1", "{}")
            .build();

    String text = DriftText.format(SnapshotDiff.compare(before, after));

    assertThat(text)
        .isEqualTo(
            """
            drift snap-a -> snap-b: 1 added, 0 removed, 2 changed, 1 unknown; 3 groups

            groups
                    1  added databricks_group
                    2  changed databricks_workspace_conf /custom_config/enableIpAccessLists: true -> false
                    1  unknown databricks_token: the second scan's read of databricks_token in workspace:202 failed: 503 TEMPORARILY_UNAVAILABLE: try again later (4 attempts)

            changes
              added databricks_group account:c0ffee00-da7a-4b1e-8e57-000000000001 g1
              unknown databricks_token workspace:202 t1  (the second scan's read of databricks_token in workspace:202 failed: 503 TEMPORARILY_UNAVAILABLE: try again later (4 attempts))
              changed databricks_workspace_conf workspace:101 _  /custom_config/enableIpAccessLists: true -> false
              changed databricks_workspace_conf workspace:202 _  /custom_config/enableIpAccessLists: true -> false
            """);
  }

  @Test
  void aChangedSetShowsWhatItGainedAndLost() {
    AttributeChange members =
        new AttributeChange(
            "/members/users",
            Estates.json("{\"v\": [\"1\", \"2\", \"3\"]}").get("v"),
            Estates.json("{\"v\": [\"1\", \"3\", \"4\", \"5\"]}").get("v"));
    AttributeChange grants =
        new AttributeChange(
            "/access_control",
            Estates.json("{\"v\": []}").get("v"),
            Estates.json("{\"v\": [{\"group_name\": \"admins\"}]}").get("v"));

    assertThat(DriftText.attribute(members))
        .isEqualTo("/members/users: added [\"4\",\"5\"], removed [\"2\"]");
    assertThat(DriftText.attribute(grants))
        .isEqualTo("/access_control: added [{\"group_name\":\"admins\"}]");
  }

  @Test
  void noDriftIsOneLine() {
    Snapshot snapshot = snapshot("snap-a").build();

    assertThat(DriftText.format(SnapshotDiff.compare(snapshot, snapshot)))
        .isEqualTo("drift snap-a -> snap-a: no changes\n");
  }

  @Test
  void valuesThatWouldBeAmbiguousUnquotedAreQuotedAndLongOnesAreCut() {
    assertThat(DriftText.value(TextNode.valueOf("true"))).isEqualTo("true");
    assertThat(DriftText.value(TextNode.valueOf(""))).isEqualTo("\"\"");
    assertThat(DriftText.value(TextNode.valueOf("two words"))).isEqualTo("\"two words\"");
    assertThat(DriftText.value(TextNode.valueOf("null"))).isEqualTo("\"null\"");
    assertThat(DriftText.value(NullNode.getInstance())).isEqualTo("null");
    assertThat(DriftText.value(MissingNode.getInstance())).isEqualTo("(absent)");
    assertThat(DriftText.value(TextNode.valueOf("x".repeat(500))))
        .hasSize(DriftText.MAX_VALUE_LENGTH)
        .endsWith("...");
  }
}
