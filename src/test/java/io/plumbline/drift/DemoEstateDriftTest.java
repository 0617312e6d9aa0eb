package io.plumbline.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeKind;
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
    long workspaceResources =
        declaredScan.resources().stream()
            .filter(
                resource ->
                    resource.scope().kind() == ScopeKind.WORKSPACE
                        || resource.type().equals(SnapshotDiff.WORKSPACES))
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
        .allSatisfy(group -> assertThat(group.summary()).contains("failed: 403"));
  }
}
