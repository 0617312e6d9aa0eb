package io.plumbline.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.SandboxOptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** Drift between real scans of the sandbox's reference estate (docs/sandbox-estate.md). */
@TestInstance(Lifecycle.PER_CLASS)
class DemoEstateDriftTest {

  private static final Scope PROD = Scope.workspace(1000000000000303L);
  private static final Scope QA = Scope.workspace(1000000000000202L);

  private Estate declared;
  private Snapshot declaredScan;

  @BeforeAll
  void scanTheDeclaredEstate() {
    declared = DemoScans.estateWith(Set.of());
    declaredScan = DemoScans.scan(declared);
  }

  @Test
  void twoScansOfTheSameEstateHaveNoDrift() {
    Drift drift = SnapshotDiff.compare(declaredScan, DemoScans.scan(declared));

    assertThat(drift.changes()).isEmpty();
  }

  @Test
  void theDiffNamesExactlyTheOneDriftEntryAppliedByHand() {
    Snapshot drifted =
        DemoScans.scan(DemoScans.estateWith(Set.of("prod-results-download-enabled")));

    Drift drift = SnapshotDiff.compare(declaredScan, drifted);

    assertThat(drift.changes())
        .containsExactly(
            new Change(
                ChangeKind.CHANGED,
                "databricks_workspace_conf",
                PROD,
                "_",
                List.of(
                    new AttributeChange(
                        "/custom_config/enableResultsDownloading",
                        TextNode.valueOf("false"),
                        TextNode.valueOf("true"))),
                Optional.empty()));
    assertThat(drift.groups())
        .extracting(ChangeGroup::summary)
        .containsExactly(
            "changed databricks_workspace_conf /custom_config/enableResultsDownloading:"
                + " false -> true");
  }

