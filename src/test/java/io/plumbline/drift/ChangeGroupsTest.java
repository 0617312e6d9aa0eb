package io.plumbline.drift;

import static io.plumbline.drift.Estates.ACCOUNT;
import static io.plumbline.drift.Estates.CONF;
import static io.plumbline.drift.Estates.GROUP;
import static io.plumbline.drift.Estates.TOKEN;
import static io.plumbline.drift.Estates.WORKSPACES;
import static io.plumbline.drift.Estates.snapshot;
import static io.plumbline.drift.Estates.unavailable;
import static io.plumbline.drift.Estates.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import org.junit.jupiter.api.Test;

class ChangeGroupsTest {

  private static final int WORKSPACE_COUNT = 40;

  /**
   * 40 workspaces with the same settings, and the same estate with {@code flipped} of them changed.
   */
  private static Snapshot[] estateWithOneSettingFlippedIn(int flipped) {
    Estates before = snapshot("a").complete(ACCOUNT, WORKSPACES);
    Estates after = snapshot("b").complete(ACCOUNT, WORKSPACES);
    for (int index = 0; index < WORKSPACE_COUNT; index++) {
      long id = 100 + index;
      Scope scope = workspace(id);
      before.listsWorkspace(id, "RUNNING").complete(scope, CONF);
      after.listsWorkspace(id, "RUNNING").complete(scope, CONF);
      before.conf(scope, "enableIpAccessLists", "true");
      after.conf(scope, "enableIpAccessLists", index < flipped ? "false" : "true");
    }
    return new Snapshot[] {before.build(), after.build()};
  }

  @Test
  void oneSettingFlippedInFortyWorkspacesIsOneGroupWithFortyPlaces() {
    Snapshot[] snapshots = estateWithOneSettingFlippedIn(WORKSPACE_COUNT);

    Drift drift = SnapshotDiff.compare(snapshots[0], snapshots[1]);

    assertThat(drift.changes()).hasSize(WORKSPACE_COUNT);
    assertThat(drift.groups())
        .singleElement()
        .satisfies(
            group -> {
              assertThat(group.kind()).isEqualTo(ChangeKind.CHANGED);
              assertThat(group.resourceType()).isEqualTo(CONF);
              assertThat(group.places()).hasSize(WORKSPACE_COUNT);
              assertThat(group.summary())
                  .isEqualTo(
                      "changed databricks_workspace_conf /custom_config/enableIpAccessLists:"
                          + " true -> false");
              assertThat(group.attributes()).hasSize(1);
              assertThat(group.cause()).matches("[0-9a-f]{16}");
            });
  }

  @Test
  void theSameCauseHasTheSameKeyInEveryDiff() {
    Snapshot[] all = estateWithOneSettingFlippedIn(WORKSPACE_COUNT);
    Snapshot[] some = estateWithOneSettingFlippedIn(3);

    String everywhere = SnapshotDiff.compare(all[0], all[1]).groups().get(0).cause();
    String inThree = SnapshotDiff.compare(some[0], some[1]).groups().get(0).cause();

    assertThat(inThree).isEqualTo(everywhere);
  }

  @Test
  void differentValuesAreDifferentCauses() {
    Snapshot before =
        snapshot("a")
            .complete(workspace(1), CONF)
            .complete(workspace(2), CONF)
            .conf(workspace(1), "maxTokenLifetimeDays", "90")
            .conf(workspace(2), "maxTokenLifetimeDays", "90")
            .build();
    Snapshot after =
        snapshot("b")
            .complete(workspace(1), CONF)
            .complete(workspace(2), CONF)
            .conf(workspace(1), "maxTokenLifetimeDays", "365")
            .conf(workspace(2), "maxTokenLifetimeDays", "0")
            .build();

    assertThat(SnapshotDiff.compare(before, after).groups()).hasSize(2);
  }

  @Test
  void addedAndRemovedResourcesGroupByKindAndTypeAndUnknownOnesByReason() {
    Snapshot before =
        snapshot("a")
            .complete(workspace(1), TOKEN)
            .complete(workspace(2), TOKEN)
            .complete(workspace(3), TOKEN)
            .complete(ACCOUNT, GROUP)
            .resource(TOKEN, workspace(2), "old", "{}")
            .resource(TOKEN, workspace(3), "t3", "{}")
            .resource(TOKEN, workspace(3), "t4", "{}")
            .build();
    Snapshot after =
        snapshot("b")
            .complete(workspace(1), TOKEN)
            .complete(workspace(2), TOKEN)
            .failed(workspace(3), TOKEN, unavailable())
            .complete(ACCOUNT, GROUP)
            .resource(TOKEN, workspace(1), "n1", "{}")
            .resource(TOKEN, workspace(2), "n2", "{}")
            .resource(GROUP, ACCOUNT, "g", "{}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(drift.groups())
        .extracting(ChangeGroup::kind, ChangeGroup::resourceType, group -> group.places().size())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ChangeKind.ADDED, GROUP, 1),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.ADDED, TOKEN, 2),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.REMOVED, TOKEN, 1),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.UNKNOWN, TOKEN, 2));
    assertThat(drift.groups().get(0).summary()).isEqualTo("added databricks_group");
    assertThat(drift.groups().get(3).summary())
        .startsWith(
            "unknown databricks_token: the second scan's read of databricks_token in workspace:3"
                + " failed: 503");
    assertThat(drift.groups())
        .flatExtracting(ChangeGroup::places)
        .extracting(Change::resourceId)
        .containsExactlyInAnyOrder("g", "n1", "n2", "old", "t3", "t4");
  }

  @Test
  void aSummaryCountsTheAttributeChangesItDoesNotSpellOut() {
    Snapshot before =
        snapshot("a")
            .complete(workspace(1), TOKEN)
            .resource(
                TOKEN, workspace(1), "t", "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1, \"e\": 1}")
            .build();
    Snapshot after =
        snapshot("b")
            .complete(workspace(1), TOKEN)
            .resource(
                TOKEN, workspace(1), "t", "{\"a\": 2, \"b\": 2, \"c\": 2, \"d\": 2, \"e\": 2}")
            .build();

    assertThat(SnapshotDiff.compare(before, after).groups().get(0).summary())
        .isEqualTo("changed databricks_token /a: 1 -> 2, /b: 1 -> 2, /c: 1 -> 2 and 2 more");
  }
}
