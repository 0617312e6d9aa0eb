package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.BaselineDrift;
import io.plumbline.policy.facts.Fact;
import io.plumbline.sandbox.DemoScans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Terraform state v4 to a baseline, on hand-written states in src/test/resources/terraform/ shaped
 * like the reference mono-repo: a for_each module per environment (module.workspace["prod"]) whose
 * workspace provider is shared by every instance, so a module mapping tells the workspace; a root
 * module for dev whose resources use the provider alias databricks.dev.
 */
class TerraformImporterTest {

  private static final Path STATES = Path.of("src/test/resources/terraform");
  private static final String PROD = "module.workspace[\"prod\"]";
  private static final List<TerraformImporter.Mapping> MAPPINGS =
      List.of(
          TerraformImporter.Mapping.parse(PROD + "=prod"),
          TerraformImporter.Mapping.parse("databricks.dev=dev"));

  private static Map<String, String> states(String... names) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (String name : names) {
      try {
        texts.put(name, Files.readString(STATES.resolve(name)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return texts;
  }

  private static TerraformImporter.Result importBoth() {
    return TerraformImporter.importStates(
        states("estate.tfstate", "dev-workspace.tfstate"), MAPPINGS);
  }

  @Test
  void everyDeclarationKeepsItsTerraformAddressWithModulePathAndIndexKey() {
    JsonNode document = importBoth().document();

    assertThat(document.at("/workspaces/prod/terraform").asText())
        .isEqualTo(PROD + ".module.account.databricks_mws_workspaces.this");
    assertThat(document.at("/account/log_delivery/audit-logs/terraform").asText())
        .isEqualTo("module.logging.databricks_mws_log_delivery.this[\"audit-logs\"]");
    assertThat(document.at("/account/metastores/example-us-east-1/terraform").asText())
        .isEqualTo("databricks_metastore.this");
    assertThat(
            document
                .at("/workspaces/prod/permission_assignments/groups/platform-admins/terraform")
                .asText())
        .isEqualTo(
            PROD
                + ".module.account.databricks_mws_permission_assignment.this[\"platform-admins\"]");
  }

  @Test
  void aModuleMappingCoversTheModulesNestedInIt() {
    JsonNode prod = importBoth().document().at("/workspaces/prod");

    assertThat(prod.path("workspace_id").asLong()).isEqualTo(1000000000000303L);
    assertThat(prod.at("/cluster_policies/fair_use/policy_id").asText())
        .isEqualTo("DA9988C79FC35526");
    assertThat(prod.at("/workspace_conf/enableResultsDownloading").asText()).isEqualTo("false");
    assertThat(
            prod.path("instance_profiles")
                .has("arn:aws:iam::111122223333:instance-profile/prod-data-engineering"))
        .isTrue();
  }

  @Test
  void aGlobalInitScriptIsImportedFromItsDeclarationAlone() {
    JsonNode script =
        importBoth().document().at("/workspaces/prod/global_init_scripts/install-monitoring-agent");

    assertThat(script.path("script_id").asText()).isEqualTo("B05F8E3C2A7D1964");
    assertThat(script.path("enabled").asBoolean()).isTrue();
    assertThat(script.path("position").asInt()).isZero();
    assertThat(script.path("terraform").asText())
        .isEqualTo(PROD + ".module.workspace.databricks_global_init_script.monitoring_agent");
    assertThat(script.has("content_base64")).as("the body is never declared").isFalse();
  }

  /**
   * Every workspace-object type imports through its declaration (generic), and the permissions of
   * each object kind into the kind's own section, named and matched by the object id.
   */
  @Test
  void workspaceObjectsAndTheirPermissionsAreImported() {
    TerraformImporter.Result result =
        TerraformImporter.importStates(states("workspace-objects.tfstate"), MAPPINGS);
    JsonNode dev = result.document().at("/workspaces/dev");

    assertThat(dev.at("/jobs/nightly-ingest").toString())
        .isEqualTo(
            "{\"terraform\":\"databricks_job.nightly_ingest\",\"git_provider\":\"gitHub\","
                + "\"git_url\":\"https://github.com/example-org/data-pipelines\",\"job_id\":101011,"
                + "\"run_as_service_principal_name\":\"c6f87718-6d76-407e-881e-d162ae2eb154\","
                + "\"tags\":{\"managed_by\":\"terraform\",\"team\":\"data-engineering\"}}");
    assertThat(dev.at("/notebooks/~1Shared~1etl~1ingest_orders/language").asText())
        .isEqualTo("PYTHON");
    assertThat(dev.at("/notebooks/~1Shared~1etl~1ingest_orders").has("content_base64")).isFalse();
    assertThat(dev.at("/directories/~1Shared~1etl/object_id").asLong()).isEqualTo(10100002L);
    assertThat(dev.at("/repos/~1Repos~1ci~1data-pipelines/provider").asText()).isEqualTo("gitHub");
    assertThat(dev.at("/secret_scopes/etl-credentials/backend_type").asText())
        .isEqualTo("DATABRICKS");
    assertThat(dev.at("/secret_acls/etl-credentials|engineering/permission").asText())
        .isEqualTo("READ");
    assertThat(dev.at("/sql_endpoints/analytics/channel_name").asText())
        .isEqualTo("CHANNEL_NAME_CURRENT");
    assertThat(dev.at("/instance_pools/etl-pool/instance_profile_arn").asText())
        .isEqualTo("arn:aws:iam::111122223333:instance-profile/dev-data-engineering");
    assertThat(dev.at("/model_serving/dev-support-summariser/serving_endpoint_id").asText())
        .isEqualTo("29ad71f0f95bdb375c136b7d8f5af01e");
    assertThat(dev.at("/job_permissions/~1jobs~1101011").toString())
        .isEqualTo(
            "{\"terraform\":\"databricks_permissions.nightly_ingest\",\"access_control\":"
                + "[{\"group_name\":\"engineering\",\"permission_level\":\"CAN_MANAGE_RUN\"},"
                + "{\"group_name\":\"data-analysts\",\"permission_level\":\"CAN_VIEW\"}],"
                + "\"object_id\":\"/jobs/101011\"}");
    assertThat(dev.at("/token_permissions/~1authorization~1tokens/object_id").asText())
        .isEqualTo("/authorization/tokens");
    assertThat(
            dev.at("/sql_endpoint_permissions/~1sql~1warehouses~15ae2c1f9a1f0a1b2/object_id")
                .asText())
        .isEqualTo("/sql/warehouses/5ae2c1f9a1f0a1b2");
    assertThat(result.imported()).isEqualTo(12);
  }

  @Test
  void aProviderAliasMapsItsResourcesToAWorkspace() {
    JsonNode dev = importBoth().document().at("/workspaces/dev");

    assertThat(dev.at("/workspace_conf/terraform").asText())
        .isEqualTo("databricks_workspace_conf.this");
    assertThat(dev.at("/cluster_policies/fair_use/definition/dbus_per_hour/maxValue").asInt())
        .isEqualTo(10);
    assertThat(dev.has("workspace_id")).as("no databricks_mws_workspaces for dev").isFalse();
  }

  @Test
  void dataSourcesNamePrincipalsButDeclareNothing() {
    JsonNode account = importBoth().document().path("account");

    assertThat(account.has("users")).isFalse();
    assertThat(account.at("/groups/platform-admins/members/users/0/name").asText())
        .isEqualTo("alice.nguyen@example.com");
    assertThat(account.at("/groups/platform-admins/members/service_principals/0/name").asText())
        .isEqualTo("terraform");
    assertThat(account.at("/groups/platform-admins/members/users/0/terraform").asText())
        .isEqualTo(
            "module.identity.databricks_group_member.this[\"platform-admins/alice.nguyen\"]");
  }

  @Test
  void anAssignmentOfAPrincipalTheStateCannotNameIsDeclaredById() {
    JsonNode assignments = importBoth().document().at("/workspaces/prod/permission_assignments");

    assertThat(assignments.at("/groups/data-engineers/permissions/0").asText()).isEqualTo("USER");
    assertThat(assignments.at("/principal_ids/7200000000000007/permissions/0").asText())
        .isEqualTo("USER");
  }

  @Test
  void rolePoliciesAttachmentsAndGrantsJoinWhatTheyAttachTo() {
    JsonNode document = importBoth().document();
    JsonNode role = document.at("/aws/iam_roles/prod-data-engineering");

    assertThat(document.at("/aws/account_id").asText()).isEqualTo("111122223333");
    assertThat(role.at("/inline_policies/prod-data-read-write/terraform").asText())
        .isEqualTo(
            PROD + ".module.workspace.aws_iam_role_policy.instance[\"prod-data-engineering\"]");
    assertThat(role.at("/managed_policy_arns").size()).isEqualTo(1);
    assertThat(role.at("/managed_policy_arns/0/name").asText())
        .isEqualTo("arn:aws:iam::111122223333:policy/shared-reference-data-read");
    assertThat(role.at("/assume_role_policy/Statement/0/Principal/Service").asText())
        .isEqualTo("ec2.amazonaws.com");
    assertThat(document.at("/workspaces/prod/cluster_policies/fair_use/can_use/groups").toString())
        .isEqualTo("[\"data-engineers\",\"data-analysts\",\"ci-deployers\"]");
  }

  @Test
  void typesBaselinesDoNotDeclareAreNamedNotImported() {
    TerraformImporter.Result result = importBoth();

    assertThat(result.notes()).anyMatch(note -> note.contains("databricks_cluster"));
    assertThat(result.document().toString()).doesNotContain("prod-etl-shared");
  }

  @Test
  void aWorkspaceLevelResourceWithoutAWorkspaceIsAnErrorNamingItsAddress() {
    assertThatThrownBy(
            () -> TerraformImporter.importStates(states("dev-workspace.tfstate"), List.of()))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("databricks_workspace_conf.this")
        .hasMessageContaining("--map databricks.ALIAS=WORKSPACE");
  }

  @Test
  void aBadMappingIsAUsageError() {
    assertThatThrownBy(() -> TerraformImporter.Mapping.parse("prod"))
        .hasMessageContaining("expected MODULE_PATH=WORKSPACE");
    assertThatThrownBy(() -> TerraformImporter.Mapping.parse("aws.prod=prod"))
        .hasMessageContaining("module path");
  }

  @Test
  void onlyStateFormatVersionFourIsRead() {
    assertThatThrownBy(
            () ->
                TerraformImporter.importStates(
                    Map.of("old.tfstate", "{\"version\": 3, \"resources\": []}"), List.of()))
        .hasMessageContaining("old.tfstate")
        .hasMessageContaining("version 3 is not supported");
    assertThatThrownBy(
            () ->
                TerraformImporter.importStates(
                    Map.of("broken.tfstate", "{\n\"version\": 4,\n\"resources\": [\n"), List.of()))
        .hasMessageStartingWith(
            "invalid Terraform state: broken.tfstate:4:1: Unexpected end-of-input: expected close"
                + " marker for Array (start marker at line 3, column 14)");
  }

  @Test
  void twoResourcesDeclaringTheSameItemAreAnError() {
    Map<String, String> twice = states("dev-workspace.tfstate");
    twice.put("copy.tfstate", twice.get("dev-workspace.tfstate"));

    assertThatThrownBy(() -> TerraformImporter.importStates(twice, MAPPINGS))
        .hasMessageContaining("both declare cluster_policies \"fair_use\"");
  }

  @Test
  void theImportIsAValidBaselineThatSurvivesYaml() {
    String yaml = BaselineYaml.text(importBoth().document(), "imported for a test");

    Baselines baselines = Baselines.parse("imported.yaml", yaml);

    assertThat(baselines.workspaceNames()).containsExactly("dev", "prod");
    assertThat(yaml).contains("Version: \"2012-10-17\"").startsWith("# imported for a test\n");
  }

  @Test
  void theImportedDeclarationsHoldOnTheEstateTheStatesDescribe() {
    Baselines baselines =
        Baselines.parse("imported.yaml", BaselineYaml.text(importBoth().document(), "imported"));
    Snapshot declared = DemoScans.scan(DemoScans.estateWith(Set.of()));

    List<Fact> drift = BaselineComparator.driftFacts(declared, baselines);

    // the states hold part of the estate: what they declare is there as declared, the rest is
    // extra (other workspaces' roles and configurations, groups outside the identity module)
    assertThat(drift)
        .map(fact -> (BaselineDrift) fact)
        .allSatisfy(fact -> assertThat(fact.getKind()).isEqualTo(BaselineDrift.Kind.EXTRA));
    assertThat(drift).map(fact -> ((BaselineDrift) fact).getName()).contains("qa");
  }
}
