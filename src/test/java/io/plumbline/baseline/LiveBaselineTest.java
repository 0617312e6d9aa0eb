package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.snapshot.SnapshotCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baseline accept}: reviewed live state becomes the declaration. */
class LiveBaselineTest {

  @TempDir Path policies;

  @Test
  void acceptingEveryScopeOfASnapshotGivesABaselineItDoesNotDriftFrom() throws Exception {
    Snapshot snapshot = DemoScans.scan(DemoScans.demoEstate());
    Files.createDirectories(policies.resolve("baselines"));
    List<Scope> scopes =
        snapshot.coverage().stream().map(Coverage::scope).distinct().sorted().toList();
    for (Scope scope : scopes) {
      Path file =
          policies.resolve("baselines").resolve(scope.toString().replace(':', '-') + ".yaml");
      BaselineYaml.write(file, LiveBaseline.accept(snapshot, scope), "accepted for a test");
    }

    Baselines baselines = Baselines.load(policies);

    assertThat(scopes)
        .extracting(Scope::kind)
        .contains(ScopeKind.ACCOUNT, ScopeKind.WORKSPACE, ScopeKind.AWS);
    assertThat(baselines.workspaceNames()).containsExactly("dev", "prod", "qa", "sandbox-ml");
    assertThat(BaselineComparator.driftFacts(snapshot, baselines)).isEmpty();
    // the workspace objects are accepted too, each object kind's grants in its own section
    assertThat(Files.readString(policies.resolve("baselines/workspace-1000000000000101.yaml")))
        .contains("  jobs:", "  notebooks:", "  directories:", "  repos:", "  secret_acls:")
        .contains("  sql_endpoints:", "  instance_pools:", "  model_serving:")
        .contains("  cluster_permissions:", "  job_permissions:", "  token_permissions:")
        .doesNotContain("/Users/tomas.novak@example.com");
  }

  @Test
  void anAcceptedWorkspaceNamesPrincipalsAndSaysItHasNoMetastore() throws Exception {
    Snapshot snapshot = DemoScans.scan(DemoScans.demoEstate());

    String yaml =
        BaselineYaml.text(
            LiveBaseline.accept(snapshot, Scope.workspace(1000000000000404L)), "sandbox-ml");

    assertThat(yaml)
        .contains("sandbox-ml:")
        .contains("metastore_assignment: null")
        .contains("platform-admins:")
        .contains("- data-scientists");
  }

  @Test
  void aScopeThatWasNotReadCompletelyCannotBeAccepted() {
    Scope workspace = Scope.workspace(1001);
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-11-21T00:00:00Z"),
            List.of(
                Coverage.complete(workspace, "databricks_cluster_policy"),
                Coverage.failed(
                    workspace,
                    "databricks_group",
                    new FailureReason(OptionalInt.of(503), "TEMPORARILY_UNAVAILABLE", "down", 4))),
            List.of(),
            CollectionStats.empty());

    assertThatThrownBy(() -> LiveBaseline.accept(snapshot, workspace))
        .isInstanceOfSatisfying(
            PlumblineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessageContaining("databricks_group: 503 TEMPORARILY_UNAVAILABLE");
    assertThatThrownBy(() -> LiveBaseline.accept(snapshot, Scope.workspace(2002)))
        .hasMessageContaining("scope workspace:2002 is not in snapshot");
  }
}
