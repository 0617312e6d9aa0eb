package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;
import static java.util.Objects.requireNonNull;

import com.databricks.sdk.WorkspaceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.ReadResult;
import io.plumbline.collect.databricks.WorkspaceReads.WorkspaceRef;
import io.plumbline.model.GitHosts;
import io.plumbline.model.PermissionKind;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reads of a workspace's objects (issue 11): jobs, workspace objects under the roots read,
 * repos, secret scopes and their ACLs, SQL warehouses, instance pools, serving endpoints, the
 * runtime versions, and the permissions of each object kind. Lists are read raw through the SDK's
 * own API client (unknown enum values survive); lists every permission read needs are read once per
 * workspace.
 */
final class WorkspaceObjectReads {

  /** The roots walked by default; home folders are read only at folder level. */
  static final List<String> DEFAULT_ROOTS = List.of("/Shared", "/Repos");

  static final String HOME_ROOT = "/Users";

  private static final int JOBS_PAGE_SIZE = 100;

  private final DatabricksClients clients;
  private final SdkCalls calls;
  private final List<String> roots;
  private final SharedResults<Long, List<JsonNode>> jobs = new SharedResults<>();
  private final SharedResults<Long, Walk> walks = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> repos = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> clusters = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> warehouses = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> pools = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> endpoints = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> scopes = new SharedResults<>();

  WorkspaceObjectReads(DatabricksClients clients, List<String> roots) {
    this.clients = requireNonNull(clients, "clients is null");
    this.calls = clients.calls();
    this.roots = List.copyOf(roots);
  }

  void schedule(CollectionRun run, WorkspaceRef workspace) {
    Scope scope = Scope.workspace(workspace.id());
    run.read(scope, ResourceCatalogue.JOB.name(), () -> jobs(workspace));
    run.read(scope, ResourceCatalogue.NOTEBOOK.name(), () -> notebooks(workspace));
    run.read(scope, ResourceCatalogue.DIRECTORY.name(), () -> directories(workspace));
    run.read(scope, ResourceCatalogue.REPO.name(), () -> repos(workspace));
    run.read(scope, ResourceCatalogue.SECRET_SCOPE.name(), () -> secretScopes(workspace));
    run.read(scope, ResourceCatalogue.SECRET_ACL.name(), () -> secretAcls(workspace));
    run.read(scope, ResourceCatalogue.SQL_ENDPOINT.name(), () -> warehouses(workspace));
    run.read(scope, ResourceCatalogue.INSTANCE_POOL.name(), () -> instancePools(workspace));
    run.read(scope, ResourceCatalogue.MODEL_SERVING.name(), () -> servingEndpoints(workspace));
    run.read(scope, ResourceCatalogue.SPARK_VERSION.name(), () -> sparkVersions(workspace));
  }

  private WorkspaceClient client(WorkspaceRef workspace) throws Exception {
    return clients.workspace(workspace.id(), workspace.deploymentName());
  }

  private static String in(WorkspaceRef workspace) {
    return " in workspace " + workspace.id();
  }

  private List<JsonNode> list(
      WorkspaceRef workspace, String path, Map<String, String> query, String itemsField)
      throws Exception {
    WorkspaceClient client = client(workspace);
    return clients.getList(
        "GET " + path + in(workspace),
        client.apiClient(),
        path,
        query,
        Optional.of(itemsField),
        OptionalLong.of(workspace.id()));
  }

  private JsonNode get(WorkspaceRef workspace, String path, Map<String, String> query)
      throws Exception {
    WorkspaceClient client = client(workspace);
    return calls.call(
        "GET " + path + in(workspace),
        () -> clients.getJson(client.apiClient(), path, query, OptionalLong.of(workspace.id())));
  }

  // ---- jobs -------------------------------------------------------------------------------------

