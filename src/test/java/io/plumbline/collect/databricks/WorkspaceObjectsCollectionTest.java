package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.sandbox.EstateLoader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The workspace objects (jobs, workspace objects, repos, object permissions, secrets, warehouses,
 * pools, serving endpoints, runtimes) read by the real SDK's API client from the sandbox, with the
 * awkward things the real APIs send: a job past the 100 tasks a page carries, a creator since
 * deleted, an empty folder answered {@code {}}, repos paged by a parameter named {@code
 * next_page_token}, enum values the SDK does not know, and 403/429 on the new endpoints.
 */
@TestInstance(Lifecycle.PER_CLASS)
class WorkspaceObjectsCollectionTest {

  private SandboxHarness sandbox;
  private Scope dev;
  private Scope prod;

  /** The default estate, plus repos enough for three pages and values no SDK enum knows. */
  private static JsonNode estate() {
    ObjectNode document = EstateLoader.loadDefault().document().deepCopy();
    ObjectNode devWorkspace = (ObjectNode) document.path("workspaces").path("dev");
    ObjectNode repos = (ObjectNode) devWorkspace.path("repos");
    for (int index = 0; index < 45; index++) {
      repos
          .putObject("/Repos/ci/service-" + index)
          .put("id", 101_500_000L + index)
          .put("url", "https://github.com/example-org/service-" + index)
          .put("provider", index == 0 ? "gitFuture" : "gitHub")
          .put("branch", "main");
    }
    ((ObjectNode) devWorkspace.path("sql_warehouses").path("analytics").path("channel"))
        .put("name", "CHANNEL_NAME_FUTURE");
    ((ArrayNode) devWorkspace.path("secret_scopes").path("etl-credentials").path("acls"))
        .addObject()
        .put("principal", "auditors")
        .put("permission", "OWN");
    return document;
  }

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxHarness.start(EstateLoader.fromDocument(estate(), "test estate"));
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

  private static JsonNode attributes(Collection collection, Scope scope, String type, String id) {
    return collection
        .resource(scope, type, id)
        .orElseThrow(() -> new AssertionError("no " + type + " " + id + " in " + scope))
        .attributes();
  }

  @Test
  void aJobOfMoreThanAHundredTasksIsReadWholeAndAMissingCreatorStaysUnknown() {
    Collection collection = sandbox.collect();

    JsonNode backfill = attributes(collection, prod, "databricks_job", "303013");
    assertThat(backfill.path("task_count").asInt()).isEqualTo(130);
    assertThat(backfill.path("tasks")).hasSize(130);
    assertThat(backfill.path("tasks").get(129).path("task_key").asText()).isEqualTo("step_130");
    assertThat(backfill.path("creator_user_name").isNull()).isTrue();
    assertThat(backfill.path("run_as_service_principal_name").asText())
        .isEqualTo("c6f87718-6d76-407e-881e-d162ae2eb154");
    assertThat(sandbox.requestCount("GET /api/2.2/jobs/get", 200))
        .as("only the jobs past 100 tasks (dev's 111, prod's 130) are read again, 100 at a time")
        .isEqualTo(4);
    assertThat(attributes(collection, dev, "databricks_job", "101012").path("task_count").asInt())
        .isEqualTo(111);
    // the drift: prod's daily report runs as a person
    assertThat(
            attributes(collection, prod, "databricks_job", "303012")
                .path("run_as_user_name")
                .asText())
        .isEqualTo("liam.oconnor@example.com");
  }

  @Test
  void workspaceObjectsAreReadUnderTheRootsWithHomeFoldersOnlyAsFolders() {
    Collection collection = sandbox.collect();

    Set<String> folders =
        collection.resources(dev, "databricks_directory").stream()
            .map(Resource::id)
            .collect(Collectors.toSet());
    assertThat(folders)
        .contains("/Shared", "/Shared/archive", "/Repos", "/Repos/ci")
        .contains("/Users/tomas.novak@example.com");
    assertThat(
            attributes(collection, dev, "databricks_directory", "/Users/tomas.novak@example.com")
                .path("home_folder")
                .asBoolean())
        .isTrue();
    assertThat(
            attributes(collection, dev, "databricks_notebook", "/Shared/etl/ingest_orders")
                .path("language")
                .asText())
        .isEqualTo("PYTHON");
    Coverage notebooks = collection.coverage(dev, "databricks_notebook");
    assertThat(notebooks.isComplete()).isTrue();
    assertThat(notebooks.note())
        .hasValue(
            "workspace objects read under /Shared, /Repos, /Users (folder level) of the roots"
                + " /Shared, /Repos");
  }

