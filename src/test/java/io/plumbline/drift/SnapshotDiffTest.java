package io.plumbline.drift;

import static io.plumbline.drift.Estates.ACCOUNT;
import static io.plumbline.drift.Estates.AWS;
import static io.plumbline.drift.Estates.CLUSTER_POLICY;
import static io.plumbline.drift.Estates.CONF;
import static io.plumbline.drift.Estates.GROUP;
import static io.plumbline.drift.Estates.ROLE;
import static io.plumbline.drift.Estates.TOKEN;
import static io.plumbline.drift.Estates.WORKSPACES;
import static io.plumbline.drift.Estates.json;
import static io.plumbline.drift.Estates.snapshot;
import static io.plumbline.drift.Estates.unavailable;
import static io.plumbline.drift.Estates.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

  private static final Scope DEV = workspace(101);
  private static final Scope QA = workspace(202);

  // ---- added, removed, unknown -----------------------------------------------------------------

  @Test
  void aResourceOnlyInTheSecondScanIsAddedWhenBothScansReadItsTypeCompletely() {
    Snapshot before = snapshot("a").complete(ACCOUNT, GROUP).build();
    Snapshot after =
        snapshot("b")
            .complete(ACCOUNT, GROUP)
            .resource(GROUP, ACCOUNT, "7200000000000099", "{\"display_name\": \"adhoc\"}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(drift.changes())
        .containsExactly(
            new Change(
                ChangeKind.ADDED,
                GROUP,
                ACCOUNT,
                "7200000000000099",
                List.of(),
                java.util.Optional.empty()));
    assertThat(drift.beforeSnapshotId()).isEqualTo("a");
    assertThat(drift.afterSnapshotId()).isEqualTo("b");
  }

  @Test
  void aResourceOnlyInTheFirstScanIsRemovedWhenTheSecondScanReadItsTypeCompletely() {
    Snapshot before = snapshot("a").complete(DEV, TOKEN).resource(TOKEN, DEV, "t1", "{}").build();
    Snapshot after = snapshot("b").complete(DEV, TOKEN).build();

    assertThat(kinds(SnapshotDiff.compare(before, after))).containsExactly(ChangeKind.REMOVED);
  }

  @Test
  void aFailedReadInTheSecondScanNeverYieldsRemoved() {
    Snapshot before =
        snapshot("a")
            .complete(DEV, TOKEN)
            .resource(TOKEN, DEV, "t1", "{}")
            .resource(TOKEN, DEV, "t2", "{}")
            .build();
    Snapshot after = snapshot("b").failed(DEV, TOKEN, unavailable()).build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(kinds(drift)).containsExactly(ChangeKind.UNKNOWN, ChangeKind.UNKNOWN);
    assertThat(drift.changes().get(0).reason())
        .hasValue(
            "the second scan's read of databricks_token in workspace:101 failed: "
                + "503 TEMPORARILY_UNAVAILABLE: try again later (4 attempts)");
  }

  @Test
  void aFailedReadInTheFirstScanNeverYieldsAdded() {
    Snapshot before = snapshot("a").failed(DEV, TOKEN, unavailable()).build();
    Snapshot after = snapshot("b").complete(DEV, TOKEN).resource(TOKEN, DEV, "t1", "{}").build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(kinds(drift)).containsExactly(ChangeKind.UNKNOWN);
    assertThat(drift.changes().get(0).reason().orElseThrow())
        .startsWith("the first scan's read of databricks_token in workspace:101 failed: 503");
  }

  @Test
  void aResourceAFailedReadOfTheSecondScanStillReturnedIsAddedWhenTheFirstReadWasComplete() {
    // a read of several calls keeps what its successful calls returned: that much is known
    Snapshot before = snapshot("a").complete(ACCOUNT, "databricks_group_member").build();
    Snapshot after =
        snapshot("b")
            .failed(ACCOUNT, "databricks_group_member", unavailable())
            .resource("databricks_group_member", ACCOUNT, "g1|u1", "{}")
            .build();

    assertThat(kinds(SnapshotDiff.compare(before, after))).containsExactly(ChangeKind.ADDED);
  }

  @Test
  void aResourceInBothScansIsComparedEvenWhenBothReadsFailed() {
    Snapshot before =
        snapshot("a")
            .failed(DEV, TOKEN, unavailable())
            .resource(TOKEN, DEV, "t1", "{\"expiry_time\": 1}")
            .build();
    Snapshot after =
        snapshot("b")
            .failed(DEV, TOKEN, unavailable())
            .resource(TOKEN, DEV, "t1", "{\"expiry_time\": -1}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(kinds(drift)).containsExactly(ChangeKind.CHANGED);
    assertThat(drift.changes().get(0).attributes())
        .containsExactly(
            new AttributeChange(
                "/expiry_time", json("{\"v\": 1}").get("v"), json("{\"v\": -1}").get("v")));
  }

  @Test
  void theResourcesOfANewWorkspaceAreAdded() {
    Snapshot before =
        snapshot("a").complete(ACCOUNT, WORKSPACES).listsWorkspace(101, "RUNNING").build();
    Snapshot after =
        snapshot("b")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(101, "RUNNING")
            .listsWorkspace(202, "RUNNING")
            .complete(QA, CONF, TOKEN)
            .conf(QA, "enableIpAccessLists", "true")
            .resource(TOKEN, QA, "t1", "{}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(drift.changes())
        .extracting(Change::kind, Change::resourceType, change -> change.scope().toString())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ChangeKind.ADDED, WORKSPACES, ACCOUNT.toString()),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.ADDED, CONF, "workspace:202"),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.ADDED, TOKEN, "workspace:202"));
  }

  @Test
  void aWorkspaceTheFirstScanCouldNotListIsNotNew() {
    Snapshot before = snapshot("a").failed(ACCOUNT, WORKSPACES, unavailable()).build();
    Snapshot after =
        snapshot("b")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(101, "RUNNING")
            .complete(DEV, TOKEN)
            .resource(TOKEN, DEV, "t1", "{}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(kinds(drift)).containsOnly(ChangeKind.UNKNOWN).hasSize(2);
    assertThat(drift.changes())
        .filteredOn(change -> change.resourceType().equals(TOKEN))
        .singleElement()
        .satisfies(
            change ->
                assertThat(change.reason())
                    .hasValueSatisfying(
                        reason ->
                            assertThat(reason)
                                .startsWith(
                                    "workspace:101 was not read in the first scan: the workspace"
                                        + " list of account:c0ffee00-da7a-4b1e-8e57-000000000001"
                                        + " failed: 503")));
  }

  @Test
  void theResourcesOfADeletedWorkspaceAreRemoved() {
    Snapshot before =
        snapshot("a")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(101, "RUNNING")
            .listsWorkspace(202, "RUNNING")
            .complete(QA, TOKEN)
            .resource(TOKEN, QA, "t1", "{}")
            .build();
    Snapshot after =
        snapshot("b").complete(ACCOUNT, WORKSPACES).listsWorkspace(101, "RUNNING").build();

    assertThat(kinds(SnapshotDiff.compare(before, after)))
        .containsExactly(ChangeKind.REMOVED, ChangeKind.REMOVED);
  }

  @Test
  void aWorkspaceTheSecondScanListedButDidNotReadIsUnknownNeverRemoved() {
    Snapshot before =
        snapshot("a")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(202, "RUNNING")
            .complete(QA, TOKEN)
            .resource(TOKEN, QA, "t1", "{}")
            .build();
    Snapshot notRunning =
        snapshot("b").complete(ACCOUNT, WORKSPACES).listsWorkspace(202, "FAILED").build();
    Snapshot notTargeted =
        snapshot("c").complete(ACCOUNT, WORKSPACES).listsWorkspace(202, "RUNNING").build();

    Drift failed = SnapshotDiff.compare(before, notRunning);
    Drift skipped = SnapshotDiff.compare(before, notTargeted);

    assertThat(failed.changes())
        .filteredOn(change -> change.resourceType().equals(TOKEN))
        .extracting(Change::kind, change -> change.reason().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ChangeKind.UNKNOWN,
                "workspace:202 was not read in the second scan: the workspace was FAILED"));
    assertThat(skipped.changes())
        .extracting(Change::kind, change -> change.reason().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ChangeKind.UNKNOWN,
                "workspace:202 was not read in the second scan: the workspace is listed in"
                    + " account:c0ffee00-da7a-4b1e-8e57-000000000001 but was not among the"
                    + " workspaces scanned"));
  }

  @Test
  void aWorkspaceWhoseAccountListFailedInTheSecondScanIsUnknownNeverRemoved() {
    Snapshot before =
        snapshot("a")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(202, "RUNNING")
            .complete(QA, TOKEN)
            .resource(TOKEN, QA, "t1", "{}")
            .build();
    Snapshot after = snapshot("b").failed(ACCOUNT, WORKSPACES, unavailable()).build();

    assertThat(kinds(SnapshotDiff.compare(before, after)))
        .containsExactly(ChangeKind.UNKNOWN, ChangeKind.UNKNOWN);
  }

  @Test
  void aTypeTheSecondScanDidNotReadIsUnknown() {
    Snapshot before = snapshot("a").complete(AWS, ROLE).resource(ROLE, AWS, "r", "{}").build();
    Snapshot otherTypesOnly = snapshot("b").complete(AWS, "aws_iam_policy").build();
    Snapshot nothing = snapshot("c").build();

    assertThat(SnapshotDiff.compare(before, otherTypesOnly).changes())
        .extracting(change -> change.reason().orElseThrow())
        .containsExactly("aws_iam_role was not read in aws:111122223333 in the second scan");
    assertThat(SnapshotDiff.compare(before, nothing).changes())
        .extracting(change -> change.reason().orElseThrow())
        .containsExactly("aws:111122223333 was not read in the second scan");
  }

  @Test
  void identicalSnapshotsHaveNoDrift() {
    Snapshot snapshot =
        snapshot("a")
            .complete(ACCOUNT, WORKSPACES)
            .listsWorkspace(101, "RUNNING")
            .complete(DEV, CONF)
            .conf(DEV, "enableIpAccessLists", "true")
            .build();

    assertThat(SnapshotDiff.compare(snapshot, snapshot).isEmpty()).isTrue();
  }

  // ---- changed: semantic comparison ------------------------------------------------------------

  @Test
  void aChangedSettingIsReportedAtItsLeafWithBeforeAndAfter() {
    List<AttributeChange> changes =
        SnapshotDiff.attributeChanges(
            CONF,
            json("{\"custom_config\": {\"enableIpAccessLists\": \"true\", \"x\": \"1\"}}"),
            json("{\"custom_config\": {\"x\": \"1\", \"enableIpAccessLists\": \"false\"}}"));

    assertThat(changes)
        .containsExactly(
            new AttributeChange(
                "/custom_config/enableIpAccessLists",
                TextNode.valueOf("true"),
                TextNode.valueOf("false")));
  }

  @Test
  void aSettingTheApiWouldNotGiveInEitherScanIsNoChangeWhileTheOthersAreCompared() {
    Snapshot before =
        snapshot("a")
            .complete(DEV, CONF)
            .resource(
                CONF,
                DEV,
                "_",
                "{\"custom_config\": {\"enableWebTerminal\": \"false\","
                    + " \"enableIpAccessLists\": \"true\"}}")
            .build();
    Snapshot after =
        snapshot("b")
            .completeWithout(DEV, CONF, "custom_config.enableWebTerminal")
            .resource(CONF, DEV, "_", "{\"custom_config\": {\"enableIpAccessLists\": \"false\"}}")
            .build();

    Drift drift = SnapshotDiff.compare(before, after);

    assertThat(drift.changes())
        .singleElement()
        .extracting(Change::attributes)
        .isEqualTo(
            List.of(
                new AttributeChange(
                    "/custom_config/enableIpAccessLists",
                    TextNode.valueOf("true"),
                    TextNode.valueOf("false"))));
    assertThat(SnapshotDiff.compare(after, before).changes())
        .singleElement()
        .extracting(change -> change.attributes().size())
        .isEqualTo(1);
  }

  @Test
  void objectKeyOrderNumberRepresentationAndNullVersusAbsentAreNoChange() {
    ObjectNode inMemory = json("{\"b\": {\"y\": 1, \"x\": 2.0}, \"a\": null}");
    inMemory.with("b").put("y", 1L);

    assertThat(
            SnapshotDiff.attributeChanges(TOKEN, inMemory, json("{\"b\": {\"x\": 2, \"y\": 1}}")))
        .isEmpty();
  }

  @Test
  void anAttributeThatAppearsOrDisappearsHasAnAbsentSide() {
    List<AttributeChange> changes =
        SnapshotDiff.attributeChanges(TOKEN, json("{\"comment\": \"ci\"}"), json("{}"));

    assertThat(changes)
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.path()).isEqualTo("/comment");
              assertThat(change.after().isMissingNode()).isTrue();
            });
  }

  @Test
  void pathsEscapeSlashesAndTildesAsJsonPointerDoes() {
    List<AttributeChange> changes =
        SnapshotDiff.attributeChanges(
            "databricks_cluster",
            json("{\"custom_tags\": {\"team/a~b\": \"x\"}}"),
            json("{\"custom_tags\": {\"team/a~b\": \"y\"}}"));

    assertThat(changes)
        .extracting(AttributeChange::path)
        .containsExactly("/custom_tags/team~1a~0b");
  }

  @Test
  void aSetThatOnlyChangedOrderIsNoChangeAndOneThatChangedIsReportedWhole() {
    ObjectNode before = json("{\"members\": {\"users\": [\"1\", \"2\", \"3\"]}}");

    assertThat(
            SnapshotDiff.attributeChanges(
                GROUP, before, json("{\"members\": {\"users\": [\"3\", \"1\", \"2\"]}}")))
        .isEmpty();
    assertThat(
            SnapshotDiff.attributeChanges(
                GROUP, before, json("{\"members\": {\"users\": [\"1\", \"2\", \"3\", \"4\"]}}")))
        .containsExactly(
            new AttributeChange(
                "/members/users",
                json("{\"v\": [\"1\", \"2\", \"3\"]}").get("v"),
                json("{\"v\": [\"1\", \"2\", \"3\", \"4\"]}").get("v")));
  }

  @Test
  void reorderedIamStatementsAndASingleActionAsStringAreNoChange() {
    ObjectNode before =
        json(
            """
            {"assume_role_policy": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["sts:AssumeRole"],
               "Principal": {"AWS": ["arn:aws:iam::414351767826:root"]}},
              {"Effect": "Deny", "Action": ["sts:TagSession", "sts:SetSourceIdentity"],
               "Principal": {"AWS": "*"}}]}}
            """);
    ObjectNode after =
        json(
            """
            {"assume_role_policy": {"Statement": [
              {"Principal": {"AWS": "*"}, "Effect": "Deny",
               "Action": ["sts:SetSourceIdentity", "sts:TagSession"]},
              {"Action": "sts:AssumeRole", "Effect": "Allow",
               "Principal": {"AWS": "arn:aws:iam::414351767826:root"}}],
             "Version": "2012-10-17"}}
            """);

    assertThat(SnapshotDiff.attributeChanges(ROLE, before, after)).isEmpty();
  }

  @Test
  void aChangedIamStatementIsReportedAsTheWholeStatementList() {
    ObjectNode before =
        json(
            """
            {"policy": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}
            """);
    ObjectNode after =
        json(
            """
            {"policy": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}
            """);

    assertThat(SnapshotDiff.attributeChanges("aws_iam_role_policy", before, after))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.path()).isEqualTo("/policy/Statement");
              assertThat(change.after().get(0).get("Action").get(0).asText()).isEqualTo("s3:*");
            });
  }

  @Test
  void anIamDocumentKeptAsTextComparesAsTheDocument() {
    ObjectNode asText =
        json(
            "{\"policy\": \"{\\\"Statement\\\": {\\\"Effect\\\": \\\"Allow\\\","
                + " \\\"Action\\\": \\\"s3:GetObject\\\", \\\"Resource\\\": \\\"*\\\"}}\"}");
    ObjectNode asObject =
        json(
            """
            {"policy": {"Statement": [
              {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]}}
            """);

    assertThat(SnapshotDiff.attributeChanges("aws_iam_policy", asText, asObject)).isEmpty();
  }

  @Test
  void aClusterPolicyDefinitionKeptAsTextComparesAsTheDocumentAndDiffsInsideIt() {
    ObjectNode asText =
        json(
            "{\"definition\": \"{\\\"autotermination_minutes\\\": {\\\"type\\\": \\\"fixed\\\","
                + " \\\"value\\\": 20.0, \\\"hidden\\\": false}}\"}");
    ObjectNode same =
        json(
            "{\"definition\": {\"autotermination_minutes\": {\"type\": \"fixed\", \"value\": 20}}}");
    ObjectNode raised =
        json(
            "{\"definition\": {\"autotermination_minutes\": {\"value\": 240, \"type\": \"fixed\"}}}");

    assertThat(SnapshotDiff.attributeChanges(CLUSTER_POLICY, asText, same)).isEmpty();
    assertThat(SnapshotDiff.attributeChanges(CLUSTER_POLICY, asText, raised))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.path()).isEqualTo("/definition/autotermination_minutes/value");
              assertThat(change.before().asLong()).isEqualTo(20);
              assertThat(change.after().asLong()).isEqualTo(240);
            });
  }

  @Test
  void aOneValueAllowlistIsTheFixedValueItForces() {
    ObjectNode allowlist =
        json(
            "{\"definition\": {\"spark_version\": {\"type\": \"allowlist\","
                + " \"values\": [\"15.4.x-scala2.12\"]}}}");
    ObjectNode fixed =
        json(
            "{\"definition\": {\"spark_version\": {\"type\": \"fixed\","
                + " \"value\": \"15.4.x-scala2.12\"}}}");

    assertThat(SnapshotDiff.attributeChanges(CLUSTER_POLICY, allowlist, fixed)).isEmpty();
  }

  @Test
  void aTokensLastUseAndARolesLastUseAreNotDrift() {
    assertThat(
            SnapshotDiff.attributeChanges(
                TOKEN,
                json("{\"expiry_time\": -1, \"last_used_day\": 1795046400000}"),
                json("{\"expiry_time\": -1, \"last_used_day\": 1795132800000}")))
        .isEmpty();
    assertThat(
            SnapshotDiff.attributeChanges(
                ROLE,
                json("{\"role_last_used\": {\"date\": \"2026-11-20T08:00:00Z\"}}"),
                json("{\"role_last_used\": {\"date\": \"2026-11-21T09:00:00Z\"}}")))
        .isEmpty();
  }

  @Test
  void aVolatileAttributeIsIgnoredOnlyForItsOwnType() {
    assertThat(
            SnapshotDiff.attributeChanges(
                "databricks_user", json("{\"last_used_day\": 1}"), json("{\"last_used_day\": 2}")))
        .hasSize(1);
  }

  private static List<ChangeKind> kinds(Drift drift) {
    return drift.changes().stream().map(Change::kind).toList();
  }
}
