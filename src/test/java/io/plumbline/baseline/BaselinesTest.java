package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.model.ManagementMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading baselines: the format, inheritance, modes, and errors a person can act on. */
class BaselinesTest {

  @TempDir Path policies;

  private Baselines load(String... namesAndTexts) throws Exception {
    Path directory = Files.createDirectories(policies.resolve("baselines"));
    for (int index = 0; index < namesAndTexts.length; index += 2) {
      Files.writeString(directory.resolve(namesAndTexts[index]), namesAndTexts[index + 1]);
    }
    return Baselines.load(policies);
  }

  @Test
  void aPoliciesDirectoryWithoutBaselinesHasNone() {
    assertThat(Baselines.load(policies).isEmpty()).isTrue();
  }

  @Test
  void aWorkspaceBelongsToTiersByTagOrByListWithTheirAncestors() throws Exception {
    Baselines baselines =
        load(
            "tiers.yaml",
            """
            tiers:
              base: {description: every workspace}
              prod:
                extends: base
                applies_to: {tags: {tier: prod}}
              regulated:
                extends: [prod]
                applies_to: {workspaces: [payments, 1000000000000909]}
            """);

    assertThat(baselines.tiersOf("prod", 1, Map.of("tier", "prod")))
        .containsExactly("base", "prod");
    assertThat(baselines.tiersOf("payments", 2, Map.of()))
        .containsExactly("base", "prod", "regulated");
    assertThat(baselines.tiersOf("ledger", 1000000000000909L, Map.of()))
        .containsExactly("base", "prod", "regulated");
    assertThat(baselines.tiersOf("dev", 3, Map.of("tier", "dev"))).isEmpty();
  }

  @Test
  void aTierOverridesWhatItExtendsAndAWorkspaceEntryOverridesItsTiers() throws Exception {
    Baselines baselines =
        load(
            "base.yaml",
            """
            tiers:
              base:
                workspace_conf: {enableWebTerminal: false, enableResultsDownloading: false}
                cluster_policies:
                  fair_use:
                    definition: {autotermination_minutes: {type: fixed, value: 20}}
            """,
            "dev.yaml",
            """
            tiers:
              dev:
                extends: base
                applies_to: {tags: {tier: dev}}
                workspace_conf: {enableWebTerminal: true}
            workspaces:
              dev:
                workspace_id: 101
                cluster_policies:
                  fair_use:
                    can_use: {groups: [engineering]}
            """);

    Baselines.WorkspaceBaseline dev = baselines.forWorkspace("dev", 101, Map.of("tier", "dev"));

    assertThat(dev.tiers()).containsExactly("base", "dev");
    assertThat(dev.entry()).hasValue("dev");
    assertThat(dev.declared().at("/workspace_conf/enableWebTerminal").asBoolean()).isTrue();
    assertThat(dev.declared().at("/workspace_conf/enableResultsDownloading").asBoolean()).isFalse();
    assertThat(dev.declared().at("/cluster_policies/fair_use/definition").isObject()).isTrue();
    assertThat(dev.declared().at("/cluster_policies/fair_use/can_use/groups/0").asText())
        .isEqualTo("engineering");
    assertThat(dev.declared().location("/workspace_conf", "/workspace_conf/enableWebTerminal"))
        .endsWith("dev.yaml:5");
    assertThat(
            dev.declared().location("/workspace_conf", "/workspace_conf/enableResultsDownloading"))
        .endsWith("base.yaml:3");
  }

