package io.plumbline.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DatabricksFactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Scope ACCOUNT = Scope.account("c0ffee00-0000-4000-8000-000000000001");
  private static final Scope WORKSPACE = Scope.workspace(1001);

  private static Resource resource(String type, Scope scope, String id, String attributes) {
    try {
      return new Resource(type, id, scope, (ObjectNode) JSON.readTree(attributes));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(attributes, e);
    }
  }

  private static List<Fact> facts(Resource resource) {
    return DatabricksFacts.BY_TYPE.get(resource.type()).apply(resource);
  }

  private static <T extends Fact> T only(Class<T> type, Resource resource) {
    List<Fact> facts = facts(resource);
    assertThat(facts).hasSize(1).first().isInstanceOf(type);
    return type.cast(facts.get(0));
  }

  private static ResourceFact declared(Resource resource) {
    return FactDeclarations.find(resource.type()).orElseThrow().fact(resource);
  }

  private static ClusterPolicy policy(String autotermination) {
    return policyWithDefinition("{\"autotermination_minutes\": " + autotermination + "}");
  }

  private static ClusterPolicy policyWithDefinition(String definition) {
    return only(
        ClusterPolicy.class,
        resource(
            "databricks_cluster_policy",
            WORKSPACE,
            "C2BD818319478DA6",
            "{\"name\": \"fair_use\", \"definition\": " + definition + "}"));
  }

  // ---- identities -------------------------------------------------------------------------------

  @Test
  void aWorkspaceKnowsItsMetastoreAndWhetherItRuns() {
    Workspace assigned =
        only(
            Workspace.class,
            resource(
                "databricks_mws_workspaces",
                ACCOUNT,
                "1001",
                """
                {"workspace_id": 1001, "workspace_name": "dev", "aws_region": "us-east-1",
                 "workspace_status": "RUNNING", "metastore_id": "907a70c3",
                 "custom_tags": {"tier": "dev"}, "storage_customer_managed_key_id": null}
                """));
    Workspace provisioning =
        only(
            Workspace.class,
            resource(
                "databricks_mws_workspaces",
                ACCOUNT,
                "1002",
                "{\"workspace_status\": \"PROVISIONING\", \"metastore_id\": null}"));

    assertThat(assigned.getWorkspaceId()).isEqualTo("1001");
    assertThat(assigned.isMetastoreAssigned()).isTrue();
    assertThat(assigned.isRunning()).isTrue();
    assertThat(assigned.getCustomTags()).containsEntry("tier", "dev");
    assertThat(assigned.getStorageCustomerManagedKeyId()).isEmpty();
    assertThat(provisioning.isMetastoreAssigned()).isFalse();
    assertThat(provisioning.isRunning()).isFalse();
    assertThat(provisioning.isStatusKnown()).isTrue();
  }

  @Test
  void aWorkspaceStatusPlumblineDoesNotKnowIsNeitherRunningNorKnown() {
    for (String attributes :
        List.of("{\"workspace_status\": \"DEGRADED\"}", "{\"workspace_status\": null}", "{}")) {
      Workspace workspace =
          only(Workspace.class, resource("databricks_mws_workspaces", ACCOUNT, "1003", attributes));

      assertThat(workspace.isRunning()).as(attributes).isFalse();
      assertThat(workspace.isStatusKnown()).as(attributes).isFalse();
    }
  }

  @Test
  void aWorkspaceConfKeyMissingFromTheSnapshotIsUnknownWhileANullOneIsUnset() {
    List<WorkspaceConf> facts =
        facts(
                resource(
                    "databricks_workspace_conf",
                    Scope.workspace(1001),
                    "_",
                    "{\"custom_config\": {\"enableIpAccessLists\": null}}"))
            .stream()
            .filter(WorkspaceConf.class::isInstance)
            .map(WorkspaceConf.class::cast)
            .toList();
    WorkspaceConf unset =
        facts.stream()
            .filter(f -> f.getKey().equals("enableIpAccessLists"))
            .findFirst()
            .orElseThrow();
    WorkspaceConf unknown =
        facts.stream()
            .filter(f -> f.getKey().equals("enableWebTerminal"))
            .findFirst()
            .orElseThrow();

    assertThat(unset.isKnown()).isTrue();
    assertThat(unset.isSet()).isFalse();
    assertThat(unknown.isKnown()).isFalse();
    assertThat(unknown.isSet()).isFalse();
  }

  @Test
  void aUserWithoutExternalIdIsLocalAndOnlyInstanceProfileRolesCountAsInstanceProfiles() {
    User local =
        only(
            User.class,
            resource(
                "databricks_user",
                WORKSPACE,
                "7100000000000099",
                """
                {"user_name": "local@example.com", "external_id": null, "scim_provisioned": false,
                 "roles": ["account_admin", "arn:aws:iam::111122223333:instance-profile/dev"]}
                """));
    User provisioned =
        only(
            User.class,
            resource(
                "databricks_user",
                ACCOUNT,
                "7100000000000001",
                "{\"user_name\": \"alice@example.com\", \"external_id\": \"00uC3J\"}"));

    assertThat(local.isScimProvisioned()).isFalse();
    assertThat(local.isActive()).as("SCIM's default").isTrue();
    assertThat(local.getWorkspaceId()).isEqualTo("1001");
    assertThat(local.isAccountLevel()).isFalse();
    assertThat(local.getInstanceProfiles())
        .containsExactly("arn:aws:iam::111122223333:instance-profile/dev");
    assertThat(provisioned.isScimProvisioned()).isTrue();
    assertThat(provisioned.isAccountLevel()).isTrue();
  }

  @Test
  void aGroupCarriesItsDirectAndEffectiveMembers() {
    Group group =
        only(
            Group.class,
            resource(
                "databricks_group",
                ACCOUNT,
                "7200000000000006",
                """
                {"display_name": "engineering",
                 "members": {"groups": ["7200000000000003"], "service_principals": [], "users": []},
                 "effective_members": {"service_principals": ["7300000000000002"],
                                       "users": ["7100000000000003"]}}
                """));
    Group admins =
        only(
            Group.class,
            resource(
                "databricks_group",
                WORKSPACE,
                "7400000000000011",
                """
                {"display_name": "admins", "workspace_local": true,
                 "members": {"users": ["7100000000000011"]}}
                """));

    assertThat(group.getMemberGroups()).containsExactly("7200000000000003");
    assertThat(group.getEffectiveUsers()).containsExactly("7100000000000003");
    assertThat(group.getEffectiveServicePrincipals()).containsExactly("7300000000000002");
    assertThat(group.isWorkspaceLocal()).isFalse();
    assertThat(admins.isWorkspaceLocal()).isTrue();
    assertThat(admins.getMemberUsers()).containsExactly("7100000000000011");
    assertThat(admins.getEffectiveUsers()).as("known at account level only").isEmpty();
  }

  @Test
  void aPermissionAssignmentNamesItsPrincipalByTextId() {
    PermissionAssignment assignment =
        only(
            PermissionAssignment.class,
            resource(
                "databricks_mws_permission_assignment",
                WORKSPACE,
                "1001|7100000000000020",
                """
                {"workspace_id": 1001, "principal_id": 7100000000000020, "principal_kind": "user",
                 "principal_name": "tomas@example.com", "permissions": ["ADMIN", "USER"]}
                """));

    assertThat(assignment.getPrincipalId()).isEqualTo("7100000000000020");
    assertThat(assignment.getWorkspaceId()).isEqualTo("1001");
    assertThat(assignment.isAdmin()).isTrue();
  }

  // ---- workspace configuration ------------------------------------------------------------------

  @Test
  void aWorkspaceConfGivesOneFactPerKnownKeySetOrNotAndPerUnknownKey() {
    List<Fact> facts =
        facts(
            resource(
                "databricks_workspace_conf",
                WORKSPACE,
                "_",
                """
                {"custom_config": {"enableResultsDownloading": "False", "enableWebTerminal": null,
                                   "maxTokenLifetimeDays": "90", "enableFutureThing": "true"}}
                """));

    assertThat(facts)
        .hasSize(WorkspaceConf.KNOWN_KEYS.size() + 1)
        .allMatch(
            fact ->
                fact.ref().equals(new ResourceRef("databricks_workspace_conf", WORKSPACE, "_")));
    assertThat(facts)
        .map(WorkspaceConf.class::cast)
        .filteredOn(
            conf ->
                List.of(
                        "enableResultsDownloading",
                        "enableWebTerminal",
                        "enableVerboseAuditLogs",
                        "maxTokenLifetimeDays",
                        "enableFutureThing")
                    .contains(conf.getKey()))
        .extracting(
            WorkspaceConf::getKey,
            WorkspaceConf::isSet,
            WorkspaceConf::isEnabled,
            WorkspaceConf::isDisabled,
            WorkspaceConf::getValueOrNull)
        .containsExactlyInAnyOrder(
            tuple("enableResultsDownloading", true, false, true, "False"),
            tuple("enableWebTerminal", false, false, false, null),
            tuple("enableVerboseAuditLogs", false, false, false, null),
            tuple("maxTokenLifetimeDays", true, false, false, "90"),
            tuple("enableFutureThing", true, true, false, "true"));
  }

  @Test
  void aWholeNumberConfValueIsReadAsOneAndAnythingElseIsNot() {
    WorkspaceConf ninety = new WorkspaceConf(ref(), "1001", "maxTokenLifetimeDays", " 90 ", true);
    WorkspaceConf text = new WorkspaceConf(ref(), "1001", "maxTokenLifetimeDays", "ninety", true);
    WorkspaceConf unset = new WorkspaceConf(ref(), "1001", "maxTokenLifetimeDays", null, true);

    assertThat(ninety.isWholeNumber()).isTrue();
    assertThat(ninety.getNumberValue()).isEqualTo(90);
    assertThat(text.isWholeNumber()).isFalse();
    assertThat(text.getNumberValue()).isZero();
    assertThat(unset.isWholeNumber()).isFalse();
    assertThat(unset.getValue()).isEmpty();
  }

  private static ResourceRef ref() {
    return new ResourceRef("databricks_workspace_conf", WORKSPACE, "_");
  }

  // ---- cluster policies -------------------------------------------------------------------------

  @Test
  void aFixedAutoterminationIsItsOwnMaximumUnlessItIsZero() {
    assertThat(
            policy("{\"type\": \"fixed\", \"value\": 20, \"hidden\": true}")
                .autoterminationMaximum())
        .isEqualTo(OptionalLong.of(20));
    assertThat(policy("{\"type\": \"fixed\", \"value\": 240}").autoterminationMaximum())
        .isEqualTo(OptionalLong.of(240));
    assertThat(policy("{\"type\": \"fixed\", \"value\": \"45\"}").autoterminationMaximum())
        .as("a quoted number")
        .isEqualTo(OptionalLong.of(45));
    assertThat(policy("{\"type\": \"fixed\", \"value\": 0}").autoterminationMaximum())
        .as("0 turns autotermination off")
        .isEmpty();
  }

  @Test
  void aRangeBoundsAutoterminationOnlyWhenItsMinimumKeepsZeroOut() {
    assertThat(
            policy("{\"type\": \"range\", \"minValue\": 10, \"maxValue\": 60}")
                .autoterminationMaximum())
        .isEqualTo(OptionalLong.of(60));
    assertThat(policy("{\"type\": \"range\", \"maxValue\": 60}").autoterminationMaximum())
        .as("no minValue: 0 is allowed")
        .isEmpty();
    assertThat(
            policy("{\"type\": \"range\", \"minValue\": 0, \"maxValue\": 60}")
                .autoterminationMaximum())
        .isEmpty();
    assertThat(policy("{\"type\": \"range\", \"minValue\": 10}").autoterminationMaximum())
        .as("no maxValue")
        .isEmpty();
  }

  @Test
  void anAllowlistBoundsAutoterminationByItsLargestValue() {
    assertThat(policy("{\"type\": \"allowlist\", \"values\": [15, 30]}").autoterminationMaximum())
        .isEqualTo(OptionalLong.of(30));
    assertThat(policy("{\"type\": \"allowlist\", \"values\": [0, 30]}").autoterminationMaximum())
        .isEmpty();
  }

  @Test
  void anAbsentFreeOptionalOrForbiddenAutoterminationIsUnbounded() {
    assertThat(policyWithDefinition("{}").autoterminationMaximum()).isEmpty();
    assertThat(policyWithDefinition("null").autoterminationMaximum()).isEmpty();
    assertThat(policyWithDefinition("\"not json {\"").autoterminationMaximum()).isEmpty();
    assertThat(policy("{\"type\": \"unlimited\"}").autoterminationMaximum()).isEmpty();
    assertThat(policy("{\"type\": \"forbidden\"}").autoterminationMaximum()).isEmpty();
    assertThat(
            policy("{\"type\": \"fixed\", \"value\": 20, \"isOptional\": true}")
                .autoterminationMaximum())
        .isEmpty();

    ClusterPolicy unbounded = policyWithDefinition("{}");
    assertThat(unbounded.isAutoterminationBounded()).isFalse();
    assertThat(unbounded.getAutoterminationMaximumMinutes()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aFamilyOverrideReplacesTheDefinitionsElement() {
    ClusterPolicy policy =
        only(
            ClusterPolicy.class,
            resource(
                "databricks_cluster_policy",
                WORKSPACE,
                "F7EAED46725A2A7B",
                """
                {"definition": null, "policy_family_id": "personal-vm",
                 "policy_family_definition_overrides":
                   {"autotermination_minutes": {"type": "fixed", "value": 30},
                    "dbus_per_hour": {"type": "range", "maxValue": 4}}}
                """));

    assertThat(policy.autoterminationMaximum()).isEqualTo(OptionalLong.of(30));
    assertThat(policy.dbuPerHourMaximum()).isEqualTo(OptionalDouble.of(4));
  }

  @Test
  void theDbuCapIsTheLargestValueThePolicyAllows() {
    assertThat(
            policyWithDefinition("{\"dbus_per_hour\": {\"type\": \"range\", \"maxValue\": 10}}")
                .dbuPerHourMaximum())
        .isEqualTo(OptionalDouble.of(10));
    assertThat(
            policyWithDefinition("{\"dbus_per_hour\": {\"type\": \"fixed\", \"value\": 2.5}}")
                .dbuPerHourMaximum())
        .isEqualTo(OptionalDouble.of(2.5));
    assertThat(
            policyWithDefinition(
                    "{\"dbus_per_hour\": {\"type\": \"allowlist\", \"values\": [2, 8, 4]}}")
                .dbuPerHourMaximum())
        .isEqualTo(OptionalDouble.of(8));
    assertThat(
            policyWithDefinition("{\"dbus_per_hour\": {\"type\": \"range\", \"minValue\": 1}}")
                .dbuPerHourMaximum())
        .isEmpty();
    assertThat(policyWithDefinition("{}").dbuPerHourMaximum()).isEmpty();
    assertThat(policyWithDefinition("{}").isDbuPerHourCapped()).isFalse();
  }

  @Test
  void aPolicyFixedToJobClustersIsJobOnly() {
    assertThat(
            policyWithDefinition("{\"cluster_type\": {\"type\": \"fixed\", \"value\": \"job\"}}")
                .isJobClustersOnly())
        .isTrue();
    assertThat(
            policyWithDefinition(
                    "{\"cluster_type\": {\"type\": \"allowlist\", \"values\": [\"dlt\", \"job\"]}}")
                .isJobClustersOnly())
        .isTrue();
    assertThat(
            policyWithDefinition(
                    "{\"cluster_type\": {\"type\": \"allowlist\","
                        + " \"values\": [\"all-purpose\", \"job\"]}}")
                .isJobClustersOnly())
        .isFalse();
    assertThat(policyWithDefinition("{}").isJobClustersOnly()).isFalse();
  }

  @Test
  void clusterPolicyPermissionsGiveOneGrantPerPrincipalAndOtherObjectsNone() {
    List<Fact> grants =
        facts(
            resource(
                "databricks_permissions",
                WORKSPACE,
                "/cluster-policies/C2BD818319478DA6",
                """
                {"object_id": "/cluster-policies/C2BD818319478DA6",
                 "cluster_policy_id": "C2BD818319478DA6",
                 "access_control": [
                   {"group_name": "engineering", "permission_level": "CAN_USE"},
                   {"service_principal_name": "ec66a787", "permission_level": "CAN_USE"},
                   {"user_name": "kara@example.com", "permission_level": "CAN_USE"}]}
                """));
    List<Fact> none =
        facts(
            resource(
                "databricks_permissions",
                WORKSPACE,
                "/clusters/0312-101500-w727ehwp",
                "{\"access_control\": [{\"user_name\": \"kara@example.com\"}]}"));

    assertThat(grants)
        .map(ClusterPolicyGrant.class::cast)
        .extracting(
            ClusterPolicyGrant::getPolicyId,
            ClusterPolicyGrant::getPrincipalKind,
            ClusterPolicyGrant::getAttribute)
        .containsExactly(
            tuple("C2BD818319478DA6", "group", "access_control[group_name=engineering]"),
            tuple(
                "C2BD818319478DA6",
                "service_principal",
                "access_control[service_principal_name=ec66a787]"),
            tuple("C2BD818319478DA6", "user", "access_control[user_name=kara@example.com]"));
    assertThat(none).isEmpty();
  }

  @Test
  void aClusterWithoutAutoterminationNeverTerminatesAndJobClustersAreNotInteractive() {
    ResourceFact adhoc =
        declared(
            resource(
                "databricks_cluster",
                WORKSPACE,
                "1120-101010-adhoc001",
                "{\"cluster_source\": \"UI\", \"policy_id\": null}"));
    ResourceFact job =
        declared(
            resource(
                "databricks_cluster",
                WORKSPACE,
                "1120-093000-jobrun01",
                "{\"cluster_source\": \"JOB\", \"policy_id\": \"C2BD818319478DA6\"}"));

    assertThat(adhoc.properties())
        .containsEntry("clusterId", "1120-101010-adhoc001")
        .containsEntry("autoterminationMinutes", 0L)
        .containsEntry("interactive", true)
        .containsEntry("policyAssigned", false);
    assertThat(job.properties())
        .containsEntry("interactive", false)
        .containsEntry("policyAssigned", true);
  }

  // ---- tokens and Unity Catalog -----------------------------------------------------------------

  @Test
  void aTokensLastActivityIsItsLastUseOrElseItsCreation() {
    Token used =
        only(
            Token.class,
            resource(
                "databricks_token",
                WORKSPACE,
                "tok-used",
                """
                {"created_by_username": "ana@example.com", "owner_id": 7100000000000001,
                 "creation_time": 1792054800000, "expiry_time": 1799830800000,
                 "last_used_day": 1795132800000}
                """));
    Token unused =
        only(
            Token.class,
            resource(
                "databricks_token",
                WORKSPACE,
                "tok-unused",
                "{\"creation_time\": 1792054800000, \"expiry_time\": -1}"));
    long today = new Clock(Instant.parse("2026-11-21T00:00:00Z")).getEpochDay();

    assertThat(used.getOwnerId()).isEqualTo("7100000000000001");
    assertThat(used.getLifetimeDays()).isEqualTo(90);
    assertThat(used.getLastActivityEpochDay()).isEqualTo(today - 1);
    assertThat(unused.isEverUsed()).isFalse();
    assertThat(unused.getLastActivityEpochDay()).isEqualTo(1792054800000L / 86_400_000L);
    assertThat(unused.getLifetimeDays()).isEqualTo(-1);
    assertThat(unused.getOwnerId()).isEmpty();
  }

  @Test
  void catalogsAndCredentialsSpellIsolationTheirOwnWay() {
    ResourceFact catalog =
        declared(
            resource("databricks_catalog", WORKSPACE, "dev", "{\"isolation_mode\": \"ISOLATED\"}"));
    ResourceFact credential =
        declared(
            resource(
                "databricks_storage_credential",
                WORKSPACE,
                "dev-catalog-credential",
                "{\"isolation_mode\": \"ISOLATION_MODE_ISOLATED\"}"));
    ResourceFact location =
        declared(
            resource(
                "databricks_external_location",
                WORKSPACE,
                "open-location",
                "{\"isolation_mode\": \"ISOLATION_MODE_OPEN\", \"credential_name\": \"c\"}"));

    assertThat(catalog.factType()).isEqualTo("Catalog");
    assertThat(catalog.get("isolated")).isEqualTo(true);
    assertThat(catalog.get("catalogTypeKnown")).isEqualTo(false);
    assertThat(credential.get("isolated")).isEqualTo(true);
    assertThat(location.get("isolated")).isEqualTo(false);
    assertThat(location.get("credentialName")).isEqualTo("c");
    assertThat(location.get("url")).isEqualTo("");
    assertThat(location.workspaceId()).isEqualTo("1001");
  }

  @Test
  void aGlobalInitScriptKnowsWhetherItsEnabledFlagWasSent() {
    ResourceFact sent =
        declared(
            resource(
                "databricks_global_init_script",
                WORKSPACE,
                "A1",
                "{\"script_id\": \"A1\", \"enabled\": true, \"position\": 2,"
                    + " \"created_by\": \"ops@example.com\"}"));
    ResourceFact leftOut =
        declared(resource("databricks_global_init_script", WORKSPACE, "B2", "{}"));

    assertThat(sent.properties())
        .containsEntry("scriptId", "A1")
        .containsEntry("enabled", true)
        .containsEntry("enabledKnown", true)
        .containsEntry("position", 2L)
        .containsEntry("createdBy", "ops@example.com")
        .containsEntry("updatedAt", 0L);
    assertThat(leftOut.properties())
        .containsEntry("enabled", false)
        .containsEntry("enabledKnown", false);
  }

  @Test
  void aMetastoreWithoutRecipientTokenLifetimeHasTokensThatNeverExpire() {
    ResourceFact metastore =
        declared(
            resource(
                "databricks_metastore",
                ACCOUNT,
                "907a70c3",
                """
                {"name": "example-us-east-1", "region": "us-east-1", "storage_root": null,
                 "delta_sharing_scope": "INTERNAL_AND_EXTERNAL"}
                """));

    assertThat(metastore.properties())
        .containsEntry("externalSharingEnabled", true)
        .containsEntry("deltaSharingScopeKnown", true)
        .containsEntry("deltaSharingRecipientTokenLifetimeInSeconds", 0L)
        .containsEntry("rootStorageSet", false)
        .containsEntry("storageRoot", "");
  }

  @Test
  void missingAttributesNeverStopAFact() {
    for (String type : DatabricksFacts.BY_TYPE.keySet()) {
      Resource empty =
          new Resource(type, "/cluster-policies/X", WORKSPACE, JSON.createObjectNode());

      assertThat(facts(empty)).as(type).allMatch(fact -> fact.ref().type().equals(type));
    }
  }
}
