package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.BaselineDrift;
import io.plumbline.policy.facts.Fact;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What counts as drift, per mode, by meaning, and never from a read that failed. */
class BaselineComparatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Scope ACCOUNT = Scope.account("acc-1");
  private static final Scope WORKSPACE = Scope.workspace(1001);
  private static final Scope AWS = Scope.aws("111122223333");
  private static final FailureReason THROTTLED =
      new FailureReason(OptionalInt.of(429), "REQUEST_LIMIT_EXCEEDED", "slow down", 4);

  private static Resource resource(String type, String id, Scope scope, String attributes) {
    try {
      return new Resource(type, id, scope, (ObjectNode) JSON.readTree(attributes));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final Resource WORKSPACE_DEV =
      resource(
          "databricks_mws_workspaces",
          "1001",
          ACCOUNT,
          "{\"workspace_id\": 1001, \"workspace_name\": \"dev\", \"custom_tags\": {\"tier\": \"dev\"}}");

  private static final Resource FAIR_USE =
      resource(
          "databricks_cluster_policy",
          "P1",
          WORKSPACE,
          "{\"policy_id\": \"P1\", \"name\": \"fair_use\", \"definition\":"
              + " {\"autotermination_minutes\": {\"type\": \"fixed\", \"value\": 20}}}");

  /** A snapshot whose every scope x type present is COMPLETE, plus the given failed reads. */
  private static Snapshot snapshot(List<Resource> resources, Coverage... extra) {
    List<Coverage> coverage = new ArrayList<>(List.of(extra));
    resources.stream()
        .map(resource -> Coverage.complete(resource.scope(), resource.type()))
        .distinct()
        .filter(
            row ->
                coverage.stream()
                    .noneMatch(
                        other ->
                            other.scope().equals(row.scope())
                                && other.resourceType().equals(row.resourceType())))
        .forEach(coverage::add);
    return SnapshotCodec.create(
        Instant.parse("2026-11-21T00:00:00Z"), coverage, resources, CollectionStats.empty());
  }

  private static List<BaselineDrift> drift(Snapshot snapshot, String baseline) {
    List<Fact> facts =
        BaselineComparator.driftFacts(snapshot, Baselines.parse("test.yaml", baseline));
    return facts.stream().map(fact -> (BaselineDrift) fact).toList();
  }

  @Test
  void aDeclaredItemMissingFromAFailedReadIsUnknownNeverMissing() {
    Snapshot snapshot =
        snapshot(
            List.of(WORKSPACE_DEV),
            Coverage.failed(WORKSPACE, "databricks_cluster_policy", THROTTLED));

    List<BaselineDrift> drift =
        drift(
            snapshot,
            """
            workspaces:
              dev:
                cluster_policies:
                  fair_use: {definition: {}}
            """);

    assertThat(drift)
        .singleElement()
        .satisfies(
            fact -> {
              assertThat(fact.getKind()).isEqualTo(BaselineDrift.Kind.UNKNOWN);
              assertThat(fact.getReason()).contains("429 REQUEST_LIMIT_EXCEEDED");
              assertThat(fact.isLive()).isFalse();
              assertThat(fact.getResourceId()).isEqualTo("fair_use");
            });
  }

  @Test
  void aReadThatWasNeverMadeIsUnknownToo() {
    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV)),
            "workspaces:\n  dev:\n    workspace_conf: {enableWebTerminal: false}\n");

    assertThat(drift)
        .singleElement()
        .satisfies(
            fact -> {
              assertThat(fact.isUnknown()).isTrue();
              assertThat(fact.getReason())
                  .isEqualTo("databricks_workspace_conf in workspace:1001 was not read");
            });
  }

  @Test
  void aDeclaredSettingTheApiWouldNotGiveIsUnknownWhileTheOthersAreCompared() {
    Resource conf =
        resource(
            "databricks_workspace_conf",
            "_",
            WORKSPACE,
            "{\"custom_config\": {\"enableIpAccessLists\": \"false\"}}");
    Snapshot snapshot =
        snapshot(
            List.of(WORKSPACE_DEV, conf),
            Coverage.complete(WORKSPACE, "databricks_workspace_conf")
                .withNote("the workspace-conf API rejected key enableWebTerminal")
                .withUnknownAttributes(List.of("custom_config.enableWebTerminal")));

    List<BaselineDrift> drift =
        drift(
            snapshot,
            """
            workspaces:
              dev:
                workspace_conf: {enableWebTerminal: false, enableIpAccessLists: true}
            """);

    assertThat(drift)
        .extracting(BaselineDrift::getKind, BaselineDrift::getAttribute, BaselineDrift::isLive)
        .containsExactlyInAnyOrder(
            tuple(BaselineDrift.Kind.UNKNOWN, "custom_config.enableWebTerminal", true),
            tuple(BaselineDrift.Kind.CHANGED, "custom_config.enableIpAccessLists", true));
  }

  @Test
  void membersMissingFromAFailedMembershipReadAreUnknownWhileAddedOnesAreStillExtra() {
    Resource group =
        resource(
            "databricks_group",
            "201",
            ACCOUNT,
            "{\"group_id\": \"201\", \"display_name\": \"data-team\"}");
    Resource ana =
        resource("databricks_user", "301", ACCOUNT, "{\"user_name\": \"ana@example.com\"}");
    Resource bo =
        resource("databricks_user", "302", ACCOUNT, "{\"user_name\": \"bo@example.com\"}");
    Resource boMember =
        resource(
            "databricks_group_member",
            "201|302",
            ACCOUNT,
            "{\"group_id\": \"201\", \"member_id\": \"302\", \"member_kind\": \"user\"}");
    Snapshot snapshot =
        snapshot(
            List.of(group, ana, bo, boMember),
            Coverage.failed(ACCOUNT, "databricks_group_member", THROTTLED));

    List<BaselineDrift> drift =
        drift(
            snapshot,
            """
            account:
              groups:
                data-team:
                  members: {users: [ana@example.com]}
            """);

    assertThat(drift)
        .extracting(BaselineDrift::getKind, BaselineDrift::getResourceId)
        .containsExactlyInAnyOrder(
            tuple(BaselineDrift.Kind.UNKNOWN, "201|301"),
            tuple(BaselineDrift.Kind.EXTRA, "201|302"));
  }

  @Test
  void underSubsetExtraItemsAreUnmanagedAndMissingOnesStillMissing() {
    Resource adhoc =
        resource(
            "databricks_cluster_policy",
            "P2",
            WORKSPACE,
            "{\"policy_id\": \"P2\", \"name\": \"adhoc\", \"definition\": {}}");

    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV, FAIR_USE, adhoc)),
            """
            workspaces:
              dev:
                modes: {cluster_policies: subset}
                cluster_policies:
                  fair_use: {}
                  gpu: {policy_id: P9}
            """);

    assertThat(drift)
        .extracting(BaselineDrift::getKind, BaselineDrift::getResourceId, BaselineDrift::getMode)
        .containsExactlyInAnyOrder(
            tuple(BaselineDrift.Kind.UNMANAGED, "P2", "subset"),
            tuple(BaselineDrift.Kind.MISSING, "P9", "subset"));
  }

  @Test
  void observeAndExternalKindsGiveNoDrift() {
    Resource user =
        resource("databricks_user", "301", ACCOUNT, "{\"user_name\": \"ana@example.com\"}");

    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV, FAIR_USE, user)),
            """
            account:
              users:
                bo@example.com: {active: true}
            workspaces:
              dev:
                modes: {cluster_policies: observe}
                cluster_policies:
                  fair_use: {definition: {autotermination_minutes: {type: fixed, value: 240}}}
            """);

    assertThat(drift).isEmpty();
  }

  @Test
  void aKindTheBaselineDoesNotDeclareIsNotCompared() {
    assertThat(drift(snapshot(List.of(WORKSPACE_DEV, FAIR_USE)), "workspaces:\n  dev: {}\n"))
        .isEmpty();
  }

  @Test
  void definitionsAndPolicyDocumentsCompareByMeaning() {
    Resource role =
        resource(
            "aws_iam_role",
            "dev-data",
            AWS,
            """
            {"name": "dev-data",
             "assume_role_policy": {"Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow",
               "Principal": {"Service": ["ec2.amazonaws.com"]}}], "Version": "2012-10-17"},
             "inline_policies": {}}
            """);

    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV, FAIR_USE, role)),
            """
            workspaces:
              dev:
                cluster_policies:
                  fair_use:
                    definition: '{"autotermination_minutes": {"type": "allowlist", "values": [20.0]}}'
            aws:
              iam_roles:
                dev-data:
                  assume_role_policy:
                    Version: "2012-10-17"
                    Statement: {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
                  inline_policies: {}
            """);

    assertThat(drift).isEmpty();
  }

  @Test
  void changesPointAtTheLiveResourceAndTheDeclarationsTerraformAddress() {
    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV, FAIR_USE)),
            """
            workspaces:
              dev:
                cluster_policies:
                  fair_use:
                    terraform: module.dev.databricks_cluster_policy.fair_use
                    definition: {autotermination_minutes: {type: fixed, value: 30}}
            """);

    assertThat(drift)
        .singleElement()
        .satisfies(
            fact -> {
              assertThat(fact.isChanged()).isTrue();
              assertThat(fact.ref()).isEqualTo(io.plumbline.policy.facts.ResourceRef.of(FAIR_USE));
              assertThat(fact.getAttribute()).isEqualTo("definition.autotermination_minutes");
              assertThat(fact.getExpected().path("value").asInt()).isEqualTo(30);
              assertThat(fact.getActual().path("value").asInt()).isEqualTo(20);
              assertThat(fact.location()).hasValue("module.dev.databricks_cluster_policy.fair_use");
            });
  }

  @Test
  void aWorkspaceDeclaredByIdUnderAnotherNameWasRenamed() {
    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV)),
            "workspaces:\n  development:\n    workspace_id: 1001\n");

    assertThat(drift)
        .singleElement()
        .satisfies(
            fact -> {
              assertThat(fact.isChanged()).isTrue();
              assertThat(fact.getAttribute()).isEqualTo("workspace_name");
              assertThat(fact.getExpectedText()).isEqualTo("development");
              assertThat(fact.getActualText()).isEqualTo("dev");
            });
  }

  @Test
  void aMissingItemIsReferredToByItsDeclaredIdElseItsName() {
    List<BaselineDrift> drift =
        drift(
            snapshot(List.of(WORKSPACE_DEV, FAIR_USE)),
            """
            workspaces:
              dev:
                cluster_policies:
                  fair_use: {}
                  gpu: {}
                  batch: {policy_id: B7}
            """);

    assertThat(drift)
        .allSatisfy(fact -> assertThat(fact.isMissing()).isTrue())
        .extracting(BaselineDrift::getResourceId)
        .containsExactlyInAnyOrder("gpu", "B7");
    assertThat(drift.get(0).location().orElseThrow()).startsWith("test.yaml:");
  }
}