  @Test
  void modesDefaultFromTheMigrationTableAndCanBeOverridden() throws Exception {
    Baselines baselines =
        load(
            "modes.yaml",
            """
            defaults:
              migration: full
            tiers:
              legacy:
                applies_to: {tags: {migration: structural}}
                migration: structural
                modes: {cluster_policies: subset}
            """);

    Modes full = baselines.forWorkspace("new", 1, Map.of()).modes();
    Modes structural = baselines.forWorkspace("old", 2, Map.of("migration", "structural")).modes();

    assertThat(full.mode(BaselineKind.GROUP_MEMBERS)).isEqualTo(ManagementMode.EXACT);
    assertThat(full.mode(BaselineKind.USERS)).isEqualTo(ManagementMode.EXTERNAL);
    assertThat(structural.mode(BaselineKind.GROUP_MEMBERS)).isEqualTo(ManagementMode.SUBSET);
    assertThat(structural.mode(BaselineKind.CLUSTER_POLICY_PERMISSIONS))
        .isEqualTo(ManagementMode.OBSERVE);
    assertThat(structural.mode(BaselineKind.CLUSTER_POLICIES)).isEqualTo(ManagementMode.SUBSET);
  }

  /**
   * The migration table, row by row: Jobs and Notebooks are Terraform, Mixed, Manual; Group-Cluster
   * Permissions (the cluster ACLs) Terraform, Terraform, Manual; the instance profiles clusters run
   * with are Terraform everywhere.
   */
  @Test
  void theMigrationTableRowsOfJobsNotebooksAndClusterPermissions() throws Exception {
    Baselines baselines =
        load(
            "migration.yaml",
            """
            tiers:
              full: {applies_to: {tags: {m: full}}, migration: full}
              partial: {applies_to: {tags: {m: partial}}, migration: partial}
              structural: {applies_to: {tags: {m: structural}}, migration: structural}
            """);
    Modes full = baselines.forWorkspace("a", 1, Map.of("m", "full")).modes();
    Modes partial = baselines.forWorkspace("b", 2, Map.of("m", "partial")).modes();
    Modes structural = baselines.forWorkspace("c", 3, Map.of("m", "structural")).modes();
    for (BaselineKind kind :
        List.of(
            BaselineKind.JOBS,
            BaselineKind.NOTEBOOKS,
            BaselineKind.JOB_PERMISSIONS,
            BaselineKind.NOTEBOOK_PERMISSIONS)) {
      assertThat(List.of(full.mode(kind), partial.mode(kind), structural.mode(kind)))
          .as(kind.key())
          .containsExactly(ManagementMode.EXACT, ManagementMode.SUBSET, ManagementMode.OBSERVE);
    }
    assertThat(
            List.of(
                full.mode(BaselineKind.CLUSTER_PERMISSIONS),
                partial.mode(BaselineKind.CLUSTER_PERMISSIONS),
                structural.mode(BaselineKind.CLUSTER_PERMISSIONS)))
        .containsExactly(ManagementMode.EXACT, ManagementMode.EXACT, ManagementMode.OBSERVE);
    assertThat(
            List.of(
                full.mode(BaselineKind.INSTANCE_PROFILES),
                partial.mode(BaselineKind.INSTANCE_PROFILES),
                structural.mode(BaselineKind.INSTANCE_PROFILES)))
        .containsOnly(ManagementMode.EXACT);
  }

  @Test
  void aValueOfTheWrongKindNamesFileLineFieldAndWhatWasExpected() {
    assertThatThrownBy(
            () ->
                load(
                    "prod.yaml",
                    """
                    tiers:
                      prod:
                        modes:
                          groups: strict
                    """))
        .isInstanceOf(InvalidPolicyFileException.class)
        .hasMessageContaining("prod.yaml:4:")
        .hasMessageContaining("/tiers/prod/modes/groups")
        .hasMessageContaining("enumeration [\"exact\", \"subset\", \"observe\", \"external\"]");
  }

  @Test
  void aMisspeltKeyIsReportedOnItsOwnLine() {
    assertThatThrownBy(
            () ->
                load(
                    "dev.yaml",
                    """
                    workspaces:
                      dev:
                        workspace_id: 101
                        workspace_confs: {enableWebTerminal: false}
                    """))
        .hasMessageContaining("dev.yaml:4:")
        .hasMessageContaining("/workspaces/dev/workspace_confs")
        .hasMessageContaining("workspace_confs");
  }

