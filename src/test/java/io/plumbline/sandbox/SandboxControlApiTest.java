package io.plumbline.sandbox;

import static io.plumbline.sandbox.EstateExpectations.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.catalog.IsolationMode;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** The control API ({@code /_sandbox/...}), estate patches, authentication and discovery. */
@TestInstance(Lifecycle.PER_CLASS)
class SandboxControlApiTest {

  private static final String CONF_KEY = "enableResultsDownloading";

  private SandboxClients sandbox;
  private AccountClient account;
  private JsonNode initialDocument;

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxClients.startDefault();
    account = sandbox.account();
    initialDocument = sandbox.document();
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  /** A JSON Pointer from unescaped reference tokens. */
  private static String pointer(String... tokens) {
    StringBuilder pointer = new StringBuilder();
    for (String token : tokens) {
      pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String operation(String op, String path, JsonNode value) {
    ObjectNode operation = SandboxClients.JSON.createObjectNode().put("op", op).put("path", path);
    if (value != null) {
      operation.set("value", value);
    }
    return "[" + operation + "]";
  }

  private String firstWorkspaceName() {
    return sandbox.document().path("workspaces").fieldNames().next();
  }

  // ---- info, estate, requests, reset -----------------------------------------------------------

  @Test
  void infoNamesTheAccountTokenIamEndpointAndWorkspaces() {
    JsonNode info = sandbox.controlGet("/info");

    assertThat(info.path("account_id").asText())
        .isNotBlank()
        .isEqualTo(initialDocument.path("account").path("account_id").asText());
    assertThat(info.path("token").asText())
        .isNotBlank()
        .isEqualTo(initialDocument.path("account").path("token").asText());
    assertThat(info.path("iam_endpoint").asText())
        .isEqualTo(sandbox.server().iamEndpoint().toString())
        .startsWith("http://127.0.0.1:");
    List<Long> expected = new ArrayList<>();
    initialDocument
        .path("workspaces")
        .forEach(item -> expected.add(item.path("workspace_id").asLong()));
    List<Long> served = new ArrayList<>();
    info.path("workspaces").forEach(id -> served.add(id.asLong()));
    assertThat(served).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void estateReturnsTheDocumentBeingServedWithDriftMarkedApplied() {
    JsonNode served = sandbox.controlGet("/estate");

    assertThat(served).isEqualTo(sandbox.server().sandbox().estate().document());
    assertThat(served.path("drift"))
        .allSatisfy(entry -> assertThat(entry.path("applied").asBoolean()).isTrue());
    assertThat(EstateLoader.fromDocument(served, "served estate").document())
        .as("a served estate loads again without applying its drift twice")
        .isEqualTo(served);
  }

  @Test
  void requestsAreCountedByEndpointTemplateAndStatus() {
    list(account.workspaces().list());
    list(account.workspaces().list());
    long workspaceId =
        initialDocument.path("workspaces").elements().next().path("workspace_id").asLong();
    account.workspaces().get(workspaceId);
    HttpResponse<String> missing = sandbox.apiGet(sandbox.accountPath("/workspaces/999999999"));

    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode requests = sandbox.requests();
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACES, 200)).isEqualTo(2);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACE, 200)).isEqualTo(1);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_WORKSPACE, 404)).isEqualTo(1);
    long sum = 0;
    for (JsonNode row : requests.path("requests")) {
      assertThat(row.path("endpoint").asText()).doesNotContain(sandbox.accountId());
      sum += row.path("count").asLong();
    }
    assertThat(requests.path("total").asLong()).isEqualTo(sum).isEqualTo(4);
  }

  @Test
  void resetRestoresEstateFaultsAndCounters() {
    String workspaceName = firstWorkspaceName();
    HttpResponse<String> patched =
        sandbox.patchEstate(
            operation(
                "add",
                pointer("workspaces", workspaceName, "workspace_conf", CONF_KEY),
                SandboxClients.JSON.getNodeFactory().textNode("reset-me")));
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    sandbox.faults("{\"faults\": [{\"match\": \"/api/**\", \"status\": 500}]}");
    assertThat(catchThrowable(() -> list(account.workspaces().list()))).isNotNull();
    assertThat(sandbox.requests().path("total").asLong()).isPositive();

    sandbox.reset();

    assertThat(sandbox.controlGet("/estate")).isEqualTo(initialDocument);
    assertThat(sandbox.controlGet("/faults").path("faults")).isEmpty();
    assertThat(sandbox.requests().path("total").asLong()).isZero();
    assertThat(sandbox.requests().path("requests")).isEmpty();
    assertThat(list(account.workspaces().list()))
        .hasSize(initialDocument.path("workspaces").size());
  }

  @Test
  void unknownControlEndpointIsNotFound() {
    HttpResponse<String> response = sandbox.send(sandbox.request("/_sandbox/nothing").GET());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("/info");
  }

  // ---- authentication and discovery ----------------------------------------------------------

  @Test
  void requestsWithoutTheBearerTokenAreUnauthenticated() {
    HttpResponse<String> noToken =
        sandbox.send(sandbox.request(sandbox.accountPath("/workspaces")).GET());
    HttpResponse<String> wrongToken =
        sandbox.send(
            sandbox
                .request(sandbox.accountPath("/workspaces"))
                .header("Authorization", "Bearer not-" + sandbox.token())
                .GET());
    HttpResponse<String> scimNoToken =
        sandbox.send(
            sandbox
                .request("/api/2.0/preview/scim/v2/Users")
                .header(
                    WorkspaceApi.WORKSPACE_HEADER,
                    Long.toString(sandbox.server().sandbox().estate().workspaces().get(0).id()))
                .GET());

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(SandboxClients.parse(noToken.body()).path("error_code").asText())
        .isEqualTo("UNAUTHENTICATED");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(scimNoToken.statusCode()).isEqualTo(401);
    assertThat(SandboxClients.parse(scimNoToken.body()).path("status").asText()).isEqualTo("401");
  }

  @Test
  void sdkWithAWrongTokenGetsUnauthenticated() {
    AccountClient stranger =
        new AccountClient(
            new DatabricksConfig()
                .setHost(sandbox.server().host().toString())
                .setAccountId(sandbox.accountId())
                .setToken("dapi-wrong")
                .setCredentialsProvider(new PatCredentialsProvider()));

    assertThat(catchThrowable(() -> list(stranger.workspaces().list())))
        .isInstanceOf(Unauthenticated.class);
  }

  @Test
  void discoveryEndpointsAnswerNotFoundWithoutAuthentication() {
    for (String path :
        List.of("/.well-known/databricks-config", "/oidc/.well-known/oauth-authorization-server")) {
      HttpResponse<String> response = sandbox.send(sandbox.request(path).GET());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
    }
  }

  // ---- JSON Patch ----------------------------------------------------------------------------

  @Test
  void patchedWorkspaceConfIsVisibleOnTheNextSdkRead() {
    String workspaceName = firstWorkspaceName();
    JsonNode current =
        sandbox
            .document()
            .path("workspaces")
            .path(workspaceName)
            .path("workspace_conf")
            .path(CONF_KEY);
    String changed = "true".equals(current.asText(null)) ? "false" : "true";
    Map<String, String> before =
        SandboxClients.workspaceConf(sandbox.workspace(workspaceName), List.of(CONF_KEY));
    assertThat(before.get(CONF_KEY)).isNotEqualTo(changed);

    HttpResponse<String> response =
        sandbox.patchEstate(
            operation(
                "add",
                pointer("workspaces", workspaceName, "workspace_conf", CONF_KEY),
                SandboxClients.JSON.getNodeFactory().textNode(changed)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(SandboxClients.workspaceConf(sandbox.workspace(workspaceName), List.of(CONF_KEY)))
        .containsEntry(CONF_KEY, changed);
    assertThat(
            sandbox
                .controlGet("/estate")
                .at(pointer("workspaces", workspaceName, "workspace_conf", CONF_KEY))
                .asText())
        .isEqualTo(changed);
  }

  @Test
  void memberAddedByPatchIsVisibleOnTheNextSdkRead() {
    JsonNode document = sandbox.document();
    String groupName = null;
    String userName = null;
    for (Map.Entry<String, JsonNode> group : Estate.entries(document.path("groups"))) {
      JsonNode members = group.getValue().path("members").path("users");
      if (!members.isArray()) {
        continue;
      }
      List<String> current = EstateExpectations.texts(members);
      for (Map.Entry<String, JsonNode> user : Estate.entries(document.path("users"))) {
        if (!current.contains(user.getKey())) {
          groupName = group.getKey();
          userName = user.getKey();
          break;
        }
      }
      if (groupName != null) {
        break;
      }
    }
    assertThat(groupName).as("a group with a users list that misses some user").isNotNull();
    String groupId = document.path("groups").path(groupName).path("id").asText();
    String userId = document.path("users").path(userName).path("id").asText();
    assertThat(memberIds(account.groups().get(groupId))).doesNotContain(userId);

    HttpResponse<String> response =
        sandbox.patchEstate(
            operation(
                "add",
                pointer("groups", groupName, "members", "users") + "/-",
                SandboxClients.JSON.getNodeFactory().textNode(userName)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(memberIds(account.groups().get(groupId))).contains(userId);
  }

  @Test
  void shortIsolationModeOfAStorageCredentialIsServedInTheApisForm() {
    String workspaceName = null;
    String credentialName = null;
    for (Map.Entry<String, JsonNode> workspace :
        Estate.entries(sandbox.document().path("workspaces"))) {
      if (workspace.getValue().path("metastore_assignment").isObject()
          && !workspace.getValue().path("storage_credentials").isEmpty()) {
        workspaceName = workspace.getKey();
        credentialName = workspace.getValue().path("storage_credentials").fieldNames().next();
        break;
      }
    }
    assertThat(credentialName)
        .as("a workspace with a metastore and a storage credential")
        .isNotNull();

    HttpResponse<String> response =
        sandbox.patchEstate(
            operation(
                "add",
                pointer(
                    "workspaces",
                    workspaceName,
                    "storage_credentials",
                    credentialName,
                    "isolation_mode"),
                SandboxClients.JSON.getNodeFactory().textNode("ISOLATED")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String name = credentialName;
    assertThat(
            list(
                    sandbox
                        .workspace(workspaceName)
                        .storageCredentials()
                        .list(new ListStorageCredentialsRequest()))
                .stream()
                .filter(credential -> credential.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getIsolationMode())
        .isEqualTo(IsolationMode.ISOLATION_MODE_ISOLATED);
  }

  private static Set<String> memberIds(Group group) {
    return group.getMembers() == null
        ? Set.of()
        : group.getMembers().stream().map(ComplexValue::getValue).collect(Collectors.toSet());
  }

  @Test
  void patchThatFailsIsRejectedAndLeavesTheEstateUnchanged() {
    String workspaceName = firstWorkspaceName();
    JsonNode before = sandbox.controlGet("/estate");
    ArrayNode patch = SandboxClients.JSON.createArrayNode();
    // the first operation alone would succeed: the failed test must undo it
    patch
        .addObject()
        .put("op", "add")
        .put("path", pointer("workspaces", workspaceName, "workspace_conf", CONF_KEY))
        .put("value", "half-applied");
    patch
        .addObject()
        .put("op", "test")
        .put("path", pointer("account", "account_id"))
        .put("value", "not-" + sandbox.accountId());

    HttpResponse<String> failedTest = sandbox.patchEstate(patch.toString());
    HttpResponse<String> missingPath =
        sandbox.patchEstate(operation("remove", pointer("workspaces", "no-such-workspace"), null));
    HttpResponse<String> notAPatch =
        sandbox.patchEstate("{\"op\": \"remove\", \"path\": \"/drift\"}");
    HttpResponse<String> notJson = sandbox.patchEstate("[{");

    assertThat(failedTest.statusCode()).isEqualTo(400);
    assertThat(failedTest.body()).contains("test failed");
    assertThat(missingPath.statusCode()).isEqualTo(400);
    assertThat(notAPatch.statusCode()).isEqualTo(400);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(sandbox.controlGet("/estate")).isEqualTo(before);
    assertThat(
            SandboxClients.workspaceConf(sandbox.workspace(workspaceName), List.of(CONF_KEY))
                .get(CONF_KEY))
        .isNotEqualTo("half-applied");
  }

  @Test
  void patchThatLeavesTheEstateInvalidIsRejectedAndLeavesItUnchanged() {
    String workspaceName = firstWorkspaceName();
    String groupName = sandbox.document().path("groups").fieldNames().next();
    JsonNode before = sandbox.controlGet("/estate");

    HttpResponse<String> unknownConfKey =
        sandbox.patchEstate(
            operation(
                "add",
                pointer("workspaces", workspaceName, "workspace_conf", "enableEverything"),
                SandboxClients.JSON.getNodeFactory().textNode("true")));
    HttpResponse<String> unknownMember =
        sandbox.patchEstate(
            operation(
                "add",
                pointer("groups", groupName, "members"),
                SandboxClients.parse("{\"users\": [\"nobody@example.invalid\"]}")));
    HttpResponse<String> wrongType =
        sandbox.patchEstate(
            operation(
                "replace",
                pointer("workspaces", workspaceName, "workspace_id"),
                SandboxClients.JSON.getNodeFactory().textNode("not-a-number")));

    for (HttpResponse<String> response : List.of(unknownConfKey, unknownMember, wrongType)) {
      assertThat(response.statusCode()).as(response.body()).isIn(400, 422);
    }
    assertThat(unknownConfKey.body()).contains("enableEverything");
    assertThat(unknownMember.body()).contains("nobody@example.invalid");
    assertThat(sandbox.controlGet("/estate")).isEqualTo(before);
    assertThat(list(account.workspaces().list())).hasSize(before.path("workspaces").size());
  }
}
