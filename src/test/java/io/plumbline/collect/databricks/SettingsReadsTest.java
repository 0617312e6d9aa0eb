package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.snapshot.SnapshotCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The settings API, serverless network policies and OAuth secrets, read through the real SDK's
 * client from the sandbox: a setting never written is the default (read completely, attributes
 * null), a flag proto3 left out is false, a refused or throttled read is judged UNKNOWN, and no
 * secret or secret hash is kept.
 */
@TestInstance(Lifecycle.PER_CLASS)
class SettingsReadsTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final String CSP = "databricks_compliance_security_profile_workspace_setting";
  private static final String AUTOMATIC_UPDATE =
      "databricks_automatic_cluster_update_workspace_setting";
  private static final String LEGACY_DBFS = "databricks_disable_legacy_dbfs_setting";
  private static final String SECRET = "databricks_service_principal_secret";
  private static final String POLICY = "databricks_account_network_policy";

  private final Evaluator evaluator = new Evaluator(DroolsPolicyEngine.load(Path.of("rules")));
  private SandboxHarness sandbox;
  private Scope account;
  private Scope dev;
  private Scope prod;

  @BeforeAll
  void startSandbox() {
    ObjectNode document = (ObjectNode) EstateLoader.loadDefault().document().deepCopy();
    document.putObject("api_quirks").put("settings_omit_false_values", true);
    ((ObjectNode) document.at("/workspaces/prod/settings/disable_legacy_dbfs/disable_legacy_dbfs"))
        .put("value", false);
    ((ObjectNode) document.at("/network_policies/restricted-egress/egress/network_access"))
        .put("restriction_mode", "RESTRICTED_TO_PARTNERS");
    ObjectNode partner =
        ((ObjectNode) document.at("/workspaces/prod/recipients")).putObject("partner-bank");
    partner.put("authentication_type", "TOKEN").put("owner", "platform-admins");
    partner.putArray("tokens").addObject().put("id", "tok-1").put("created_at", 1792054800000L);
    sandbox = SandboxHarness.start(EstateLoader.fromDocument(document, "settings-reads"));
    account = Scope.account(sandbox.accountId());
    dev = Scope.workspace(sandbox.workspaceId("dev"));
    prod = Scope.workspace(sandbox.workspaceId("prod"));
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  @Test
  void aSettingNeverWrittenIsReadCompletelyAsTheDefault() {
    Collection collection = sandbox.collect();

    assertThat(collection.coverage(dev, CSP).isComplete()).isTrue();
    Resource csp = collection.resource(dev, CSP, "_").orElseThrow();
    assertThat(csp.attributes().path("is_enabled").isNull()).as(csp.toString()).isTrue();
    assertThat(csp.attributes().path("compliance_standards").isNull()).as(csp.toString()).isTrue();
  }

  @Test
  void aWrittenSettingKeepsItsValuesAndAFlagLeftOutIsFalse() {
    Collection collection = sandbox.collect();

    Resource csp = collection.resource(prod, CSP, "_").orElseThrow();
    assertThat(csp.attributes().path("is_enabled").asBoolean()).isTrue();
    assertThat(csp.attributes().path("compliance_standards").toString()).isEqualTo("[\"HIPAA\"]");
    // the sandbox left "value": false out, as proto3 JSON does
    JsonNode legacyDbfs = collection.resource(prod, LEGACY_DBFS, "_").orElseThrow().attributes();
    assertThat(legacyDbfs.path("value").isBoolean()).isTrue();
    assertThat(legacyDbfs.path("value").booleanValue()).isFalse();
    assertThat(findings(collection, "DBX-SET-005", prod))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.FAIL);
  }

  @Test
  void aRestrictionModeTheSdkDoesNotKnowIsKeptAsSentAndFails() {
    Collection collection = sandbox.collect();

    Resource policy = collection.resource(account, POLICY, "restricted-egress").orElseThrow();
    assertThat(policy.attributes().at("/egress/network_access/restriction_mode").asText())
        .isEqualTo("RESTRICTED_TO_PARTNERS");
    assertThat(collection.resource(account, POLICY, "default-policy")).isPresent();
    assertThat(findings(collection, "DBX-NET-001", dev))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.FAIL);
  }

  @Test
  void oauthSecretsAreListedWithoutTheSecretOrItsHash() {
    Collection collection = sandbox.collect();

    List<Resource> secrets = collection.resources(account, SECRET);
    assertThat(secrets)
        .extracting(Resource::id)
        .containsExactlyInAnyOrder("7300000000000001|1f3c2a9e", "7300000000000002|7b90d4c2");
    JsonNode terraform = sandbox.document().at("/service_principals/terraform");
    String hash =
        io.plumbline.sandbox.SandboxTestAccess.secretHash(
            terraform, terraform.path("secrets").get(0));
    for (Resource secret : secrets) {
      assertThat(secret.attributes().has("secret_hash")).isFalse();
      assertThat(secret.attributes().toString()).doesNotContain(hash);
      assertThat(secret.attributes().path("application_id").asText()).isNotEmpty();
    }
  }

  @Test
  void recipientTokensAreKeptWithoutTheirActivationLink() {
    Collection collection = sandbox.collect();

    Resource partner =
        collection.resource(prod, "databricks_recipient", "partner-bank").orElseThrow();
    assertThat(partner.attributes().path("tokens").get(0).path("id").asText()).isEqualTo("tok-1");
    assertThat(partner.attributes().toString()).doesNotContain("activation_url", "retrieve_config");
    assertThat(findings(collection, "DBX-UC-013", prod))
        .filteredOn(finding -> finding.resourceId().equals("partner-bank"))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.FAIL);
  }

  @Test
  void aRefusedSettingsReadIsUnknownNeverPass() {
    sandbox.faults(
        "{\"faults\":[{\"match\":\"/api/2.0/settings/types/automatic_cluster_update/**\","
            + "\"workspace\":"
            + sandbox.workspaceId("prod")
            + ",\"status\":403}]}");

    Collection collection = sandbox.collect();

    assertThat(collection.coverage(prod, AUTOMATIC_UPDATE).isComplete()).isFalse();
    assertThat(collection.resource(prod, AUTOMATIC_UPDATE, "_")).isEmpty();
    assertThat(findings(collection, "DBX-SET-003", prod))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.UNKNOWN);
    assertThat(findings(collection, "DBX-SET-003", dev))
        .extracting(Finding::verdict)
        .containsExactly(Verdict.PASS);
  }

  @Test
  void throttledSecretListsThatNeverRecoverAreUnknownNeverPass() {
    sandbox.faults(
        "{\"faults\":[{\"match\":\"/api/2.0/accounts/*/servicePrincipals/**\","
            + "\"status\":429,\"retry_after\":0}]}");

    Collection collection = sandbox.collect();

    assertThat(collection.coverage(account, SECRET).isComplete()).isFalse();
    assertThat(collection.resources(account, SECRET)).isEmpty();
    assertThat(findings(collection, "DBX-ACC-001", account))
        .extracting(Finding::verdict)
        .isNotEmpty()
        .containsOnly(Verdict.UNKNOWN);
  }

  private List<Finding> findings(Collection collection, String ruleId, Scope scope) {
    Snapshot snapshot =
        SnapshotCodec.create(
            NOW,
            collection.result().coverage(),
            collection.result().resources(),
            CollectionStats.empty());
    Evaluation evaluation = evaluator.evaluate(snapshot, FactBuilder.facts(snapshot, NOW));
    return evaluation.findings().stream()
        .filter(finding -> finding.ruleId().equals(ruleId) && finding.scope().equals(scope))
        .toList();
  }
}