  @Test
  void aClusterPolicyEditedInTheUiIsOneChangeInsideItsDefinition() {
    Snapshot drifted =
        DemoScans.scan(DemoScans.estateWith(Set.of("qa-policy-autotermination-raised")));

    Drift drift = SnapshotDiff.compare(declaredScan, drifted);

    assertThat(drift.changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.kind()).isEqualTo(ChangeKind.CHANGED);
              assertThat(change.resourceType()).isEqualTo("databricks_cluster_policy");
              assertThat(change.scope()).isEqualTo(QA);
              assertThat(change.attributes())
                  .singleElement()
                  .satisfies(
                      attribute -> {
                        assertThat(attribute.path())
                            .isEqualTo("/definition/autotermination_minutes/value");
                        assertThat(attribute.before().asInt()).isEqualTo(20);
                        assertThat(attribute.after().asInt()).isEqualTo(240);
                      });
            });
  }

  @Test
  void everythingInAWorkspaceCreatedByHandIsAdded() {
    Scope sandboxMl = Scope.workspace(1000000000000404L);
    Snapshot drifted = DemoScans.scan(DemoScans.estateWith(Set.of("workspace-without-metastore")));

    Drift drift = SnapshotDiff.compare(declaredScan, drifted);

    assertThat(drift.changes()).extracting(Change::kind).containsOnly(ChangeKind.ADDED);
    assertThat(drift.changes())
        .filteredOn(change -> change.scope().equals(sandboxMl))
        .hasSize(
            (int)
                drifted.resources().stream()
                    .filter(resource -> resource.scope().equals(sandboxMl))
                    .count())
        .extracting(Change::resourceType)
        .contains("databricks_workspace_conf", "databricks_cluster_policy", "databricks_group");
    assertThat(drift.changes())
        .extracting(Change::resourceType, Change::resourceId)
        .contains(
            org.assertj.core.groups.Tuple.tuple("databricks_mws_workspaces", "1000000000000404"),
            org.assertj.core.groups.Tuple.tuple("aws_iam_role", "sandbox-ml-cross-account"));
  }

  @Test
  void aGlobalInitScriptMadeByHandIsOneAddedScriptWithItsCreator() {
    Snapshot drifted = DemoScans.scan(DemoScans.estateWith(Set.of("init-script-added-by-hand")));

    Drift drift = SnapshotDiff.compare(declaredScan, drifted);

    assertThat(drift.changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.kind()).isEqualTo(ChangeKind.ADDED);
              assertThat(change.resourceType()).isEqualTo("databricks_global_init_script");
              assertThat(change.scope()).isEqualTo(PROD);
              assertThat(change.resourceId()).isEqualTo("D4E7A19C3B8F0526");
            });
    assertThat(drifted.resources("databricks_global_init_script"))
        .filteredOn(script -> script.id().equals("D4E7A19C3B8F0526"))
        .singleElement()
        .satisfies(
            script -> {
              assertThat(script.attributes().path("name").asText())
                  .isEqualTo("install-debug-tools");
              assertThat(script.attributes().path("enabled").asBoolean()).isTrue();
              assertThat(script.attributes().path("created_by").asText())
                  .isEqualTo("dmitri.ivanov@example.com");
            });
  }

  @Test
  void aReadThatFailsInTheSecondScanMakesItsResourcesUnknownNeverRemoved() {
    ObjectNode faults = Estates.JSON.createObjectNode();
    faults
        .putArray("faults")
        .addObject()
        .put("match", "/api/2.0/token-management/tokens")
        .put("workspace", Long.parseLong(QA.id()))
        .put("status", 403);
    Snapshot failing = DemoScans.scan(SandboxOptions.of(declared).withFaults(faults));
    List<Resource> qaTokens =
        declaredScan.resources("databricks_token").stream()
            .filter(token -> token.scope().equals(QA))
            .toList();

    Drift drift = SnapshotDiff.compare(declaredScan, failing);

    assertThat(failing.failedCoverage())
        .singleElement()
        .satisfies(
            coverage -> {
              assertThat(coverage.scope()).isEqualTo(QA);
              assertThat(coverage.resourceType()).isEqualTo("databricks_token");
            });
    assertThat(qaTokens).isNotEmpty();
    assertThat(drift.countsByKind().get(ChangeKind.REMOVED)).isZero();
    assertThat(drift.changes())
        .hasSameSizeAs(qaTokens)
        .allSatisfy(
            change -> {
              assertThat(change.kind()).isEqualTo(ChangeKind.UNKNOWN);
              assertThat(change.resourceType()).isEqualTo("databricks_token");
              assertThat(change.scope()).isEqualTo(QA);
              assertThat(change.reason().orElseThrow())
                  .startsWith(
                      "the second scan's read of databricks_token in workspace:1000000000000202"
                          + " failed: 403");
            });
    assertThat(drift.groups()).singleElement();
  }

  @Test
  void aWorkspaceListThatFailsInTheSecondScanMakesEveryWorkspaceUnknownNeverRemoved() {
    ObjectNode faults = Estates.JSON.createObjectNode();
    faults
        .putArray("faults")
        .addObject()
        .put("match", "/api/2.0/accounts/*/workspaces")
        .put("status", 403);
    Snapshot failing = DemoScans.scan(SandboxOptions.of(declared).withFaults(faults));
    // the AWS network and buckets are read in the region of the workspace using them: without
    // the workspace list they are not read either (KMS keys carry their region in their ARN)
    long workspaceResources =
        declaredScan.resources().stream()
            .filter(
                resource ->
                    resource.scope().kind() == ScopeKind.WORKSPACE
                        || resource.type().equals(SnapshotDiff.WORKSPACES)
                        // the VPCs and buckets read are those the workspaces point at
                        || (resource.scope().kind() == ScopeKind.AWS
                            && !resource.type().startsWith("aws_iam_")
                            && !resource.type().equals("aws_kms_key")))
            .count();

    Drift drift = SnapshotDiff.compare(declaredScan, failing);

    assertThat(drift.countsByKind().get(ChangeKind.REMOVED)).isZero();
    assertThat(drift.countsByKind().get(ChangeKind.UNKNOWN)).isEqualTo(workspaceResources);
    assertThat(drift.changes())
        .filteredOn(change -> change.kind() != ChangeKind.UNKNOWN)
        .as("the workspace list failing changes nothing else")
        .isEmpty();
    // every unknown names the failed list: the list's own rows, and each unread workspace's
    assertThat(drift.groups())
        .isNotEmpty()
        .allSatisfy(
            group ->
                assertThat(group.summary())
                    .containsAnyOf(
                        "failed: 403",
                        // the AWS reads that depend on it name the list that failed them
                        "DEPENDENCY_FAILED: databricks_mws_workspaces"));
  }
}
