package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.sandbox.Estate.Workspace;
import io.plumbline.sandbox.Routes.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workspace-object APIs (DATABRICKS-API-2.md sections 1-8, 10): jobs (list with {@code
 * expand_tasks}, arrays cut at 100 and paged by {@code jobs/get}), workspace objects (one folder a
 * call, no recursion, {@code {}} for an empty folder), repos (paged by a request parameter named
 * {@code next_page_token}), the permissions of every object kind (inherited grants from folders and
 * from each kind's root), secret scopes and ACLs, SQL warehouses, instance pools, serving endpoints
 * and runtime versions. Everything is served from the workspace's estate sections.
 */
final class WorkspaceObjectsApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the jobs API cuts each array at, in a list with expand_tasks and in jobs/get pages. */
  static final int TASKS_PER_PAGE = 100;

  private static final int JOBS_DEFAULT_PAGE = 20;
  private static final int JOBS_MAXIMUM_PAGE = 100;
  private static final int REPOS_PAGE = 20;
  private static final int WAREHOUSES_DEFAULT_PAGE = 25;
  private static final int WAREHOUSES_MAXIMUM_PAGE = 100;

  /** A handler of one workspace's call. */
  interface Handler {
    SandboxResponse handle(Call call, Workspace workspace);
  }

  private WorkspaceObjectsApi() {}

  /** Registers every route; {@code wrap} resolves the workspace from the routing header. */
  static void register(Routes routes, Function<Handler, Routes.Handler> wrap) {
    routes
        .add("GET", "/api/2.2/jobs/list", wrap.apply(WorkspaceObjectsApi::listJobs))
        .add("GET", "/api/2.2/jobs/get", wrap.apply(WorkspaceObjectsApi::getJob))
        .add("GET", "/api/2.0/workspace/list", wrap.apply(WorkspaceObjectsApi::listObjects))
        .add("GET", "/api/2.0/workspace/get-status", wrap.apply(WorkspaceObjectsApi::getStatus))
        .add("GET", "/api/2.0/repos", wrap.apply(WorkspaceObjectsApi::listRepos))
        .add("GET", "/api/2.0/secrets/scopes/list", wrap.apply(WorkspaceObjectsApi::listScopes))
        .add("GET", "/api/2.0/secrets/acls/list", wrap.apply(WorkspaceObjectsApi::listAcls))
        .add("GET", "/api/2.0/sql/warehouses", wrap.apply(WorkspaceObjectsApi::listWarehouses))
        .add("GET", "/api/2.0/instance-pools/list", wrap.apply(WorkspaceObjectsApi::listPools))
        .add("GET", "/api/2.0/serving-endpoints", wrap.apply(WorkspaceObjectsApi::listEndpoints))
        .add(
            "GET",
            "/api/2.0/serving-endpoints/{name}",
            wrap.apply(WorkspaceObjectsApi::getEndpoint))
        .add(
            "GET",
            "/api/2.1/clusters/spark-versions",
            wrap.apply(WorkspaceObjectsApi::sparkVersions));
    for (ObjectKind kind : ObjectKind.values()) {
      for (String path : kind.paths) {
        routes.add(
            "GET",
            "/api/2.0/permissions/" + path + (kind == ObjectKind.TOKENS ? "" : "/{id}"),
            wrap.apply((call, workspace) -> permissions(call, workspace, kind)));
      }
    }
  }

  // ---- jobs -------------------------------------------------------------------------------------

  private static List<Map.Entry<String, JsonNode>> jobs(Workspace workspace) {
    return Estate.entries(workspace.item().path("jobs"));
  }

  /** A job's tasks: the estate's, then {@code generated_tasks} more notebook tasks. */
  private static ArrayNode tasks(JsonNode job) {
    ArrayNode tasks = NODES.arrayNode();
    job.path("tasks").forEach(task -> tasks.add(task.deepCopy()));
    int generated = job.path("generated_tasks").asInt(0);
    String cluster = job.path("job_clusters").path(0).path("job_cluster_key").asText("main");
    for (int index = 1; index <= generated; index++) {
      ObjectNode task = tasks.addObject();
      task.put("task_key", String.format("step_%03d", index));
      task.put("job_cluster_key", cluster);
      task.putObject("notebook_task")
          .put("notebook_path", "/Shared/generated/step_" + index)
          .put("source", "WORKSPACE");
      if (index > 1) {
        task.putArray("depends_on")
            .addObject()
            .put("task_key", String.format("step_%03d", index - 1));
      }
    }
    return tasks;
  }

  /** The job as BaseJob (list) or Job (get) carries it, arrays whole. */
  private static ObjectNode job(String name, JsonNode entry) {
    ObjectNode job = NODES.objectNode();
    job.set("job_id", entry.path("job_id"));
    // absent once the creator is deleted
    if (entry.hasNonNull("creator_user_name")) {
      job.set("creator_user_name", entry.path("creator_user_name"));
    }
    job.set("created_time", entry.path("created_time"));
    ObjectNode settings = job.putObject("settings");
    settings.put("name", name);
    AccountApi.copy(
        entry, settings, "tags", "schedule", "git_source", "run_as", "email_notifications");
    settings.put("format", "MULTI_TASK");
    settings.put("max_concurrent_runs", entry.path("max_concurrent_runs").asInt(1));
    settings.set("job_clusters", entry.path("job_clusters").deepCopy());
    settings.set("tasks", tasks(entry));
    return job;
  }

  private static void cut(ObjectNode settings, String field, int from) {
    JsonNode all = settings.path(field);
    ArrayNode page = NODES.arrayNode();
    for (int index = from; index < Math.min(all.size(), from + TASKS_PER_PAGE); index++) {
      page.add(all.get(index));
    }
    settings.set(field, page);
  }

  private static SandboxResponse listJobs(Call call, Workspace workspace) {
    boolean expand =
        call.request().queryParameter("expand_tasks").map("true"::equalsIgnoreCase).orElse(false);
    List<ObjectNode> items = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : jobs(workspace)) {
      ObjectNode job = job(entry.getKey(), entry.getValue());
      ObjectNode settings = (ObjectNode) job.path("settings");
      if (expand) {
        boolean more =
            settings.path("tasks").size() > TASKS_PER_PAGE
                || settings.path("job_clusters").size() > TASKS_PER_PAGE;
        cut(settings, "tasks", 0);
        cut(settings, "job_clusters", 0);
        job.put("has_more", more);
      } else {
        settings.remove("tasks");
        settings.remove("job_clusters");
      }
      items.add(job);
    }
    int size = Paging.pageSize(call.request(), "limit", JOBS_DEFAULT_PAGE, JOBS_MAXIMUM_PAGE);
    ObjectNode body =
        Paging.tokenPage("jobs", items, call.request().queryParameter("page_token"), size);
    body.put("has_more", body.has("next_page_token"));
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse getJob(Call call, Workspace workspace) {
    Optional<String> id = call.request().queryParameter("job_id");
    if (id.isEmpty()) {
      return ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", "Missing required field: job_id");
    }
    for (Map.Entry<String, JsonNode> entry : jobs(workspace)) {
      if (!entry.getValue().path("job_id").asText().equals(id.get())) {
        continue;
      }
      ObjectNode job = job(entry.getKey(), entry.getValue());
      JsonNode runAs = entry.getValue().path("run_as");
      job.put(
          "run_as_user_name",
          runAs.path("user_name").asText(runAs.path("service_principal_name").asText(null)));
      ObjectNode settings = (ObjectNode) job.path("settings");
      int from =
          call.request()
              .queryParameter("page_token")
              .filter(token -> !token.isEmpty())
              .map(WorkspaceObjectsApi::pageOffset)
              .orElse(0);
      int total = Math.max(settings.path("tasks").size(), settings.path("job_clusters").size());
      cut(settings, "tasks", from);
      cut(settings, "job_clusters", from);
      if (from + TASKS_PER_PAGE < total) {
        job.put("next_page_token", "tasks:" + (from + TASKS_PER_PAGE));
        job.put("has_more", true);
      }
      return SandboxResponse.json(200, job);
    }
    return ApiErrors.databricks(
        400, "INVALID_PARAMETER_VALUE", "Job " + id.get() + " does not exist.");
  }

  private static int pageOffset(String token) {
    if (!token.startsWith("tasks:")) {
      throw new Paging.BadRequestException("invalid page token \"" + token + "\"");
    }
    try {
      return Integer.parseInt(token.substring("tasks:".length()));
    } catch (NumberFormatException e) {
      throw new Paging.BadRequestException("invalid page token \"" + token + "\"");
    }
  }

  // ---- workspace objects ------------------------------------------------------------------------

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** Every object of the workspace by path: the estate's, its repos, and each user's home. */
  private static List<ObjectNode> objects(Estate estate, Workspace workspace) {
    List<ObjectNode> objects = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("workspace_objects"))) {
      ObjectNode object = NODES.objectNode();
      JsonNode value = entry.getValue();
      object.put("object_type", value.path("object_type").asText("DIRECTORY"));
      object.put("path", entry.getKey());
      object.set("object_id", value.path("object_id"));
      object.put("resource_id", value.path("object_id").asText());
      if (value.has("language")) {
        object.set("language", value.path("language"));
      }
      if (value.path("is_git_folder").asBoolean(false)) {
        object.putObject("directory_info").put("is_git_folder", true);
      }
      objects.add(object);
    }
    for (Map.Entry<String, JsonNode> entry : Estate.entries(workspace.item().path("repos"))) {
      ObjectNode object = NODES.objectNode();
      object.put("object_type", "REPO");
      object.put("path", entry.getKey());
      object.set("object_id", entry.getValue().path("id"));
      object.put("resource_id", entry.getValue().path("id").asText());
      objects.add(object);
    }
    homeFolders(estate, workspace)
        .forEach(
            (path, id) -> {
              ObjectNode object = NODES.objectNode();
              object.put("object_type", "DIRECTORY");
              object.put("path", path);
              object.put("object_id", id);
              objects.add(object);
            });
    return objects;
  }

  /** Each user's home folder, {@code /Users/<userName>}, with its object id. */
  private static Map<String, Long> homeFolders(Estate estate, Workspace workspace) {
    Map<String, Long> homes = new java.util.LinkedHashMap<>();
    long homeId = workspace.id() % 1_000_000 * 1_000_000 + 900_000;
    for (String user : estate.visiblePrincipals(workspace).users()) {
      homes.put("/Users/" + user, homeId + homes.size());
    }
    return homes;
  }

  private static boolean folderExists(List<ObjectNode> objects, String path) {
    if (path.equals("/Users") || path.equals("/")) {
      return true;
    }
    return objects.stream()
        .anyMatch(
            object ->
                object.path("path").asText().equals(path)
                    && object.path("object_type").asText().equals("DIRECTORY"));
  }

  private static SandboxResponse listObjects(Call call, Workspace workspace) {
    String path = call.request().queryParameter("path").orElse("");
    if (path.isEmpty()) {
      return ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", "Missing required field: path");
    }
    String folder =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    List<ObjectNode> objects = objects(call.estate(), workspace);
    if (!folderExists(objects, folder)) {
      return ApiErrors.databricks(
          404, "RESOURCE_DOES_NOT_EXIST", "Path (" + folder + ") doesn't exist.");
    }
    ArrayNode children = NODES.arrayNode();
    for (ObjectNode object : objects) {
      String objectPath = object.path("path").asText();
      if (!objectPath.equals(folder) && parent(objectPath).equals(folder)) {
        children.add(object);
      }
    }
    // an empty folder answers {} (no "objects" at all)
    ObjectNode body = NODES.objectNode();
    if (!children.isEmpty()) {
      body.set("objects", children);
    }
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse getStatus(Call call, Workspace workspace) {
    String path = call.request().queryParameter("path").orElse("");
    if (path.isEmpty()) {
      return ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", "Missing required field: path");
    }
    for (ObjectNode object : objects(call.estate(), workspace)) {
      if (object.path("path").asText().equals(path)) {
        return SandboxResponse.json(200, object);
      }
    }
    return ApiErrors.databricks(
        404, "RESOURCE_DOES_NOT_EXIST", "Path (" + path + ") doesn't exist.");
  }

  private static SandboxResponse listRepos(Call call, Workspace workspace) {
    String prefix = call.request().queryParameter("path_prefix").orElse("/Repos");
    if (prefix.equals("/")) {
      prefix = "/Repos"; // without a prefix, or with "/", only /Workspace/Repos (section 3)
    }
    List<ObjectNode> items = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Estate.entries(workspace.item().path("repos"))) {
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      ObjectNode repo = NODES.objectNode();
      JsonNode value = entry.getValue();
      repo.set("id", value.path("id"));
      repo.put("path", entry.getKey());
      AccountApi.copy(
          value, repo, "url", "provider", "branch", "head_commit_id", "sparse_checkout");
      items.add(repo);
    }
    ObjectNode body =
        Paging.tokenPage(
            "repos", items, call.request().queryParameter("next_page_token"), REPOS_PAGE);
    body.remove("prev_page_token");
    return SandboxResponse.json(200, body);
  }

  // ---- permissions ------------------------------------------------------------------------------

  /** Object kinds: request path(s), object type, and the root admins inherit from. */
  enum ObjectKind {
    CLUSTERS("cluster", "/clusters/", "clusters"),
    JOBS("job", "/jobs/", "jobs"),
    NOTEBOOKS("notebook", "/directories/", "notebooks"),
    DIRECTORIES("directory", "/directories/", "directories"),
    REPOS("repo", "/repos/", "repos"),
    WAREHOUSES("warehouses", "/sql/warehouses/", "warehouses", "sql/warehouses"),
    POOLS("instance-pool", "/instance-pools/", "instance-pools"),
    ENDPOINTS("serving-endpoint", "/serving-endpoints/", "serving-endpoints"),
    TOKENS("tokens", "/authorization/", "authorization/tokens");

    final String objectType;
    final String root;
    final List<String> paths;

    ObjectKind(String objectType, String root, String... paths) {
      this.objectType = objectType;
      this.root = root;
      this.paths = List.of(paths);
    }
  }

  /** The estate entry an object's permissions are served from, and its object id. */
  private record Found(JsonNode entry, String objectId, Optional<String> path) {}

  private static Optional<Found> find(Call call, Workspace workspace, ObjectKind kind) {
    JsonNode item = workspace.item();
    if (kind == ObjectKind.TOKENS) {
      ObjectNode entry = NODES.objectNode();
      entry.set("permissions", item.path("token_permissions"));
      return Optional.of(new Found(entry, "/authorization/tokens", Optional.empty()));
    }
    String id = call.parameter("id");
    return switch (kind) {
      case CLUSTERS -> byField(item.path("clusters"), "cluster_id", id, "/clusters/" + id);
      case JOBS -> byField(item.path("jobs"), "job_id", id, "/jobs/" + id);
      case REPOS -> byField(item.path("repos"), "id", id, "/repos/" + id);
      case WAREHOUSES -> byField(item.path("sql_warehouses"), "id", id, "/sql/warehouses/" + id);
      case POOLS ->
          byField(item.path("instance_pools"), "instance_pool_id", id, "/instance-pools/" + id);
      case ENDPOINTS ->
          byField(item.path("serving_endpoints"), "id", id, "/serving-endpoints/" + id);
      default -> {
        String type = kind == ObjectKind.NOTEBOOKS ? "NOTEBOOK" : "DIRECTORY";
        for (Map.Entry<String, JsonNode> entry : Estate.entries(item.path("workspace_objects"))) {
          if (entry.getValue().path("object_id").asText().equals(id)
              && entry.getValue().path("object_type").asText("DIRECTORY").equals(type)) {
            yield Optional.of(
                new Found(
                    entry.getValue(),
                    "/" + kind.paths.get(0) + "/" + id,
                    Optional.of(entry.getKey())));
          }
        }
        if (kind == ObjectKind.DIRECTORIES) {
          // a home folder: its user manages it
          for (Map.Entry<String, Long> home : homeFolders(call.estate(), workspace).entrySet()) {
            if (home.getValue().toString().equals(id)) {
              ObjectNode entry = NODES.objectNode();
              entry
                  .putArray("permissions")
                  .addObject()
                  .put("user_name", home.getKey().substring("/Users/".length()))
                  .put("permission_level", "CAN_MANAGE");
              yield Optional.of(new Found(entry, "/directories/" + id, Optional.of(home.getKey())));
            }
          }
        }
        yield Optional.empty();
      }
    };
  }

  private static Optional<Found> byField(
      JsonNode section, String field, String id, String objectId) {
    for (Map.Entry<String, JsonNode> entry : Estate.entries(section)) {
      if (entry.getValue().path(field).asText().equals(id)) {
        return Optional.of(new Found(entry.getValue(), objectId, Optional.empty()));
      }
    }
    return Optional.empty();
  }

  private static SandboxResponse permissions(Call call, Workspace workspace, ObjectKind kind) {
    Optional<Found> found = find(call, workspace, kind);
    if (found.isEmpty()) {
      return ApiErrors.databricks(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          kind.objectType + " " + call.parameters().getOrDefault("id", "") + " does not exist.");
    }
    ObjectNode body = NODES.objectNode();
    body.put("object_id", found.get().objectId());
    body.put("object_type", kind.objectType);
    ArrayNode acl = body.putArray("access_control_list");
    for (JsonNode permission : found.get().entry().path("permissions")) {
      ObjectNode entry = acl.addObject();
      AccountApi.copy(permission, entry, "group_name", "user_name", "service_principal_name");
      ObjectNode level = entry.putArray("all_permissions").addObject();
      level.set("permission_level", permission.path("permission_level"));
      level.put("inherited", false);
    }
    // grants inherited from the folders above a workspace object
    if (found.get().path().isPresent()) {
      String path = found.get().path().get();
      JsonNode objects = workspace.item().path("workspace_objects");
      for (String folder = parent(path); !folder.equals("/"); folder = parent(folder)) {
        JsonNode ancestor = objects.path(folder);
        for (JsonNode permission : ancestor.path("permissions")) {
          ObjectNode entry = acl.addObject();
          AccountApi.copy(permission, entry, "group_name", "user_name", "service_principal_name");
          ObjectNode level = entry.putArray("all_permissions").addObject();
          level.set("permission_level", permission.path("permission_level"));
          level.put("inherited", true);
          level
              .putArray("inherited_from_object")
              .add("/directories/" + ancestor.path("object_id").asText());
        }
      }
    }
    // admins manage every object of a kind: an inherited grant from the kind's root
    if (kind != ObjectKind.TOKENS) {
      ObjectNode admins = acl.addObject();
      admins.put("group_name", "admins");
      ObjectNode inherited = admins.putArray("all_permissions").addObject();
      inherited.put(
          "permission_level", kind == ObjectKind.WAREHOUSES ? "CAN_MANAGE" : "CAN_MANAGE");
      inherited.put("inherited", true);
      inherited.putArray("inherited_from_object").add(kind.root);
    }
    return SandboxResponse.json(200, body);
  }

  // ---- secrets ----------------------------------------------------------------------------------

  private static SandboxResponse listScopes(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    ArrayNode scopes = NODES.arrayNode();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("secret_scopes"))) {
      ObjectNode scope = scopes.addObject();
      scope.put("name", entry.getKey());
      scope.put("backend_type", entry.getValue().path("backend_type").asText("DATABRICKS"));
      AccountApi.copy(entry.getValue(), scope, "keyvault_metadata");
    }
    if (!scopes.isEmpty()) {
      body.set("scopes", scopes);
    }
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse listAcls(Call call, Workspace workspace) {
    Optional<String> name = call.request().queryParameter("scope");
    if (name.isEmpty()) {
      return ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", "Missing required field: scope");
    }
    JsonNode scope = workspace.item().path("secret_scopes").path(name.get());
    if (!scope.isObject()) {
      return ApiErrors.databricks(
          404, "RESOURCE_DOES_NOT_EXIST", "Scope " + name.get() + " does not exist!");
    }
    ObjectNode body = NODES.objectNode();
    ArrayNode items = NODES.arrayNode();
    scope.path("acls").forEach(acl -> items.add(acl.deepCopy()));
    if (!items.isEmpty()) {
      body.set("items", items);
    }
    return SandboxResponse.json(200, body);
  }

  // ---- warehouses, pools, serving endpoints, runtimes -------------------------------------------

  private static SandboxResponse listWarehouses(Call call, Workspace workspace) {
    List<ObjectNode> items = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("sql_warehouses"))) {
      ObjectNode warehouse = ((ObjectNode) entry.getValue().deepCopy());
      warehouse.remove("permissions");
      warehouse.put("name", entry.getKey());
      if (warehouse.has("custom_tags")) {
        ArrayNode tags = warehouse.putObject("tags").putArray("custom_tags");
        Estate.entries(warehouse.remove("custom_tags"))
            .forEach(tag -> tags.addObject().put("key", tag.getKey()).set("value", tag.getValue()));
      }
      if (!warehouse.has("state")) {
        warehouse.put("state", "STOPPED");
      }
      items.add(warehouse);
    }
    int size =
        Paging.pageSize(
            call.request(), "page_size", WAREHOUSES_DEFAULT_PAGE, WAREHOUSES_MAXIMUM_PAGE);
    ObjectNode body =
        Paging.tokenPage("warehouses", items, call.request().queryParameter("page_token"), size);
    body.remove("prev_page_token");
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse listPools(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    ArrayNode pools = NODES.arrayNode();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("instance_pools"))) {
      ObjectNode pool = ((ObjectNode) entry.getValue().deepCopy());
      pool.remove("permissions");
      pool.put("instance_pool_name", entry.getKey());
      if (!pool.has("state")) {
        pool.put("state", "ACTIVE");
      }
      pools.add(pool);
    }
    if (!pools.isEmpty()) {
      body.set("instance_pools", pools);
    }
    return SandboxResponse.json(200, body);
  }

  private static ObjectNode endpoint(String name, JsonNode entry, boolean detailed) {
    ObjectNode endpoint = ((ObjectNode) entry.deepCopy());
    endpoint.remove("permissions");
    endpoint.put("name", name);
    if (!detailed) {
      endpoint.remove("route_optimized"); // only the endpoint's own GET carries it (section 8)
    }
    if (!endpoint.has("state")) {
      endpoint.putObject("state").put("ready", "READY").put("config_update", "NOT_UPDATING");
    }
    return endpoint;
  }

  private static SandboxResponse listEndpoints(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    ArrayNode endpoints = body.putArray("endpoints");
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(workspace.item().path("serving_endpoints"))) {
      endpoints.add(endpoint(entry.getKey(), entry.getValue(), false));
    }
    return SandboxResponse.json(200, body);
  }

  private static SandboxResponse getEndpoint(Call call, Workspace workspace) {
    String name = call.parameter("name");
    JsonNode entry = workspace.item().path("serving_endpoints").path(name);
    if (!entry.isObject()) {
      return ApiErrors.databricks(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Serving endpoint with name " + name + " does not exist.");
    }
    return SandboxResponse.json(200, endpoint(name, entry, true));
  }

  private static SandboxResponse sparkVersions(Call call, Workspace workspace) {
    ObjectNode body = NODES.objectNode();
    ArrayNode versions = body.putArray("versions");
    call.estate().document().path("spark_versions").forEach(version -> versions.add(version));
    return SandboxResponse.json(200, body);
  }
}