  /**
   * Every job with its tasks and job clusters complete: the list (with {@code expand_tasks}) cuts
   * each array at 100 and marks the job {@code has_more}; such a job is read again with {@code
   * jobs/get}, page after page, until its arrays are whole (DATABRICKS-API-2.md section 1).
   */
  private List<JsonNode> jobList(WorkspaceRef workspace) throws Exception {
    return jobs.get(
        workspace.id(),
        () -> {
          List<JsonNode> listed =
              list(
                  workspace,
                  "/api/2.2/jobs/list",
                  Map.of("limit", Integer.toString(JOBS_PAGE_SIZE), "expand_tasks", "true"),
                  "jobs");
          List<JsonNode> complete = new ArrayList<>(listed.size());
          for (JsonNode job : listed) {
            complete.add(job.path("has_more").asBoolean(false) ? wholeJob(workspace, job) : job);
          }
          return complete;
        });
  }

  private JsonNode wholeJob(WorkspaceRef workspace, JsonNode listed) throws Exception {
    JsonNode id = listed.path("job_id");
    if (!id.canConvertToLong()) {
      throw SdkCalls.malformed("a job" + in(workspace) + " has no job_id");
    }
    ObjectNode job = null;
    ArrayNode tasks = NODES.arrayNode();
    ArrayNode jobClusters = NODES.arrayNode();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("job_id", Long.toString(id.asLong()));
    Set<String> tokens = new HashSet<>();
    while (true) {
      JsonNode page = get(workspace, "/api/2.2/jobs/get", query);
      if (job == null) {
        job = page.deepCopy();
      }
      page.path("settings").path("tasks").forEach(tasks::add);
      page.path("settings").path("job_clusters").forEach(jobClusters::add);
      String token = Json.text(page, "next_page_token");
      if (token == null || token.isEmpty()) {
        break;
      }
      if (!tokens.add(token)) {
        throw SdkCalls.malformed(
            "GET /api/2.2/jobs/get" + in(workspace) + " sent the same next_page_token twice");
      }
      query.put("page_token", token);
    }
    ObjectNode settings =
        job.path("settings").isObject()
            ? (ObjectNode) job.path("settings")
            : job.putObject("settings");
    settings.set("tasks", tasks);
    settings.set("job_clusters", jobClusters);
    job.put("has_more", false);
    return job;
  }

