package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** A full collection of the default estate with the real SDK against the sandbox. */
@TestInstance(Lifecycle.PER_CLASS)
class DatabricksCollectorTest {

  private SandboxHarness sandbox;
  private JsonNode estate;
  private Collection collection;
  private long requestsServed;
  private Scope account;

  @BeforeAll
  void collectTheDefaultEstate() {
    sandbox = SandboxHarness.startDefault();
    estate = sandbox.document();
    account = Scope.account(sandbox.accountId());
    collection = sandbox.collect();
    requestsServed = sandbox.requestTotal();
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  private Scope workspace(String name) {
    return Scope.workspace(sandbox.workspaceId(name));
  }

  private List<String> workspaceNames() {
    List<String> names = new ArrayList<>();
    estate.path("workspaces").fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyReadIsCompleteWithOneRowPerScopeAndDeclaredType() {
    assertThat(collection.result().coverage())
        .as("failed reads")
        .filteredOn(row -> !row.isComplete())
        .isEmpty();
    Set<String> expectedRows = new TreeSet<>();
    for (ResourceTypeSpec spec : DatabricksCollector.declaredResourceTypes()) {
      if (spec.scopeKind() == ScopeKind.ACCOUNT) {
        expectedRows.add(ExpectedCounts.key(account, spec.type()));
      } else {
        workspaceNames()
            .forEach(name -> expectedRows.add(ExpectedCounts.key(workspace(name), spec.type())));
      }
    }
    Set<String> rows =
        collection.result().coverage().stream()
            .map(row -> ExpectedCounts.key(row.scope(), row.resourceType()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(rows).isEqualTo(expectedRows);
  }

  @Test
  void everySeededResourceIsCollected() {
    Map<String, Integer> collected = new TreeMap<>();
    for (Coverage row : collection.result().coverage()) {
      collected.put(ExpectedCounts.key(row.scope(), row.resourceType()), 0);
    }
    for (Resource resource : collection.result().resources()) {
      collected.merge(ExpectedCounts.key(resource.scope(), resource.type()), 1, Integer::sum);
    }
    assertThat(collected).isEqualTo(ExpectedCounts.of(estate));
    assertThat(collection.result().resources()).hasSizeGreaterThan(300);
  }

  @Test
  void aWorkspaceWithoutMetastoreHasCompleteEmptyUnityCatalogReadsWithTheReason() {
    Scope sandboxMl = workspace("sandbox-ml");
    for (String type :
        List.of(
            "databricks_catalog",
            "databricks_storage_credential",
            "databricks_external_location",
            "databricks_metastore_assignment")) {
      Coverage row = collection.coverage(sandboxMl, type);
      assertThat(row.isComplete()).as(type).isTrue();
      assertThat(row.note()).as(type).contains("no metastore assigned to the workspace");
      assertThat(collection.resources(sandboxMl, type)).as(type).isEmpty();
    }
    assertThat(collection.coverage(workspace("prod"), "databricks_catalog").note()).isEmpty();
  }

  @Test
  void workspacesCarryTheirMetastoreFromTheMetastoresWorkspaceLists() {
    String metastoreId = estate.path("metastores").elements().next().path("metastore_id").asText();
    for (String name : workspaceNames()) {
      Resource workspace =
          collection
              .resource(
                  account, "databricks_mws_workspaces", Long.toString(sandbox.workspaceId(name)))
              .orElseThrow();
      JsonNode assignment = estate.path("workspaces").path(name).path("metastore_assignment");
      if (assignment.isObject()) {
        assertThat(workspace.attribute("/metastore_id").asText()).as(name).isEqualTo(metastoreId);
        Resource assigned =
            collection
                .resource(
                    workspace(name),
                    "databricks_metastore_assignment",
                    sandbox.workspaceId(name) + "|" + metastoreId)
                .orElseThrow();
        assertThat(assigned.attribute("/default_catalog_name").asText())
            .isEqualTo(assignment.path("default_catalog_name").asText());
      } else {
        assertThat(workspace.attribute("/metastore_id").isNull()).as(name).isTrue();
      }
      assertThat(workspace.attribute("/workspace_name").asText()).isEqualTo(name);
      assertThat(workspace.attribute("/deployment_name").asText())
          .isEqualTo(estate.path("workspaces").path(name).path("deployment_name").asText());
    }
  }

  @Test
  void scimProvisionedUsersAreMarkedAtAccountAndWorkspaceLevel() {
    List<Resource> users = collection.resources("databricks_user");
    assertThat(users).isNotEmpty();
    for (Resource user : users) {
      JsonNode declared = estate.path("users").path(user.attribute("/user_name").asText());
      assertThat(declared.isObject()).as(user.address()).isTrue();
      boolean provisioned = declared.hasNonNull("externalId");
      assertThat(user.attribute("/scim_provisioned").asBoolean())
          .as(user.address())
          .isEqualTo(provisioned);
      assertThat(user.attribute("/external_id").asText(null))
          .isEqualTo(provisioned ? declared.path("externalId").asText() : null);
    }
    assertThat(collection.resources("databricks_service_principal"))
        .allSatisfy(sp -> assertThat(sp.attribute("/scim_provisioned").asBoolean()).isFalse());
  }

  @Test
  void accountGroupsCarryDirectMembersByKindAndEffectiveMembersThroughNesting() {
    Resource engineering = accountGroup("engineering");
    Set<String> expectedUsers = new TreeSet<>();
    for (String nested : List.of("data-engineers", "data-scientists")) {
      estate
          .path("groups")
          .path(nested)
          .path("members")
          .path("users")
          .forEach(user -> expectedUsers.add(userId(user.asText())));
    }
    assertThat(texts(engineering.attribute("/effective_members/users")))
        .containsExactlyElementsOf(expectedUsers);
    assertThat(texts(engineering.attribute("/members/groups")))
        .containsExactlyInAnyOrder(groupId("data-engineers"), groupId("data-scientists"));
    assertThat(texts(engineering.attribute("/members/users"))).isEmpty();

    Resource platformAdmins = accountGroup("platform-admins");
    assertThat(texts(platformAdmins.attribute("/members/service_principals")))
        .containsExactly(estate.path("service_principals").path("terraform").path("id").asText());
    assertThat(texts(platformAdmins.attribute("/effective_members/service_principals")))
        .containsExactly(estate.path("service_principals").path("terraform").path("id").asText());

    Resource membership =
        collection
            .resource(
                account,
                "databricks_group_member",
                groupId("engineering") + "|" + groupId("data-engineers"))
            .orElseThrow();
    assertThat(membership.attribute("/member_kind").asText()).isEqualTo("group");
  }

  @Test
  void workspaceGroupsTellLocalGroupsFromAccountGroups() {
    Scope prod = workspace("prod");
    Resource admins =
        collection.resources(prod, "databricks_group").stream()
            .filter(group -> group.attribute("/display_name").asText().equals("admins"))
            .findFirst()
            .orElseThrow();
    assertThat(admins.attribute("/workspace_local").asBoolean()).isTrue();
    assertThat(texts(admins.attribute("/members/users")))
        .contains(userId("kara.singh@example.com"));
    Resource adhoc =
        collection
            .resource(prod, "databricks_group", groupId("adhoc-marketing-analysts"))
            .orElseThrow();
    assertThat(adhoc.attribute("/workspace_local").asBoolean()).isFalse();
  }

  @Test
  void clusterPolicyDefinitionsAreNormalisedObjects() {
    List<Resource> policies = collection.resources("databricks_cluster_policy");
    assertThat(policies).isNotEmpty();
    assertThat(policies)
        .allSatisfy(p -> assertThat(p.attribute("/definition").isObject()).isTrue());
    Resource qa = collection.resources(workspace("qa"), "databricks_cluster_policy").get(0);
    assertThat(qa.attribute("/definition/autotermination_minutes/value").asLong()).isEqualTo(240);
    assertThat(qa.attribute("/definition/autotermination_minutes/hidden").asBoolean()).isTrue();
    assertThat(qa.attribute("/definition/custom_tags.Team/isOptional").isMissingNode()).isTrue();
  }

  @Test
  void policyPermissionsHoldTheDirectGrantsOnly() {
    for (String name : workspaceNames()) {
      for (Iterator<Map.Entry<String, JsonNode>> policies =
              estate.path("workspaces").path(name).path("cluster_policies").fields();
          policies.hasNext(); ) {
        JsonNode policy = policies.next().getValue();
        String id = "/cluster-policies/" + policy.path("policy_id").asText();
        Resource permissions =
            collection.resource(workspace(name), "databricks_permissions", id).orElseThrow();
        List<String> expected = new ArrayList<>();
        policy
            .path("permissions")
            .forEach(
                grant ->
                    expected.add(
                        grant.path("group_name").asText()
                            + " "
                            + grant.path("permission_level").asText()));
        List<String> actual = new ArrayList<>();
        permissions
            .attribute("/access_control")
            .forEach(
                grant ->
                    actual.add(
                        grant.path("group_name").asText()
                            + " "
                            + grant.path("permission_level").asText()));
        assertThat(actual).as(id).containsExactlyElementsOf(expected.stream().sorted().toList());
      }
    }
  }

  @Test
  void workspaceConfShowsEveryKnownKeyAndTheProdDrift() {
    Resource conf =
        collection.resource(workspace("prod"), "databricks_workspace_conf", "_").orElseThrow();
    JsonNode customConfig = conf.attribute("/custom_config");
    assertThat(customConfig.get("enableResultsDownloading").asText()).isEqualTo("true");
    assertThat(customConfig.size()).isEqualTo(WorkspaceReads.WORKSPACE_CONF_KEYS.size());
    JsonNode declared = estate.path("workspaces").path("prod").path("workspace_conf");
    for (String key : WorkspaceReads.WORKSPACE_CONF_KEYS) {
      JsonNode value = declared.get(key);
      if (value == null || value.isNull()) {
        assertThat(customConfig.get(key).isNull()).as(key).isTrue();
      } else {
        assertThat(customConfig.get(key).asText()).as(key).isEqualTo(value.asText());
      }
    }
  }

  @Test
  void credentialsCarryTheExternalIdTheSdkModelDrops() {
    List<Resource> credentials = collection.resources(account, "databricks_mws_credentials");
    assertThat(credentials).isNotEmpty();
    for (Resource credential : credentials) {
      JsonNode declared =
          estate.path("credentials").path(credential.attribute("/credentials_name").asText());
      assertThat(credential.attribute("/external_id").asText())
          .isEqualTo(declared.path("external_id").asText());
      assertThat(credential.attribute("/role_arn").asText())
          .isEqualTo(declared.path("role_arn").asText());
    }
  }

  @Test
  void accountIpAccessToggleAndTokensAreRead() {
    Resource toggle =
        collection
            .resource(account, "databricks_account_ip_access_enabled", "acct_ip_acl_enable")
            .orElseThrow();
    assertThat(toggle.attribute("/enabled").asBoolean())
        .isEqualTo(estate.path("ip_access_lists").path("enabled").asBoolean());
    Resource neverExpires =
        collection
            .resource(
                workspace("qa"),
                "databricks_token",
                "58b081006f7e3dfc967a64cb14028d512c9791e558e08baa7196b50ac2f86702")
            .orElseThrow();
    assertThat(neverExpires.attribute("/expiry_time").asLong()).isEqualTo(-1);
    assertThat(neverExpires.attribute("/owner_id").asText())
        .isEqualTo(userId("hiro.tanaka@example.com"));
  }

  @Test
  void clustersCarryTheirPolicyAndInstanceProfile() {
    Resource cluster =
        collection
            .resource(workspace("dev"), "databricks_cluster", "0312-101500-w727ehwp")
            .orElseThrow();
    JsonNode declared =
        estate.path("workspaces").path("dev").path("clusters").path("dev-etl-shared");
    assertThat(cluster.attribute("/policy_id").asText())
        .isEqualTo(declared.path("policy_id").asText());
    assertThat(cluster.attribute("/instance_profile_arn").asText())
        .isEqualTo(declared.path("instance_profile_arn").asText());
    assertThat(cluster.attribute("/data_security_mode").asText()).isEqualTo("USER_ISOLATION");
    assertThat(cluster.attribute("/state").isMissingNode()).isTrue();
  }

  @Test
  void everyHttpRequestIsCountedIncludingWorkspaceCallsThroughTheAccountHost() {
    assertThat(collection.stats().calls()).isEqualTo(requestsServed);
    assertThat(collection.stats().callsByApiAndStatus())
        .containsKey("account.workspaces 200")
        .containsKey("account.scim.groups 200")
        .containsKey("workspace.workspace_conf 200")
        .containsKey("workspace.unity_catalog.catalogs 200");
    assertThat(collection.stats().callsByApiAndStatus().keySet())
        .noneMatch(key -> key.startsWith("account.other") || key.startsWith("workspace.other"));
    assertThat(collection.stats().throttledCount()).isZero();
  }

  @Test
  void theSameEstateCollectedTwiceHasTheSameContentHash() {
    Collection again = sandbox.collect();
    assertThat(again.contentHash()).isEqualTo(collection.contentHash());
  }

  @Test
  void noSecretAppearsInAnyAttribute() {
    String token = sandbox.document().path("account").path("token").asText();
    assertThat(collection.result().resources())
        .allSatisfy(resource -> assertThat(resource.attributes().toString()).doesNotContain(token));
  }

  private Resource accountGroup(String name) {
    return collection.resource(account, "databricks_group", groupId(name)).orElseThrow();
  }

  private String groupId(String name) {
    return estate.path("groups").path(name).path("id").asText();
  }

  private String userId(String userName) {
    return estate.path("users").path(userName).path("id").asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
