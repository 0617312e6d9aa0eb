package io.plumbline.collect.databricks;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.model.WorkspaceConfKeys;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.snapshot.SnapshotCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * What the API sent is what the snapshot holds. The default estate, given a value the SDK does not
 * know in every enum-valued field the collector stores ({@code api_quirks.unknown_enum_values}), a
 * workspace-conf key the service has retired and an IP access toggle whose false value is left out,
 * is collected with the real SDK from the sandbox and judged by the rule pack: every value is
 * stored as sent, the retired key alone is unknown, and no rule passes a value it does not know.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ValuesTheApiSentTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RETIRED_KEY = "enableWebTerminal";
  private static final String CHLOE = "chloe.martin@example.com";
  private static final String CHLOE_ID = "7100000000000003";
  private static final String GITHUB_ACTIONS_ID = "7300000000000002";
  private static final String FAIR_USE_PROD = "/cluster-policies/DA9988C79FC35526";
  private static final String FUTURE_CLUSTER_ID = "1121-090000-future01";

  private SandboxHarness sandbox;
  private JsonNode estate;
  private Collection collection;
  private Evaluation evaluation;
  private Scope account;

  @BeforeAll
  void collectAndJudgeAnEstateOfValuesTheSdkDoesNotKnow() {
    ObjectNode document = (ObjectNode) EstateLoader.loadDefault().document().deepCopy();
    ObjectNode quirks = document.putObject("api_quirks");
    quirks.set(
        "unknown_enum_values",
        JSON.valueToTree(
            new TreeMap<>(
                Map.ofEntries(
                    entry("workspace_status", List.of("DEGRADED")),
                    entry("pricing_tier", List.of("PREMIUM_PLUS")),
                    entry("vpc_status", List.of("REVALIDATING")),
                    entry("private_access_level", List.of("REGION")),
                    entry("use_case", List.of("SERVERLESS_ACCESS")),
                    entry("use_cases", List.of("BACKUP")),
                    entry("log_type", List.of("SECURITY_EVENTS")),
                    entry("output_format", List.of("PARQUET")),
                    entry("status", List.of("PAUSED", "THROTTLED")),
                    entry("delta_sharing_scope", List.of("INTERNAL_AND_PARTNERS")),
                    entry("list_type", List.of("AUDIT_ONLY")),
                    entry("permissions", List.of("WORKSPACE_OWNER")),
                    entry("permission_level", List.of("CAN_SUPERVISE")),
                    entry("data_security_mode", List.of("DATA_SECURITY_MODE_FUTURE")),
                    entry("cluster_source", List.of("NOTEBOOK_SCHEDULER")),
                    entry("runtime_engine", List.of("TURBO")),
                    entry("catalog_type", List.of("UNITY_FUTURE_CATALOG")),
                    entry("isolation_mode", List.of("BOUND", "ISOLATION_MODE_BOUND"))))));
    quirks.putArray("retired_workspace_conf_keys").add(RETIRED_KEY);
    quirks.put("settings_omit_false_values", true);

    object(document, "/workspaces/sandbox-ml").put("workspace_status", "DEGRADED");
    object(document, "/workspaces/dev").put("pricing_tier", "PREMIUM_PLUS");
    object(document, "/networks/dev-network").put("vpc_status", "REVALIDATING");
    document
        .putObject("private_access_settings")
        .putObject("prod-private")
        .put("private_access_settings_id", "pas-prod")
        .put("region", "us-east-1")
        .put("public_access_enabled", false)
        .put("private_access_level", "REGION");
    document
        .putObject("vpc_endpoints")
        .putObject("prod-rest")
        .put("vpc_endpoint_id", "ve-prod-rest")
        .put("aws_vpc_endpoint_id", "vpce-0a1b2c3d4e5f60718")
        .put("region", "us-east-1")
        .put("state", "available")
        .put("use_case", "SERVERLESS_ACCESS");
    ObjectNode key =
        document
            .withObject("/customer_managed_keys")
            .putObject("prod-storage")
            .put("customer_managed_key_id", "cmk-prod-storage")
            .put("key_arn", "arn:aws:kms:us-east-1:111122223333:key/5f8e7d6c-prod");
    key.putArray("use_cases").add("STORAGE").add("BACKUP");
    JsonNode auditLogs = document.at("/log_delivery/audit-logs");
    object(document, "/log_delivery")
        .putObject("security-events")
        .put("config_id", "5e1c0f4e-7a9b-4c1d-9e2f-000000000001")
        .put("log_type", "SECURITY_EVENTS")
        .put("output_format", "PARQUET")
        .put("credentials_id", auditLogs.path("credentials_id").asText())
        .put("storage_configuration_id", auditLogs.path("storage_configuration_id").asText())
        .put("status", "PAUSED");
    object(document, "/log_delivery/audit-logs/delivery_status").put("status", "THROTTLED");
    object(document, "/metastores/example-us-east-1")
        .put("delta_sharing_scope", "INTERNAL_AND_PARTNERS");
    object(document, "/ip_access_lists").put("enabled", false);
    object(document, "/ip_access_lists/lists/corporate-vpn").put("list_type", "AUDIT_ONLY");
    ArrayNode prodAssignments = (ArrayNode) document.at("/workspaces/prod/permission_assignments");
    prodAssignments.addObject().put("user", CHLOE).putArray("permissions").add("WORKSPACE_OWNER");
    prodAssignments
        .addObject()
        .put("service_principal", "github-actions-ci")
        .putArray("permissions")
        .add("WORKSPACE_OWNER");
    ((ArrayNode) document.at("/workspaces/prod/cluster_policies/fair_use/permissions"))
        .addObject()
        .put("user_name", CHLOE)
        .put("permission_level", "CAN_SUPERVISE");
    object(document, "/workspaces/dev/clusters/dev-analytics")
        .put("data_security_mode", "DATA_SECURITY_MODE_FUTURE")
        .put("runtime_engine", "TURBO");
    object(document, "/workspaces/dev/clusters")
        .putObject("dev-scheduled")
        .put("cluster_id", FUTURE_CLUSTER_ID)
        .put("cluster_source", "NOTEBOOK_SCHEDULER")
        .put("data_security_mode", "USER_ISOLATION")
        .put("autotermination_minutes", 30)
        .put("state", "TERMINATED");
    object(document, "/workspaces/prod/catalogs")
        .putObject("partner-share")
        .put("owner", "platform-admins")
        .put("isolation_mode", "BOUND")
        .put("catalog_type", "UNITY_FUTURE_CATALOG");
    object(document, "/workspaces/dev/storage_credentials/dev-catalog-credential")
        .put("isolation_mode", "ISOLATION_MODE_BOUND");
    object(document, "/workspaces/dev/external_locations/dev-catalog-location")
        .put("isolation_mode", "BOUND");

    sandbox = SandboxHarness.start(EstateLoader.fromDocument(document, "values-the-api-sent"));
    estate = sandbox.document();
    account = Scope.account(sandbox.accountId());
    collection = sandbox.collect();
    Snapshot snapshot =
        SnapshotCodec.create(
            NOW,
            collection.result().coverage(),
            collection.result().resources(),
            CollectionStats.empty());
    evaluation =
        new Evaluator(DroolsPolicyEngine.load(Path.of("rules")))
            .evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  private static ObjectNode object(ObjectNode document, String pointer) {
    return (ObjectNode) document.at(pointer);
  }

  private Scope workspace(String name) {
    return Scope.workspace(sandbox.workspaceId(name));
  }

  private Resource resource(Scope scope, String type, String id) {
    return collection
        .resource(scope, type, id)
        .orElseThrow(() -> new AssertionError("no " + type + " " + id + " in " + scope));
  }

  private List<String> workspaceNames() {
    List<String> names = new ArrayList<>();
    estate.path("workspaces").fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyReadIsCompleteAndEveryWorkspaceIsReadWhateverItsStatus() {
    assertThat(collection.result().coverage()).filteredOn(row -> !row.isComplete()).isEmpty();
    assertThat(collection.resources(workspace("sandbox-ml"), "databricks_workspace_conf"))
        .as("a workspace of unknown status is read like a running one")
        .hasSize(1);
  }

  @Test
  void everyEnumValueTheSdkDoesNotKnowIsStoredAsTheApiSentIt() {
    Resource sandboxMl =
        resource(
            account, "databricks_mws_workspaces", Long.toString(sandbox.workspaceId("sandbox-ml")));
    assertThat(sandboxMl.attribute("/workspace_status").asText()).isEqualTo("DEGRADED");
    Resource dev =
        resource(account, "databricks_mws_workspaces", Long.toString(sandbox.workspaceId("dev")));
    assertThat(dev.attribute("/pricing_tier").asText()).isEqualTo("PREMIUM_PLUS");
    String devNetwork = estate.at("/networks/dev-network/network_id").asText();
    assertThat(
            resource(account, "databricks_mws_networks", devNetwork)
                .attribute("/vpc_status")
                .asText())
        .isEqualTo("REVALIDATING");
    assertThat(
            resource(account, "databricks_mws_private_access_settings", "pas-prod")
                .attribute("/private_access_level")
                .asText())
        .isEqualTo("REGION");
    assertThat(
            resource(account, "databricks_mws_vpc_endpoint", "ve-prod-rest")
                .attribute("/use_case")
                .asText())
        .isEqualTo("SERVERLESS_ACCESS");
    assertThat(
            resource(account, "databricks_mws_customer_managed_keys", "cmk-prod-storage")
                .attribute("/use_cases"))
        .isEqualTo(JSON.createArrayNode().add("BACKUP").add("STORAGE"));
    Resource securityEvents =
        resource(account, "databricks_mws_log_delivery", "5e1c0f4e-7a9b-4c1d-9e2f-000000000001");
    assertThat(securityEvents.attribute("/log_type").asText()).isEqualTo("SECURITY_EVENTS");
    assertThat(securityEvents.attribute("/output_format").asText()).isEqualTo("PARQUET");
    assertThat(securityEvents.attribute("/status").asText()).isEqualTo("PAUSED");
    assertThat(
            resource(
                    account,
                    "databricks_mws_log_delivery",
                    estate.at("/log_delivery/audit-logs/config_id").asText())
                .attribute("/delivery_status")
                .asText())
        .isEqualTo("THROTTLED");
    assertThat(
            resource(
                    account,
                    "databricks_metastore",
                    estate.at("/metastores/example-us-east-1/metastore_id").asText())
                .attribute("/delta_sharing_scope")
                .asText())
        .isEqualTo("INTERNAL_AND_PARTNERS");
    assertThat(
            resource(
                    account,
                    "databricks_ip_access_list",
                    estate.at("/ip_access_lists/lists/corporate-vpn/list_id").asText())
                .attribute("/list_type")
                .asText())
        .isEqualTo("AUDIT_ONLY");
    Scope prod = workspace("prod");
    long prodId = sandbox.workspaceId("prod");
    assertThat(
            resource(prod, "databricks_mws_permission_assignment", prodId + "|" + CHLOE_ID)
                .attribute("/permissions"))
        .isEqualTo(JSON.createArrayNode().add("WORKSPACE_OWNER"));
    assertThat(resource(prod, "databricks_permissions", FAIR_USE_PROD).attribute("/access_control"))
        .contains(
            JSON.createObjectNode()
                .put("user_name", CHLOE)
                .put("permission_level", "CAN_SUPERVISE"));
    Scope devScope = workspace("dev");
    Resource analytics =
        resource(
            devScope,
            "databricks_cluster",
            estate.at("/workspaces/dev/clusters/dev-analytics/cluster_id").asText());
    assertThat(analytics.attribute("/data_security_mode").asText())
        .isEqualTo("DATA_SECURITY_MODE_FUTURE");
    assertThat(analytics.attribute("/runtime_engine").asText()).isEqualTo("TURBO");
    assertThat(
            resource(devScope, "databricks_cluster", FUTURE_CLUSTER_ID)
                .attribute("/cluster_source")
                .asText())
        .isEqualTo("NOTEBOOK_SCHEDULER");
    Resource partnerShare = resource(prod, "databricks_catalog", "partner-share");
    assertThat(partnerShare.attribute("/catalog_type").asText()).isEqualTo("UNITY_FUTURE_CATALOG");
    assertThat(partnerShare.attribute("/isolation_mode").asText()).isEqualTo("BOUND");
    assertThat(
            resource(devScope, "databricks_storage_credential", "dev-catalog-credential")
                .attribute("/isolation_mode")
                .asText())
        .isEqualTo("ISOLATION_MODE_BOUND");
    assertThat(
            resource(devScope, "databricks_external_location", "dev-catalog-location")
                .attribute("/isolation_mode")
                .asText())
        .isEqualTo("BOUND");
  }

  @Test
  void aRetiredWorkspaceConfKeyIsUnknownInEveryWorkspaceAndEveryOtherKeyIsRead() {
    for (String name : workspaceNames()) {
      Coverage row = collection.coverage(workspace(name), "databricks_workspace_conf");
      assertThat(row.isComplete()).as(name).isTrue();
      assertThat(row.unknownAttributes()).as(name).containsExactly("custom_config." + RETIRED_KEY);
      assertThat(row.note())
          .as(name)
          .hasValue(
              "the workspace-conf API rejected key enableWebTerminal (400 Invalid keys): its value"
                  + " is unknown");
      JsonNode config =
          resource(workspace(name), "databricks_workspace_conf", "_").attribute("/custom_config");
      assertThat(config.has(RETIRED_KEY)).as(name).isFalse();
      assertThat(config.size()).as(name).isEqualTo(WorkspaceConfKeys.ALL.size() - 1);
    }
    assertThat(
            resource(workspace("prod"), "databricks_workspace_conf", "_")
                .attribute("/custom_config/enableResultsDownloading")
                .asText())
        .isEqualTo("true");
    int workspaces = workspaceNames().size();
    assertThat(sandbox.requestCount("GET /api/2.0/workspace-conf", 400)).isEqualTo(workspaces);
    assertThat(sandbox.requestCount("GET /api/2.0/workspace-conf", 200)).isEqualTo(workspaces);
  }

  @Test
  void anIpAccessToggleThatLeavesOutItsFalseValueIsDisabled() {
    Resource toggle =
        resource(account, "databricks_account_ip_access_enabled", "acct_ip_acl_enable");
    assertThat(toggle.attribute("/enabled").isBoolean()).isTrue();
    assertThat(toggle.attribute("/enabled").booleanValue()).isFalse();
    assertThat(collection.coverage(account, "databricks_account_ip_access_enabled").isComplete())
        .isTrue();
  }

  @Test
  void rulesJudgeAValueTheyDoNotKnowAsNotKnownToBeGood() {
    Scope dev = workspace("dev");
    Scope prod = workspace("prod");
    long prodId = sandbox.workspaceId("prod");
    String metastore = estate.at("/metastores/example-us-east-1/metastore_id").asText();
    assertThat(
            List.of(
                verdict("DBX-UC-001", account, Long.toString(sandbox.workspaceId("sandbox-ml"))),
                verdict("DBX-MWS-002", account, "pas-prod"),
                verdict("DBX-MWS-003", account, estate.at("/log_delivery/audit-logs/config_id")),
                verdict("DBX-MWS-004", account, "5e1c0f4e-7a9b-4c1d-9e2f-000000000001"),
                verdict("DBX-MWS-007", account, estate.at("/networks/dev-network/network_id")),
                verdict("DBX-UC-009", account, metastore),
                verdict("DBX-ID-001", prod, prodId + "|" + CHLOE_ID),
                verdict("DBX-ID-003", prod, GITHUB_ACTIONS_ID),
                verdict("DBX-CP-003", prod, FAIR_USE_PROD),
                verdict(
                    "DBX-CP-007",
                    dev,
                    estate.at("/workspaces/dev/clusters/dev-analytics/cluster_id")),
                verdict("DBX-CP-004", dev, FUTURE_CLUSTER_ID),
                verdict("DBX-UC-003", prod, "partner-share"),
                verdict("DBX-UC-008", prod, "partner-share"),
                verdict("DBX-UC-005", dev, "dev-catalog-credential"),
                verdict("DBX-UC-006", dev, "dev-catalog-location")))
        .containsExactly(
            tuple("DBX-UC-001", Verdict.UNKNOWN, Optional.of("metastore_id"), "DEGRADED"),
            tuple("DBX-MWS-002", Verdict.UNKNOWN, Optional.of("private_access_level"), "REGION"),
            tuple("DBX-MWS-003", Verdict.FAIL, Optional.of("delivery_status"), "THROTTLED"),
            tuple("DBX-MWS-004", Verdict.UNKNOWN, Optional.of("status"), "SECURITY_EVENTS"),
            tuple("DBX-MWS-007", Verdict.FAIL, Optional.of("vpc_status"), "REVALIDATING"),
            tuple(
                "DBX-UC-009",
                Verdict.UNKNOWN,
                Optional.of("delta_sharing_recipient_token_lifetime_in_seconds"),
                "INTERNAL_AND_PARTNERS"),
            tuple(
                "DBX-ID-001", Verdict.UNKNOWN, Optional.of("permissions"), "[\"WORKSPACE_OWNER\"]"),
            tuple("DBX-ID-003", Verdict.UNKNOWN, Optional.empty(), "null"),
            tuple(
                "DBX-CP-003",
                Verdict.FAIL,
                Optional.of("access_control[user_name=" + CHLOE + "]"),
                CHLOE),
            tuple(
                "DBX-CP-007",
                Verdict.UNKNOWN,
                Optional.of("data_security_mode"),
                "DATA_SECURITY_MODE_FUTURE"),
            tuple("DBX-CP-004", Verdict.UNKNOWN, Optional.of("policy_id"), "NOTEBOOK_SCHEDULER"),
            tuple("DBX-UC-003", Verdict.FAIL, Optional.of("isolation_mode"), "BOUND"),
            tuple(
                "DBX-UC-008", Verdict.UNKNOWN, Optional.of("storage_root"), "UNITY_FUTURE_CATALOG"),
            tuple(
                "DBX-UC-005", Verdict.FAIL, Optional.of("isolation_mode"), "ISOLATION_MODE_BOUND"),
            tuple("DBX-UC-006", Verdict.FAIL, Optional.of("isolation_mode"), "BOUND"));
  }

  @Test
  void theRetiredKeyIsUnknownToItsRuleInEveryWorkspaceWhileTheOtherKeysAreJudged() {
    for (String name : workspaceNames()) {
      assertThat(findings("DBX-WSC-005", workspace(name), "_"))
          .as(name)
          .extracting(Finding::verdict, Finding::attribute)
          .containsExactly(tuple(Verdict.UNKNOWN, Optional.of(RETIRED_KEY)));
    }
    assertThat(findings("DBX-WSC-001", workspace("prod"), "_"))
        .extracting(Finding::verdict, Finding::attribute)
        .containsExactly(tuple(Verdict.FAIL, Optional.of("enableResultsDownloading")));
    assertThat(findings("DBX-WSC-006", workspace("prod"), "_"))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.PASS);
  }

  private List<Finding> findings(String ruleId, Scope scope, String resourceId) {
    return evaluation.findings().stream()
        .filter(
            finding ->
                finding.ruleId().equals(ruleId)
                    && finding.scope().equals(scope)
                    && finding.resourceId().equals(resourceId))
        .toList();
  }

  /** The one finding of a rule on a resource: rule, verdict, attribute and the evidence's value. */
  private Tuple verdict(String ruleId, Scope scope, Object resourceId) {
    String id = resourceId instanceof JsonNode node ? node.asText() : resourceId.toString();
    List<Finding> found = findings(ruleId, scope, id);
    assertThat(found).as("%s on %s %s", ruleId, scope, id).hasSize(1);
    Finding finding = found.get(0);
    JsonNode actual = finding.evidence().path("actual");
    return tuple(
        finding.ruleId(),
        finding.verdict(),
        finding.attribute(),
        actual.isTextual() ? actual.asText() : actual.toString());
  }
}