  private ReadResult jobs(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode job : jobList(workspace)) {
      resources.add(job(scope, job));
    }
    return ReadResult.of(resources);
  }

  static Resource job(Scope scope, JsonNode job) throws ReadException {
    JsonNode settings = job.path("settings");
    JsonNode runAs = settings.path("run_as");
    JsonNode git = settings.path("git_source");
    ObjectNode attributes = NODES.objectNode();
    attributes.set("job_id", Json.field(job, "job_id"));
    attributes.set("name", Json.field(settings, "name"));
    attributes.set("creator_user_name", Json.field(job, "creator_user_name"));
    attributes.set("created_time", Json.field(job, "created_time"));
    attributes.set("run_as_user_name", Json.field(runAs, "user_name"));
    attributes.set("run_as_service_principal_name", Json.field(runAs, "service_principal_name"));
    attributes.set("schedule", Json.field(settings, "schedule"));
    attributes.set("git_url", Json.field(git, "git_url"));
    attributes.set("git_provider", Json.field(git, "git_provider"));
    attributes.set("tags", Json.sortedMap(settings.get("tags")));
    ArrayNode tasks = NODES.arrayNode();
    settings.path("tasks").forEach(task -> tasks.add(task.deepCopy()));
    ArrayNode jobClusters = NODES.arrayNode();
    settings.path("job_clusters").forEach(cluster -> jobClusters.add(cluster.deepCopy()));
    attributes.put("task_count", tasks.size());
    attributes.put("job_cluster_count", jobClusters.size());
    attributes.set("tasks", tasks);
    attributes.set("job_clusters", jobClusters);
    Set<String> policies = new TreeSet<>();
    Set<String> withoutPolicy = new TreeSet<>();
    Set<String> profiles = new TreeSet<>();
    Set<String> versions = new TreeSet<>();
    Set<String> existing = new TreeSet<>();
    ArrayNode initScripts = NODES.arrayNode();
    Map<String, JsonNode> specs = new LinkedHashMap<>();
    for (JsonNode cluster : jobClusters) {
      specs.put(cluster.path("job_cluster_key").asText(), cluster.path("new_cluster"));
    }
    for (JsonNode task : tasks) {
      if (task.path("new_cluster").isObject()) {
        specs.put(task.path("task_key").asText(), task.path("new_cluster"));
      }
      if (task.hasNonNull("existing_cluster_id")) {
        existing.add(task.path("existing_cluster_id").asText());
      }
    }
    specs.forEach(
        (key, spec) -> {
          String policy = Json.text(spec, "policy_id");
          if (policy == null || policy.isBlank()) {
            withoutPolicy.add(key);
          } else {
            policies.add(policy);
          }
          String profile = Json.text(spec.path("aws_attributes"), "instance_profile_arn");
          if (profile != null) {
            profiles.add(profile);
          }
          String version = Json.text(spec, "spark_version");
          if (version != null) {
            versions.add(version);
          }
          spec.path("init_scripts").forEach(script -> initScripts.add(script.deepCopy()));
        });
    attributes.set("policy_ids", texts(policies));
    attributes.set("clusters_without_policy", texts(withoutPolicy));
    attributes.set("instance_profile_arns", texts(profiles));
    attributes.set("spark_versions", texts(versions));
    attributes.set("existing_cluster_ids", texts(existing));
    attributes.set("init_scripts", initScripts);
    return resource(ResourceCatalogue.JOB.name(), scope, attributes);
  }

  private static ArrayNode texts(Set<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static Resource resource(String type, Scope scope, ObjectNode attributes)
      throws ReadException {
    try {
      return new Resource(type, ResourceCatalogue.get(type).id(attributes), scope, attributes);
    } catch (IllegalArgumentException e) {
      throw SdkCalls.malformed("a " + type + " came without its id: " + e.getMessage());
    }
  }

  // ---- workspace objects ------------------------------------------------------------------------

  /** What a walk of the roots found: notebooks, folders, Git folders, and the roots it read. */
  record Walk(List<JsonNode> notebooks, List<JsonNode> directories, List<String> rootsRead) {}

  private Walk walk(WorkspaceRef workspace) throws Exception {
    return walks.get(
        workspace.id(),
        () -> {
          List<JsonNode> notebooks = new ArrayList<>();
          List<JsonNode> directories = new ArrayList<>();
          List<String> read = new ArrayList<>();
          for (String root : roots) {
            // the root folder itself: its grants are what everything under it inherits
            Optional<JsonNode> status = status(workspace, root);
            if (status.isEmpty()) {
              continue; // the root does not exist: nothing under it
            }
            if ("DIRECTORY".equals(Json.text(status.get(), "object_type"))) {
              directories.add(((ObjectNode) status.get().deepCopy()).put("root", root));
            }
            read.add(root);
            Deque<String> pending = new ArrayDeque<>();
            pending.add(root);
            while (!pending.isEmpty()) {
              String path = pending.pop();
              Optional<List<JsonNode>> children = children(workspace, path);
              for (JsonNode object : children.orElse(List.of())) {
                String type = Json.text(object, "object_type");
                ObjectNode item = ((ObjectNode) object.deepCopy()).put("root", root);
                if ("NOTEBOOK".equals(type)) {
                  notebooks.add(item);
                } else if ("DIRECTORY".equals(type)) {
                  directories.add(item);
                  if (!object.path("directory_info").path("is_git_folder").asBoolean(false)) {
                    pending.add(object.path("path").asText());
                  }
                }
              }
            }
          }
          // home folders: the folders themselves, not what they hold
          Optional<List<JsonNode>> homes = children(workspace, HOME_ROOT);
          if (homes.isPresent()) {
            read.add(HOME_ROOT + " (folder level)");
            for (JsonNode object : homes.get()) {
              if ("DIRECTORY".equals(Json.text(object, "object_type"))) {
                directories.add(
                    ((ObjectNode) object.deepCopy())
                        .put("root", HOME_ROOT)
                        .put("home_folder", true));
              }
            }
          }
          return new Walk(notebooks, directories, read);
        });
  }

  /** One object's status; empty when it does not exist. */
  private Optional<JsonNode> status(WorkspaceRef workspace, String path) throws Exception {
    try {
      return Optional.of(get(workspace, "/api/2.0/workspace/get-status", Map.of("path", path)));
    } catch (ReadException e) {
      if (e.httpStatus().orElse(0) == 404 && "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A folder's objects; empty when the folder does not exist (it went, or never was). */
  private Optional<List<JsonNode>> children(WorkspaceRef workspace, String path) throws Exception {
    try {
      return Optional.of(
          list(workspace, "/api/2.0/workspace/list", Map.of("path", path), "objects"));
    } catch (ReadException e) {
      if (e.httpStatus().orElse(0) == 404 && "RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private String rootsNote(Walk walk) {
    return "workspace objects read under "
        + (walk.rootsRead().isEmpty()
            ? "no root (none exists)"
            : String.join(", ", walk.rootsRead()))
        + " of the roots "
        + String.join(", ", roots);
  }

  private ReadResult notebooks(WorkspaceRef workspace) throws Exception {
    Walk walk = walk(workspace);
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode notebook : walk.notebooks()) {
      resources.add(DeclaredReads.resource(ResourceCatalogue.NOTEBOOK, scope, notebook));
    }
    return new ReadResult(resources, Optional.of(rootsNote(walk)), List.of());
  }

  private ReadResult directories(WorkspaceRef workspace) throws Exception {
    Walk walk = walk(workspace);
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode directory : walk.directories()) {
      resources.add(
          DeclaredReads.resource(
              ResourceCatalogue.DIRECTORY,
              scope,
              directory,
              (item, attributes) -> {
                attributes.put(
                    "is_git_folder",
                    item.path("directory_info").path("is_git_folder").asBoolean(false));
                attributes.put("home_folder", item.path("home_folder").asBoolean(false));
              }));
    }
    return new ReadResult(resources, Optional.of(rootsNote(walk)), List.of());
  }

  // ---- repos ------------------------------------------------------------------------------------

  /** Repos, paged by a request parameter named {@code next_page_token} (section 3). */
  private List<JsonNode> repoList(WorkspaceRef workspace) throws Exception {
    return repos.get(
        workspace.id(),
        () -> {
          List<JsonNode> items = new ArrayList<>();
          Map<String, String> query = new LinkedHashMap<>();
          query.put("path_prefix", "/");
          Set<String> tokens = new HashSet<>();
          while (true) {
            JsonNode page = get(workspace, "/api/2.0/repos", query);
            JsonNode repos = page.path("repos");
            if (repos.isArray()) {
              repos.forEach(items::add);
            } else if (!repos.isMissingNode() && !repos.isNull()) {
              throw SdkCalls.malformed(
                  "GET /api/2.0/repos" + in(workspace) + " did not answer a list");
            }
            String token = Json.text(page, "next_page_token");
            if (token == null || token.isEmpty()) {
              return items;
            }
            if (!tokens.add(token)) {
              throw SdkCalls.malformed(
                  "GET /api/2.0/repos" + in(workspace) + " sent the same next_page_token twice");
            }
            query.put("next_page_token", token);
          }
        });
  }

  private ReadResult repos(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode repo : repoList(workspace)) {
      resources.add(
          DeclaredReads.resource(
              ResourceCatalogue.REPO,
              scope,
              repo,
              (item, attributes) -> {
                attributes.set("repo_id", Json.field(item, "id"));
                attributes.put("git_host", GitHosts.host(Json.text(item, "url")));
              }));
    }
    return ReadResult.of(resources);
  }

  // ---- secrets ----------------------------------------------------------------------------------

  private List<JsonNode> scopeList(WorkspaceRef workspace) throws Exception {
    return scopes.get(
        workspace.id(), () -> list(workspace, "/api/2.0/secrets/scopes/list", Map.of(), "scopes"));
  }

  private ReadResult secretScopes(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode secretScope : scopeList(workspace)) {
      resources.add(DeclaredReads.resource(ResourceCatalogue.SECRET_SCOPE, scope, secretScope));
    }
    return ReadResult.of(resources);
  }

  /** Each scope's ACL: who may read, write, manage it (never a secret, never a key's value). */
  private ReadResult secretAcls(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode secretScope : scopeList(workspace)) {
      String name = Json.text(secretScope, "name");
      if (name == null) {
        throw SdkCalls.malformed("a secret scope" + in(workspace) + " has no name");
      }
      for (JsonNode acl :
          list(workspace, "/api/2.0/secrets/acls/list", Map.of("scope", name), "items")) {
        ObjectNode attributes = NODES.objectNode();
        attributes.put("scope", name);
        attributes.set("principal", Json.field(acl, "principal"));
        attributes.set("permission", Json.field(acl, "permission"));
        resources.add(resource(ResourceCatalogue.SECRET_ACL.name(), scope, attributes));
      }
    }
    return ReadResult.of(resources);
  }

  // ---- warehouses, pools, serving endpoints, runtimes, clusters ---------------------------------

  private List<JsonNode> warehouseList(WorkspaceRef workspace) throws Exception {
    return warehouses.get(
        workspace.id(),
        () -> list(workspace, "/api/2.0/sql/warehouses", Map.of("page_size", "100"), "warehouses"));
  }

  private ReadResult warehouses(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode warehouse : warehouseList(workspace)) {
      resources.add(
          DeclaredReads.resource(
              ResourceCatalogue.SQL_ENDPOINT,
              scope,
              warehouse,
              (item, attributes) -> {
                attributes.set("warehouse_id", Json.field(item, "id"));
                attributes.set("channel_name", Json.field(item.path("channel"), "name"));
                ObjectNode tags = NODES.objectNode();
                for (JsonNode tag : item.path("tags").path("custom_tags")) {
                  tags.set(tag.path("key").asText(), Json.field(tag, "value"));
                }
                attributes.set(
                    "custom_tags",
                    item.path("tags").isObject() ? Json.sortedMap(tags) : NODES.nullNode());
              }));
    }
    return ReadResult.of(resources);
  }

  private List<JsonNode> poolList(WorkspaceRef workspace) throws Exception {
    return pools.get(
        workspace.id(),
        () -> list(workspace, "/api/2.0/instance-pools/list", Map.of(), "instance_pools"));
  }

  private ReadResult instancePools(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode pool : poolList(workspace)) {
      resources.add(
          DeclaredReads.resource(
              ResourceCatalogue.INSTANCE_POOL,
              scope,
              pool,
              (item, attributes) ->
                  Json.copy(
                      item.path("aws_attributes"),
                      attributes,
                      "availability",
                      "instance_profile_arn")));
    }
    return ReadResult.of(resources);
  }

  private List<JsonNode> endpointList(WorkspaceRef workspace) throws Exception {
    return endpoints.get(
        workspace.id(),
        () -> {
          List<JsonNode> listed =
              list(workspace, "/api/2.0/serving-endpoints", Map.of(), "endpoints");
          List<JsonNode> detailed = new ArrayList<>(listed.size());
          for (JsonNode endpoint : listed) {
            String name = Json.text(endpoint, "name");
            if (name == null) {
              throw SdkCalls.malformed("a serving endpoint" + in(workspace) + " has no name");
            }
            // route_optimized is only in the endpoint's own answer (section 8)
            detailed.add(get(workspace, "/api/2.0/serving-endpoints/" + name, Map.of()));
          }
          return detailed;
        });
  }

  private ReadResult servingEndpoints(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode endpoint : endpointList(workspace)) {
      resources.add(servingEndpoint(scope, endpoint));
    }
    return ReadResult.of(resources);
  }

  /**
   * A serving endpoint summarised: entity names, external model providers, instance profiles, and
   * whether any {@code *_plaintext} field is set, never its value.
   */
  static Resource servingEndpoint(Scope scope, JsonNode endpoint) throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    Json.copy(endpoint, attributes, "name", "creator", "task");
    attributes.set("serving_endpoint_id", Json.field(endpoint, "id"));
    attributes.set("route_optimized", Json.field(endpoint, "route_optimized"));
    Set<String> entities = new TreeSet<>();
    Set<String> providers = new TreeSet<>();
    Set<String> profiles = new TreeSet<>();
    boolean plaintext = false;
    for (JsonNode entity : endpoint.path("config").path("served_entities")) {
      String name = Json.text(entity, "entity_name");
      if (name == null) {
        name = Json.text(entity, "name");
      }
      if (name != null) {
        entities.add(name);
      }
      JsonNode external = entity.path("external_model");
      if (external.isObject()) {
        String provider = Json.text(external, "provider");
        providers.add(provider == null ? "" : provider);
        plaintext |= hasPlaintext(external);
      }
      String profile = Json.text(entity, "instance_profile_arn");
      if (profile != null) {
        profiles.add(profile);
      }
    }
    attributes.set("served_entities", texts(entities));
    attributes.set("external_model_providers", texts(providers));
    attributes.set("instance_profile_arns", texts(profiles));
    attributes.put("plaintext_keys", plaintext);
    JsonNode gateway = endpoint.path("ai_gateway");
    attributes.put("ai_gateway_configured", gateway.isObject());
    attributes.put("guardrails_configured", gateway.path("guardrails").isObject());
    attributes.put(
        "inference_table_enabled",
        gateway.path("inference_table_config").path("enabled").asBoolean(false));
    attributes.put(
        "usage_tracking_enabled",
        gateway.path("usage_tracking_config").path("enabled").asBoolean(false));
    attributes.put("rate_limited", gateway.path("rate_limits").size() > 0);
    ObjectNode tags = NODES.objectNode();
    for (JsonNode tag : endpoint.path("tags")) {
      tags.set(tag.path("key").asText(), Json.field(tag, "value"));
    }
    attributes.set("tags", Json.sortedMap(tags));
    return resource(ResourceCatalogue.MODEL_SERVING.name(), scope, attributes);
  }

  private static boolean hasPlaintext(JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().endsWith("_plaintext")
            && field.getValue().isTextual()
            && !field.getValue().asText().isEmpty()) {
          return true;
        }
        if (hasPlaintext(field.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private ReadResult sparkVersions(WorkspaceRef workspace) throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode version :
        list(workspace, "/api/2.1/clusters/spark-versions", Map.of(), "versions")) {
      resources.add(DeclaredReads.resource(ResourceCatalogue.SPARK_VERSION, scope, version));
    }
    return ReadResult.of(resources);
  }

  private List<JsonNode> clusterList(WorkspaceRef workspace) throws Exception {
    return clusters.get(
        workspace.id(),
        () -> list(workspace, "/api/2.1/clusters/list", Map.of("page_size", "100"), "clusters"));
  }

  // ---- permissions of every object kind ---------------------------------------------------------

  /** An object whose permissions are read: its kind, id and name. */
  private record Target(PermissionKind kind, String id, String name) {}

  /**
   * The permissions of every object of every kind in {@link ResourceCatalogue#PERMISSION_KINDS},
   * one resource per object: direct grants in {@code access_control}, inherited ones apart.
   */
  List<Resource> permissions(WorkspaceRef workspace) throws Exception {
    List<Target> targets = new ArrayList<>();
    for (JsonNode cluster : clusterList(workspace)) {
      add(targets, "cluster", Json.text(cluster, "cluster_id"), Json.text(cluster, "cluster_name"));
    }
    for (JsonNode job : jobList(workspace)) {
      add(targets, "job", Json.text(job, "job_id"), Json.text(job.path("settings"), "name"));
    }
    Walk walk = walk(workspace);
    for (JsonNode notebook : walk.notebooks()) {
      add(targets, "notebook", Json.text(notebook, "object_id"), Json.text(notebook, "path"));
    }
    for (JsonNode directory : walk.directories()) {
      add(targets, "directory", Json.text(directory, "object_id"), Json.text(directory, "path"));
    }
    for (JsonNode repo : repoList(workspace)) {
      add(targets, "repo", Json.text(repo, "id"), Json.text(repo, "path"));
    }
    for (JsonNode warehouse : warehouseList(workspace)) {
      add(targets, "warehouses", Json.text(warehouse, "id"), Json.text(warehouse, "name"));
    }
    for (JsonNode pool : poolList(workspace)) {
      add(
          targets,
          "instance-pool",
          Json.text(pool, "instance_pool_id"),
          Json.text(pool, "instance_pool_name"));
    }
    for (JsonNode endpoint : endpointList(workspace)) {
      add(targets, "serving-endpoint", Json.text(endpoint, "id"), Json.text(endpoint, "name"));
    }
    add(targets, "tokens", "tokens", "tokens");
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (Target target : targets) {
      String path =
          "/api/2.0/permissions/"
              + (target.kind().objectType().equals("warehouses")
                  ? "warehouses"
                  : target.kind().requestType())
              + "/"
              + target.id();
      JsonNode body = get(workspace, path, Map.of());
      ObjectNode attributes = NODES.objectNode();
      String objectId = target.kind().objectId(target.id());
      attributes.put("object_id", objectId);
      attributes.put("object_type", target.kind().objectType());
      attributes.put("object_name", target.name());
      attributes.put(target.kind().idAttribute(), target.id());
      JsonNode acl = body.path("access_control_list");
      attributes.set("access_control", WorkspaceReads.directGrants(acl));
      attributes.set("inherited_access_control", inheritedGrants(acl));
      resources.add(
          new Resource(ResourceCatalogue.PERMISSIONS.name(), objectId, scope, attributes));
    }
    return resources;
  }

  private static void add(List<Target> targets, String objectType, String id, String name)
      throws ReadException {
    if (id == null || id.isBlank()) {
      throw SdkCalls.malformed("a " + objectType + " came without its id");
    }
    targets.add(
        new Target(
            ResourceCatalogue.permissionKind(objectType).orElseThrow(),
            id,
            name == null ? id : name));
  }

  /**
   * The grants an object inherits, one per principal and level, with where they come from ({@code
   * /directories/123}, {@code /jobs/}), sorted.
   */
  static ArrayNode inheritedGrants(JsonNode accessControlList) {
    TreeSet<String> seen = new TreeSet<>();
    List<ObjectNode> grants = new ArrayList<>();
    for (JsonNode entry : accessControlList) {
      String field = null;
      for (String candidate : List.of("group_name", "service_principal_name", "user_name")) {
        if (entry.hasNonNull(candidate)) {
          field = candidate;
          break;
        }
      }
      if (field == null) {
        continue;
      }
      for (JsonNode permission : entry.path("all_permissions")) {
        if (!permission.path("inherited").asBoolean(false)) {
          continue;
        }
        String level = Json.text(permission, "permission_level");
        String from = permission.path("inherited_from_object").path(0).asText("");
        String key = field + "|" + entry.path(field).asText() + "|" + level + "|" + from;
        if (seen.add(key)) {
          ObjectNode grant = NODES.objectNode();
          grant.put(field, entry.path(field).asText());
          grant.put("permission_level", level);
          grant.put("inherited_from", from);
          grants.add(grant);
        }
      }
    }
    grants.sort((a, b) -> a.toString().compareTo(b.toString()));
    ArrayNode result = NODES.arrayNode();
    grants.forEach(result::add);
    return result;
  }
}