  @Test
  void aPolicyDocumentGivenAsTextMustBeJson() {
    assertThatThrownBy(
            () ->
                load(
                    "iam.yaml",
                    """
                    aws:
                      iam_roles:
                        broken:
                          assume_role_policy: '{"Statement": ['
                    """))
        .hasMessageContaining("iam.yaml:4")
        .hasMessageContaining("/aws/iam_roles/broken/assume_role_policy")
        .hasMessageContaining("expected a trust policy as a JSON object");
  }

  @Test
  void aFileThatIsNotYamlNamesTheLine() {
    assertThatThrownBy(() -> load("bad.yaml", "tiers:\n  prod: [1, 2\n"))
        .hasMessageContaining("bad.yaml:3:1: expected ',' or ']', but got <stream end>");
  }

  @Test
  void anUnknownParentTierIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> load("t.yaml", "tiers:\n  base: {}\n  prod:\n    extends: bsae\n"))
        .hasMessageContaining("t.yaml:4")
        .hasMessageContaining("unknown tier \"bsae\" (expected one of: base, prod)");
  }

  @Test
  void tiersThatExtendEachOtherInACycleAreRefused() {
    assertThatThrownBy(() -> load("t.yaml", "tiers:\n  a: {extends: b}\n  b: {extends: a}\n"))
        .hasMessageContaining("cycle: a -> b -> a");
  }

  @Test
  void aTierDeclaredInTwoFilesIsRefused() {
    assertThatThrownBy(
            () -> load("a.yaml", "tiers:\n  prod: {}\n", "b.yaml", "tiers:\n  prod: {}\n"))
        .hasMessageContaining("b.yaml:2")
        .hasMessageContaining("tier \"prod\" is already declared at")
        .hasMessageContaining("a.yaml:2");
  }

  @Test
  void twoFilesDeclaringTheSameValueDifferentlyAreRefused() {
    assertThatThrownBy(
            () ->
                load(
                    "a.yaml",
                    "account:\n  metastores:\n    main: {region: us-east-1}\n",
                    "b.yaml",
                    "account:\n  metastores:\n    main: {region: eu-west-1}\n"))
        .hasMessageContaining("b.yaml:3")
        .hasMessageContaining(
            "/metastores/main/region is declared as eu-west-1 here and as us-east-1 at")
        .hasMessageContaining("a.yaml:3");
  }

  @Test
  void aBaselineMayImportTerraformStatesWhenItLoads() throws Exception {
    String state =
        Path.of("src/test/resources/terraform/dev-workspace.tfstate").toAbsolutePath().toString();
    Baselines baselines =
        load(
            "terraform.yaml",
            "terraform:\n  states: ['" + state + "']\n  map: {databricks.dev: dev}\n",
            "dev.yaml",
            "tiers:\n  dev:\n    applies_to: {tags: {tier: dev}}\n"
                + "    workspace_conf: {enableExportNotebook: false}\n");

    Baselines.WorkspaceBaseline dev = baselines.forWorkspace("dev", 101, Map.of("tier", "dev"));

    assertThat(baselines.sources()).hasSize(3);
    assertThat(dev.declared().at("/workspace_conf/enableWebTerminal").asText()).isEqualTo("false");
    assertThat(dev.declared().location("/workspace_conf", "/workspace_conf/enableWebTerminal"))
        .isEqualTo("databricks_workspace_conf.this");
    assertThat(dev.declared().location("/workspace_conf", "/workspace_conf/enableExportNotebook"))
        .endsWith("dev.yaml:4");
  }

  @Test
  void aTerraformStateThatCannotBeReadNamesTheBaselineLine() {
    assertThatThrownBy(() -> load("terraform.yaml", "\nterraform:\n  states: [missing.tfstate]\n"))
        .hasMessageContaining("terraform.yaml:3")
        .hasMessageContaining("cannot read Terraform state");
  }

  @Test
  void theDemoBaselinesLoad() {
    Baselines baselines = Baselines.load(Path.of("policies"));

    assertThat(baselines.sources()).hasSize(6);
    assertThat(baselines.forWorkspace("prod", 1000000000000303L, Map.of("tier", "prod")).tiers())
        .containsExactly("base", "prod");
  }
}
