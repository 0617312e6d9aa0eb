package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.databricks.sdk.core.DatabricksError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.Coverage;
import io.plumbline.model.Scope;
import io.plumbline.model.WorkspaceConfKeys;
import io.plumbline.sandbox.EstateLoader;
import org.junit.jupiter.api.Test;

/** Answers in the shapes the real APIs send when things are not as the SDK's models expect. */
class AwkwardAnswersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aBooleanSettingIsReadInEveryDocumentedShape() throws Exception {
    String setting = "acct_ip_acl_enable";
    assertThat(
            AccountReads.booleanSetting(
                json("{\"acct_ip_acl_enable\": {\"value\": true}}"), setting, "GET"))
        .isTrue();
    assertThat(
            AccountReads.booleanSetting(
                json("{\"acct_ip_acl_enable\": {\"value\": false}}"), setting, "GET"))
        .isFalse();
    assertThat(
            AccountReads.booleanSetting(
                json("{\"setting_name\": \"default\", \"acct_ip_acl_enable\": {}}"),
                setting,
                "GET"))
        .as("proto3 leaves a false value out")
        .isFalse();
    assertThat(
            AccountReads.booleanSetting(
                json("{\"acct_ip_acl_enable\": {\"value\": null}}"), setting, "GET"))
        .isFalse();
    assertThat(
            AccountReads.booleanSetting(
                json("{\"boolean_val\": {\"value\": true}}"), setting, "GET"))
        .isTrue();
    assertThat(AccountReads.booleanSetting(json("{\"boolean_val\": {}}"), setting, "GET"))
        .isFalse();
  }

  @Test
  void aBooleanSettingWithoutItsWrapperOrWithAValueThatIsNoBooleanIsMalformed() throws Exception {
    ReadException noWrapper =
        catchThrowableOfType(
            ReadException.class,
            () ->
                AccountReads.booleanSetting(
                    json("{\"setting_name\": \"default\"}"), "acct_ip_acl_enable", "GET x"));
    assertThat(noWrapper.errorCode()).isEqualTo("MALFORMED_RESPONSE");
    assertThat(noWrapper).hasMessage("GET x answered no acct_ip_acl_enable setting");

    ReadException text =
        catchThrowableOfType(
            ReadException.class,
            () ->
                AccountReads.booleanSetting(
                    json("{\"acct_ip_acl_enable\": {\"value\": \"true\"}}"),
                    "acct_ip_acl_enable",
                    "GET x"));
    assertThat(text.errorCode()).isEqualTo("MALFORMED_RESPONSE");
  }

  @Test
  void theKeysOfAnInvalidKeysAnswerAreReadWithOrWithoutQuotes() {
    assertThat(
            WorkspaceReads.invalidKeys(
                new DatabricksError(
                    "INVALID_PARAMETER_VALUE",
                    "Invalid keys: [\"enableWebTerminal\",\"enableDbfsFileBrowser\"]",
                    400)))
        .containsExactly("enableWebTerminal", "enableDbfsFileBrowser");
    assertThat(
            WorkspaceReads.invalidKeys(
                new DatabricksError("INVALID_PARAMETER_VALUE", "Invalid keys: [a, b]", 400)))
        .containsExactly("a", "b");
  }

  @Test
  void anyOtherErrorNamesNoInvalidKeys() {
    assertThat(
            WorkspaceReads.invalidKeys(
                new DatabricksError("INVALID_PARAMETER_VALUE", "Missing required parameter", 400)))
        .isEmpty();
    assertThat(
            WorkspaceReads.invalidKeys(
                new DatabricksError("INTERNAL_ERROR", "Invalid keys: [\"a\"]", 500)))
        .isEmpty();
    assertThat(
            WorkspaceReads.invalidKeys(
                new DatabricksError("INVALID_PARAMETER_VALUE", "Invalid keys: a", 400)))
        .isEmpty();
  }

  @Test
  void aWorkspaceWhoseServiceRejectsEveryKeyHasAFailedWorkspaceConfRead() {
    ObjectNode document = (ObjectNode) EstateLoader.loadDefault().document().deepCopy();
    ArrayNode retired = document.putObject("api_quirks").putArray("retired_workspace_conf_keys");
    WorkspaceConfKeys.ALL.forEach(retired::add);
    try (SandboxHarness sandbox =
        SandboxHarness.start(EstateLoader.fromDocument(document, "every-key-retired"))) {
      Collection collection = sandbox.collect();
      Coverage row =
          collection.coverage(
              Scope.workspace(sandbox.workspaceId("prod")), "databricks_workspace_conf");

      assertThat(row.isComplete()).isFalse();
      assertThat(row.reason().orElseThrow().errorCode()).isEqualTo("INVALID_KEYS");
      assertThat(row.reason().orElseThrow().httpStatus()).hasValue(400);
      assertThat(row.reason().orElseThrow().message())
          .isEqualTo(
              "GET /api/2.0/workspace-conf in workspace "
                  + sandbox.workspaceId("prod")
                  + " rejected every key plumbline asks for");
      assertThat(
              collection.resources(
                  Scope.workspace(sandbox.workspaceId("prod")), "databricks_workspace_conf"))
          .isEmpty();
    }
  }
}