  @Test
  void permissionsKeepInheritedGrantsApartFromDirectOnes() {
    Collection collection = sandbox.collect();

    JsonNode job = attributes(collection, dev, "databricks_permissions", "/jobs/101011");
    assertThat(job.path("object_type").asText()).isEqualTo("job");
    assertThat(job.path("object_name").asText()).isEqualTo("nightly-ingest");
    assertThat(job.path("access_control").toString())
        .contains("{\"group_name\":\"users\",\"permission_level\":\"CAN_MANAGE\"}")
        .doesNotContain("admins");
    assertThat(job.path("inherited_access_control").toString())
        .isEqualTo(
            "[{\"group_name\":\"admins\",\"permission_level\":\"CAN_MANAGE\","
                + "\"inherited_from\":\"/jobs/\"}]");

    long reports =
        sandbox
            .document()
            .path("workspaces")
            .path("dev")
            .path("workspace_objects")
            .path("/Shared/reports")
            .path("object_id")
            .asLong();
    long kpis =
        sandbox
            .document()
            .path("workspaces")
            .path("dev")
            .path("workspace_objects")
            .path("/Shared/reports/daily_kpis")
            .path("object_id")
            .asLong();
    JsonNode notebook = attributes(collection, dev, "databricks_permissions", "/notebooks/" + kpis);
    assertThat(notebook.path("access_control").toString())
        .isEqualTo("[{\"group_name\":\"security-auditors\",\"permission_level\":\"CAN_READ\"}]");
    assertThat(notebook.path("inherited_access_control").toString())
        .contains("\"inherited_from\":\"/directories/" + reports + "\"");

    JsonNode tokens =
        attributes(collection, dev, "databricks_permissions", "/authorization/tokens");
    assertThat(tokens.path("object_type").asText()).isEqualTo("tokens");
    assertThat(tokens.path("access_control")).hasSize(3);
    assertThat(
            collection.resources(dev, "databricks_permissions").stream()
                .map(resource -> resource.attributes().path("object_type").asText(""))
                .collect(Collectors.toSet()))
        .contains(
            "",
            "cluster",
            "job",
            "notebook",
            "directory",
            "repo",
            "warehouses",
            "instance-pool",
            "serving-endpoint",
            "tokens");
  }

  @Test
  void valuesNoSdkEnumKnowsArriveAsSentAndReposArePagedWhole() {
    Collection collection = sandbox.collect();

    assertThat(collection.resources(dev, "databricks_repo")).hasSize(47);
    assertThat(sandbox.requestCount("GET /api/2.0/repos", 200))
        .as("three pages of 20 in dev, one page in each of the three other workspaces")
        .isEqualTo(6);
    assertThat(
            attributes(collection, dev, "databricks_repo", "101500000").path("provider").asText())
        .isEqualTo("gitFuture");
    JsonNode warehouses = collection.resources(dev, "databricks_sql_endpoint").get(0).attributes();
    assertThat(warehouses.path("channel_name").asText()).isEqualTo("CHANNEL_NAME_FUTURE");
    assertThat(warehouses.path("custom_tags").path("team").asText()).isEqualTo("data-analytics");
    assertThat(
            attributes(collection, dev, "databricks_secret_acl", "etl-credentials|auditors")
                .path("permission")
                .asText())
        .isEqualTo("OWN");
  }

  @Test
  void aServingEndpointIsSummarisedWithoutAnyKey() {
    Collection collection = sandbox.collect();

    Resource endpoint =
        collection
            .resource(dev, "databricks_model_serving", "dev-support-summariser")
            .orElseThrow();
    assertThat(endpoint.attributes().path("external_model_providers").toString())
        .isEqualTo("[\"anthropic\"]");
    assertThat(endpoint.attributes().path("plaintext_keys").asBoolean()).isFalse();
    assertThat(endpoint.attributes().path("route_optimized").isBoolean())
        .as("route_optimized comes from the endpoint's own GET")
        .isTrue();
    assertThat(endpoint.attributes().toString())
        .doesNotContain("secrets/")
        .doesNotContain("anthropic-api-key")
        .doesNotContain("anthropic_config");
    for (Resource scope : collection.resources(dev, "databricks_secret_scope")) {
      assertThat(scope.attributes().toString()).doesNotContain("warehouse-jdbc-password");
    }
  }

  @Test
  void forbiddenOrThrottledNewEndpointsLeaveTheirTypesUnknownNeverEmpty() {
    long prodId = sandbox.workspaceId("prod");
    sandbox.faults(
        "{\"faults\":["
            + "{\"match\":\"/api/2.2/jobs/list\",\"workspace\":"
            + prodId
            + ",\"status\":403},"
            + "{\"match\":\"/api/2.0/secrets/acls/list\",\"status\":429},"
            + "{\"match\":\"/api/2.0/serving-endpoints/*\",\"status\":429,\"retry_after\":0}]}");

    Collection collection = sandbox.collect();

    for (String type : List.of("databricks_job", "databricks_permissions")) {
      Coverage row = collection.coverage(prod, type);
      assertThat(row.isComplete()).as(type).isFalse();
      assertThat(row.reason().orElseThrow().httpStatus()).as(type).hasValue(403);
      assertThat(collection.resources(prod, type)).as(type).isEmpty();
    }
    assertThat(collection.coverage(dev, "databricks_job").isComplete()).isTrue();
    for (Scope scope : List.of(dev, prod)) {
      for (String type : List.of("databricks_secret_acl", "databricks_model_serving")) {
        Coverage row = collection.coverage(scope, type);
        assertThat(row.isComplete()).as(scope + " " + type).isFalse();
        assertThat(row.reason().orElseThrow().httpStatus()).hasValue(429);
      }
      assertThat(collection.coverage(scope, "databricks_secret_scope").isComplete()).isTrue();
      assertThat(collection.coverage(scope, "databricks_notebook").isComplete()).isTrue();
    }
    assertThat(ResourceCatalogue.JOB.apiCalls().toString()).contains("/api/2.2/jobs/list");
  }
}
