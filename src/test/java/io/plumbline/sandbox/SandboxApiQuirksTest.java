package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code api_quirks}: the estate declares the awkward things real APIs send, and the sandbox sends
 * them in the shapes the real service uses.
 */
class SandboxApiQuirksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode defaultDocument() {
    return (ObjectNode) EstateLoader.loadDefault().document().deepCopy();
  }

  private static void setCatalogType(ObjectNode document, String type) {
    ((ObjectNode) document.at("/workspaces/prod/catalogs/prod")).put("catalog_type", type);
  }

  @Test
  void anEnumValueTheSchemaDoesNotListIsRejectedUnlessTheEstateDeclaresItForThatField() {
    ObjectNode undeclared = defaultDocument();
    setCatalogType(undeclared, "UNITY_FUTURE_CATALOG");
    assertThatThrownBy(() -> EstateLoader.fromDocument(undeclared, "test"))
        .hasMessageContaining("/workspaces/prod/catalogs/prod/catalog_type");

    ObjectNode otherField = undeclared.deepCopy();
    otherField
        .putObject("api_quirks")
        .putObject("unknown_enum_values")
        .putArray("isolation_mode")
        .add("UNITY_FUTURE_CATALOG");
    assertThatThrownBy(() -> EstateLoader.fromDocument(otherField, "test"))
        .hasMessageContaining("/workspaces/prod/catalogs/prod/catalog_type");

    ObjectNode declared = undeclared.deepCopy();
    declared
        .putObject("api_quirks")
        .putObject("unknown_enum_values")
        .putArray("catalog_type")
        .add("UNITY_FUTURE_CATALOG");
    assertThat(
            EstateLoader.fromDocument(declared, "test")
                .document()
                .at("/workspaces/prod/catalogs/prod/catalog_type")
                .asText())
        .isEqualTo("UNITY_FUTURE_CATALOG");
  }

  @Test
  void aDeclaredValueCountsForListElementsUnderTheListsName() {
    ObjectNode document = defaultDocument();
    ((ObjectNode) document.at("/workspaces/prod/permission_assignments/0"))
        .putArray("permissions")
        .add("WORKSPACE_OWNER");
    document
        .putObject("api_quirks")
        .putObject("unknown_enum_values")
        .putArray("permissions")
        .add("WORKSPACE_OWNER");

    assertThat(EstateLoader.fromDocument(document, "test")).isNotNull();
  }

  @Test
  void aRetiredKeyMustBeAWorkspaceConfKeyPlumblineAsksFor() {
    ObjectNode document = defaultDocument();
    document.putObject("api_quirks").putArray("retired_workspace_conf_keys").add("enableByocUi");

    assertThatThrownBy(() -> EstateLoader.fromDocument(document, "test"))
        .hasMessageContaining("/api_quirks/retired_workspace_conf_keys/0")
        .hasMessageContaining("enableByocUi");
  }

  @Test
  void workspaceConfAnswersARequestNamingARetiredKeyWith400InvalidKeys() throws Exception {
    ObjectNode document = defaultDocument();
    document
        .putObject("api_quirks")
        .putArray("retired_workspace_conf_keys")
        .add("enableWebTerminal")
        .add("enableDbfsFileBrowser");
    try (SandboxClients sandbox =
        SandboxClients.start(SandboxOptions.of(EstateLoader.fromDocument(document, "test")))) {
      String workspaceId = document.at("/workspaces/prod/workspace_id").asText();
      HttpResponse<String> rejected =
          sandbox.send(
              sandbox
                  .request(
                      "/api/2.0/workspace-conf?keys=enableIpAccessLists,enableWebTerminal,"
                          + "enableDbfsFileBrowser")
                  .header("Authorization", "Bearer " + sandbox.token())
                  .header(WorkspaceApi.WORKSPACE_HEADER, workspaceId)
                  .GET());
      assertThat(rejected.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(rejected.body()))
          .isEqualTo(
              JSON.createObjectNode()
                  .put("error_code", "INVALID_PARAMETER_VALUE")
                  .put(
                      "message",
                      "Invalid keys: [\"enableWebTerminal\",\"enableDbfsFileBrowser\"]"));

      HttpResponse<String> accepted =
          sandbox.send(
              sandbox
                  .request("/api/2.0/workspace-conf?keys=enableIpAccessLists")
                  .header("Authorization", "Bearer " + sandbox.token())
                  .header(WorkspaceApi.WORKSPACE_HEADER, workspaceId)
                  .GET());
      assertThat(accepted.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFalseIpAccessToggleLeavesOutItsValueWhenTheEstateSaysSo() throws Exception {
    ObjectNode document = defaultDocument();
    ((ObjectNode) document.path("ip_access_lists")).put("enabled", false);
    document.putObject("api_quirks").put("settings_omit_false_values", true);
    try (SandboxClients sandbox =
        SandboxClients.start(SandboxOptions.of(EstateLoader.fromDocument(document, "test")))) {
      JsonNode body =
          JSON.readTree(
              sandbox
                  .apiGet(sandbox.accountPath("/settings/types/acct_ip_acl_enable/names/default"))
                  .body());

      assertThat(body.path("acct_ip_acl_enable")).isEqualTo(JSON.createObjectNode());
      assertThat(body.path("setting_name").asText()).isEqualTo("default");
    }
  }
}
