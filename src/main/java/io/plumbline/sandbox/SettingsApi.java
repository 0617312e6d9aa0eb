package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.sandbox.Estate.Principal;
import io.plumbline.sandbox.Estate.PrincipalKind;
import io.plumbline.sandbox.Estate.Workspace;
import io.plumbline.sandbox.Routes.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings API, serverless network policies and service principal OAuth secrets, as the account
 * and workspace APIs send them (docs/sandbox-estate.md, DATABRICKS-API-2.md sections 9 and 11).
 */
final class SettingsApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String DEFAULT_POLICY = "default-policy";
  private static final int SECRETS_PAGE_SIZE = 100;
  private static final int POLICIES_PAGE_SIZE = 20;

  private SettingsApi() {}

  /**
   * {@code {setting_name, etag, <value message>}}, or 404 RESOURCE_DOES_NOT_EXIST for a setting
   * never written. With {@code api_quirks.settings_omit_false_values} false flags are left out, as
   * proto3 JSON leaves out defaults.
   */
  static SandboxResponse setting(Call call, JsonNode settings, String settingType) {
    JsonNode declared = settings.path(settingType);
    if (!declared.isObject()) {
      return ApiErrors.databricks(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Setting " + settingType + " does not exist (it was never written)");
    }
    boolean omitFalse =
        call.estate().document().path("api_quirks").path("settings_omit_false_values").asBoolean();
    ObjectNode body = NODES.objectNode();
    body.put("setting_name", "default");
    body.put("etag", "sandbox-" + Integer.toHexString(declared.hashCode()));
    for (Map.Entry<String, JsonNode> message : Estate.entries(declared)) {
      ObjectNode value = message.getValue().deepCopy();
      if (omitFalse) {
        List<String> falseFlags = new ArrayList<>();
        value
            .fields()
            .forEachRemaining(
                f -> {
                  if (f.getValue().isBoolean() && !f.getValue().booleanValue()) {
                    falseFlags.add(f.getKey());
                  }
                });
        value.remove(falseFlags);
      }
      body.set(message.getKey(), value);
    }
    return SandboxResponse.json(200, body);
  }

  static SandboxResponse workspaceSetting(Call call, Workspace workspace) {
    return setting(call, workspace.item().path("settings"), call.parameter("setting_type"));
  }

  static SandboxResponse accountSetting(Call call) {
    return setting(
        call, call.estate().document().path("account_settings"), call.parameter("setting_type"));
  }

  /** Every declared policy, and {@code default-policy} (full access) when it is not declared. */
  static SandboxResponse networkPolicies(Call call) {
    JsonNode declared = call.estate().document().path("network_policies");
    String accountId = call.estate().document().path("account").path("account_id").asText();
    List<ObjectNode> items = new ArrayList<>();
    if (!declared.has(DEFAULT_POLICY)) {
      ObjectNode policy = NODES.objectNode();
      policy.put("network_policy_id", DEFAULT_POLICY);
      policy.put("account_id", accountId);
      policy.putObject("egress").putObject("network_access").put("restriction_mode", "FULL_ACCESS");
      items.add(policy);
    }
    for (Map.Entry<String, JsonNode> entry : Estate.entries(declared)) {
      ObjectNode policy = NODES.objectNode();
      policy.put("network_policy_id", entry.getKey());
      policy.put("account_id", accountId);
      entry.getValue().fields().forEachRemaining(f -> policy.set(f.getKey(), f.getValue()));
      items.add(policy);
    }
    return SandboxResponse.json(
        200,
        Paging.tokenPage(
            "items", items, call.request().queryParameter("page_token"), POLICIES_PAGE_SIZE));
  }

  static SandboxResponse workspaceNetwork(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    body.put("workspace_id", workspace.id());
    body.put(
        "network_policy_id", workspace.item().path("network_policy_id").asText(DEFAULT_POLICY));
    return SandboxResponse.json(200, body);
  }

  /** A stand-in for the hash the real API lists, stable per secret. */
  static String secretHash(JsonNode servicePrincipal, JsonNode secret) {
    String seed =
        servicePrincipal.path("applicationId").asText() + "/" + secret.path("id").asText();
    return String.format(
        "%064x",
        new java.math.BigInteger(1, seed.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .mod(java.math.BigInteger.TWO.pow(256)));
  }

  /** A service principal's secrets by its SCIM id, token-paged; never a secret or its hash. */
  static SandboxResponse servicePrincipalSecrets(Call call) {
    Optional<Principal> principal =
        call.estate()
            .accountPrincipal(
                PrincipalKind.SERVICE_PRINCIPAL, call.parameter("service_principal_id"));
    if (principal.isEmpty()) {
      return ApiErrors.databricks(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Service principal " + call.parameter("service_principal_id") + " does not exist");
    }
    List<ObjectNode> secrets = new ArrayList<>();
    for (JsonNode secret : principal.get().item().path("secrets")) {
      ObjectNode listed = secret.deepCopy();
      // the real list carries a hash of the secret: a collector must not keep it
      listed.put("secret_hash", secretHash(principal.get().item(), secret));
      secrets.add(listed);
    }
    int pageSize =
        Paging.pageSize(call.request(), "page_size", SECRETS_PAGE_SIZE, SECRETS_PAGE_SIZE);
    ObjectNode body =
        Paging.tokenPage("secrets", secrets, call.request().queryParameter("page_token"), pageSize);
    body.remove("prev_page_token");
    return SandboxResponse.json(200, body);
  }
}
