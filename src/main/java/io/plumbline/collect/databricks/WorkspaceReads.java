package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;
import static java.util.Objects.requireNonNull;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.ReadResult;
import io.plumbline.collect.databricks.GroupGraph.Member;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.WorkspaceConfKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The reads of each workspace: one per resource type, scheduled once the account's workspace list
 * is known. Unity Catalog lists of a workspace with no metastore are complete and empty, with a
 * note, only when the API says so explicitly ({@code METASTORE_DOES_NOT_EXIST}); any other failure
 * leaves them unknown.
 */
final class WorkspaceReads {

  private static final Logger LOG = Logger.getLogger(WorkspaceReads.class);

  static final String NO_METASTORE = "no metastore assigned to the workspace";

  /** Every key {@code GET /api/2.0/workspace-conf} accepts; the SDK would send none of them. */
  static final List<String> WORKSPACE_CONF_KEYS = WorkspaceConfKeys.ALL;

  private static final long CLUSTERS_PAGE_SIZE = 100;

  /** A workspace to read: its id and, for deployment-URL routing, its deployment name. */
  record WorkspaceRef(long id, String deploymentName) {}

  private final DatabricksTarget target;
  private final DatabricksClients clients;
  private final SdkCalls calls;
  private final AccountReads account;
  private final SharedResults<Long, List<JsonNode>> groups = new SharedResults<>();
  private final SharedResults<Long, List<JsonNode>> clusterPolicies = new SharedResults<>();
  private final WorkspaceObjectReads objects;

  WorkspaceReads(DatabricksTarget target, DatabricksClients clients, AccountReads account) {
    this.target = requireNonNull(target, "target is null");
    this.clients = requireNonNull(clients, "clients is null");
    this.calls = clients.calls();
    this.account = requireNonNull(account, "account is null");
    this.objects = new WorkspaceObjectReads(clients, WorkspaceObjectReads.DEFAULT_ROOTS);
  }

  /**
   * Schedules every read of the workspaces the target includes. A workspace known not to be running
   * (provisioning, failed, cancelled) has no API to read: it appears as a workspace resource, with
   * its status, and nothing is read inside it. A status plumbline does not know is read like a
   * running one: if its APIs do not answer, its reads fail and its data is unknown, where skipping
   * it would leave no trace.
   */
  void schedule(CollectionRun run, List<JsonNode> workspaces) {
    List<WorkspaceRef> selected = new ArrayList<>();
    for (JsonNode workspace : workspaces) {
      JsonNode id = workspace.path("workspace_id");
      if (!id.canConvertToLong() || !target.includes(id.asLong())) {
        continue;
      }
      String status = Json.text(workspace, "workspace_status");
      if (status != null && KnownValues.WORKSPACE_STATUSES_NOT_RUNNING.contains(status)) {
        LOG.debugf("workspace %d is %s: its APIs are not read", id.asLong(), status);
        continue;
      }
      selected.add(new WorkspaceRef(id.asLong(), Json.text(workspace, "deployment_name")));
    }
    run.expectWorkspaces(selected.size());
    for (WorkspaceRef workspace : selected) {
      schedule(run, workspace);
    }
    run.phase("databricks workspaces");
  }

  private void schedule(CollectionRun run, WorkspaceRef workspace) {
    Scope scope = Scope.workspace(workspace.id());
    run.read(scope, ResourceTypes.METASTORE_ASSIGNMENT, () -> metastoreAssignment(workspace));
    run.read(
        scope, ResourceTypes.MWS_PERMISSION_ASSIGNMENT, () -> permissionAssignments(workspace));
    run.read(scope, ResourceTypes.GROUP, () -> groups(workspace));
    run.read(scope, ResourceTypes.GROUP_MEMBER, () -> groupMembers(workspace));
    run.read(scope, ResourceTypes.USER, () -> users(workspace));
    run.read(scope, ResourceTypes.SERVICE_PRINCIPAL, () -> servicePrincipals(workspace));
    run.read(scope, ResourceTypes.CLUSTER_POLICY, () -> clusterPolicies(workspace));
    run.read(scope, ResourceTypes.PERMISSIONS, () -> clusterPolicyPermissions(workspace));
    run.read(scope, ResourceTypes.WORKSPACE_CONF, () -> workspaceConf(workspace));
    run.read(scope, ResourceTypes.INSTANCE_PROFILE, () -> instanceProfiles(workspace));
    run.read(scope, ResourceTypes.IP_ACCESS_LIST, () -> ipAccessLists(workspace));
    run.read(scope, ResourceTypes.TOKEN, () -> tokens(workspace));
    run.read(scope, ResourceTypes.CLUSTER, () -> clusters(workspace));
    run.read(
        scope, ResourceCatalogue.GLOBAL_INIT_SCRIPT.name(), () -> globalInitScripts(workspace));
    run.read(
        scope,
        ResourceCatalogue.WORKSPACE_NETWORK_OPTION.name(),
        () -> workspaceNetworkOption(workspace));
    for (ResourceType setting : ResourceCatalogue.SETTINGS) {
      if (setting.readIn(ScopeKind.WORKSPACE)) {
        run.read(scope, setting.name(), () -> setting(workspace, setting));
      }
    }
    run.read(scope, ResourceTypes.CATALOG, () -> catalogs(workspace));
    run.read(scope, ResourceTypes.STORAGE_CREDENTIAL, () -> storageCredentials(workspace));
    run.read(scope, ResourceTypes.EXTERNAL_LOCATION, () -> externalLocations(workspace));
    run.read(scope, ResourceCatalogue.RECIPIENT.name(), () -> recipients(workspace));
    objects.schedule(run, workspace);
  }

  private WorkspaceClient client(WorkspaceRef workspace) throws Exception {
    return clients.workspace(workspace.id(), workspace.deploymentName());
  }

  private static String in(WorkspaceRef workspace) {
    return " in workspace " + workspace.id();
  }

  /**
   * A workspace list read raw (see {@link DatabricksClients#getList}): the lists whose items carry
   * enum values.
   */
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

  // ---- account-side views of the workspace ----------------------------------------------------

  private ReadResult metastoreAssignment(WorkspaceRef workspace) throws Exception {
    String metastoreId = account.metastoreIndex().metastoreByWorkspace().get(workspace.id());
    if (metastoreId == null) {
      return ReadResult.emptyBecause(NO_METASTORE);
    }
    AccountClient accountClient = clients.account();
    JsonNode body =
        calls.call(
            "GET /api/2.0/accounts/"
                + target.accountId()
                + "/workspaces/"
                + workspace.id()
                + "/metastore",
            () -> Json.tree(accountClient.metastoreAssignments().get(workspace.id())));
    JsonNode assignment = body.path("metastore_assignment");
    String assigned = Json.text(assignment, "metastore_id");
    if (assigned == null) {
      throw SdkCalls.malformed(
          "the metastore assignment of workspace " + workspace.id() + " names no metastore");
    }
    ObjectNode attributes = NODES.objectNode();
    attributes.put("workspace_id", workspace.id());
    attributes.put("metastore_id", assigned);
    attributes.set("default_catalog_name", Json.field(assignment, "default_catalog_name"));
    return ReadResult.of(
        List.of(
            new Resource(
                ResourceTypes.METASTORE_ASSIGNMENT,
                workspace.id() + "|" + assigned,
                Scope.workspace(workspace.id()),
                attributes)));
  }

  private ReadResult permissionAssignments(WorkspaceRef workspace) throws Exception {
    AccountClient accountClient = clients.account();
    String path =
        "/api/2.0/accounts/"
            + target.accountId()
            + "/workspaces/"
            + workspace.id()
            + "/permissionassignments";
    List<JsonNode> assignments =
        clients.getList(
            "GET " + path,
            accountClient.apiClient(),
            path,
            Map.of(),
            Optional.of("permission_assignments"),
            OptionalLong.empty());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode assignment : assignments) {
      JsonNode principal = assignment.path("principal");
      JsonNode principalId = principal.path("principal_id");
      if (!principalId.canConvertToLong()) {
        throw SdkCalls.malformed(
            "an identity assignment of workspace " + workspace.id() + " has no principal_id");
      }
      ObjectNode attributes = NODES.objectNode();
      attributes.put("workspace_id", workspace.id());
      attributes.put("principal_id", principalId.asLong());
      String kind;
      String name;
      if (principal.hasNonNull("user_name")) {
        kind = "user";
        name = principal.path("user_name").asText();
      } else if (principal.hasNonNull("group_name")) {
        kind = "group";
        name = principal.path("group_name").asText();
      } else if (principal.hasNonNull("service_principal_name")) {
        kind = "service_principal";
        name = principal.path("service_principal_name").asText();
      } else {
        kind = "unknown";
        name = null;
      }
      attributes.put("principal_kind", kind);
      attributes.put("principal_name", name);
      attributes.set("display_name", Json.field(principal, "display_name"));
      attributes.set("permissions", Json.sortedTexts(assignment.path("permissions")));
      resources.add(
          new Resource(
              ResourceTypes.MWS_PERMISSION_ASSIGNMENT,
              workspace.id() + "|" + principalId.asLong(),
              Scope.workspace(workspace.id()),
              attributes));
    }
    return ReadResult.of(resources);
  }

  // ---- identities as the workspace shows them -------------------------------------------------

  private List<JsonNode> groupList(WorkspaceRef workspace) throws Exception {
    return groups.get(
        workspace.id(),
        () -> {
          WorkspaceClient client = client(workspace);
          return calls.call(
              "GET /api/2.0/preview/scim/v2/Groups" + in(workspace),
              () -> Json.trees(client.groups().list(new ListGroupsRequest())));
        });
  }

  private static Set<String> groupIds(List<JsonNode> groups) {
    Set<String> ids = new HashSet<>();
    groups.forEach(group -> ids.add(group.path("id").asText()));
    return ids;
  }

  private ReadResult groups(WorkspaceRef workspace) throws Exception {
    List<JsonNode> listed = groupList(workspace);
    Set<String> ids = groupIds(listed);
    List<Resource> resources = new ArrayList<>();
    for (JsonNode group : listed) {
      resources.add(
          Identities.group(
              Scope.workspace(workspace.id()),
              group,
              Identities.members(group, ids),
              Optional.empty(),
              true));
    }
    return ReadResult.of(resources);
  }

  private ReadResult groupMembers(WorkspaceRef workspace) throws Exception {
    List<JsonNode> listed = groupList(workspace);
    Set<String> ids = groupIds(listed);
    List<Resource> resources = new ArrayList<>();
    for (JsonNode group : listed) {
      List<Member> members = Identities.members(group, ids);
      resources.addAll(Identities.groupMembers(Scope.workspace(workspace.id()), group, members));
    }
    return ReadResult.of(resources);
  }

  private ReadResult users(WorkspaceRef workspace) throws Exception {
    WorkspaceClient client = client(workspace);
    List<JsonNode> users =
        calls.call(
            "GET /api/2.0/preview/scim/v2/Users" + in(workspace),
            () -> Json.trees(client.users().list(new ListUsersRequest())));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode user : users) {
      resources.add(Identities.user(Scope.workspace(workspace.id()), user));
    }
    return ReadResult.of(resources);
  }

  private ReadResult servicePrincipals(WorkspaceRef workspace) throws Exception {
    WorkspaceClient client = client(workspace);
    List<JsonNode> servicePrincipals =
        calls.call(
            "GET /api/2.0/preview/scim/v2/ServicePrincipals" + in(workspace),
            () -> Json.trees(client.servicePrincipals().list(new ListServicePrincipalsRequest())));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode servicePrincipal : servicePrincipals) {
      resources.add(Identities.servicePrincipal(Scope.workspace(workspace.id()), servicePrincipal));
    }
    return ReadResult.of(resources);
  }

  // ---- cluster policies and their permissions -------------------------------------------------

  private List<JsonNode> clusterPolicyList(WorkspaceRef workspace) throws Exception {
    return clusterPolicies.get(
        workspace.id(),
        () -> {
          WorkspaceClient client = client(workspace);
          return calls.call(
              "GET /api/2.0/policies/clusters/list" + in(workspace),
              () -> Json.trees(client.clusterPolicies().list(new ListClusterPoliciesRequest())));
        });
  }

  private ReadResult clusterPolicies(WorkspaceRef workspace) throws Exception {
    List<Resource> resources = new ArrayList<>();
    for (JsonNode policy : clusterPolicyList(workspace)) {
      resources.add(
          DeclaredReads.resource(
              ResourceCatalogue.CLUSTER_POLICY, Scope.workspace(workspace.id()), policy));
    }
    return ReadResult.of(resources);
  }

  /**
   * One {@code databricks_permissions} resource per cluster policy, with the grants made on the
   * policy itself. Inherited grants (workspace admins may use every policy) are left out, as the
   * Terraform provider leaves them out: they belong to the workspace, not to the policy, and would
   * otherwise show as drift against every declaration. Then one per object of every other kind
   * ({@link WorkspaceObjectReads#permissions}), with its inherited grants kept apart.
   */
  private ReadResult clusterPolicyPermissions(WorkspaceRef workspace) throws Exception {
    List<JsonNode> policies = clusterPolicyList(workspace);
    WorkspaceClient client = client(workspace);
    List<Resource> resources = new ArrayList<>();
    for (JsonNode policy : policies) {
      String policyId = Json.text(policy, "policy_id");
      if (policyId == null) {
        throw SdkCalls.malformed("a cluster policy" + in(workspace) + " has no policy_id");
      }
      String path = "/api/2.0/permissions/cluster-policies/" + policyId;
      JsonNode permissions =
          calls.call(
              "GET " + path + in(workspace),
              () ->
                  clients.getJson(
                      client.apiClient(), path, Map.of(), OptionalLong.of(workspace.id())));
      ObjectNode attributes = NODES.objectNode();
      String objectId = "/cluster-policies/" + policyId;
      attributes.put("object_id", objectId);
      attributes.put("cluster_policy_id", policyId);
      attributes.set("access_control", directGrants(permissions.path("access_control_list")));
      resources.add(
          new Resource(
              ResourceTypes.PERMISSIONS, objectId, Scope.workspace(workspace.id()), attributes));
    }
    // every other object kind's permissions: one type, one read (a failure leaves all unknown)
    resources.addAll(objects.permissions(workspace));
    return ReadResult.of(resources);
  }

  private static final List<String> PRINCIPAL_FIELDS =
      List.of("group_name", "service_principal_name", "user_name");

  /**
   * One direct grant: the principal's field (its kind), its name, and the level granted as the API
   * sent it (null when a direct permission came without one).
   */
  private record Grant(String principalField, String principal, String level) {}

  /**
   * The grants made on the object itself, one per principal and level, sorted by kind of principal,
   * name and level; inherited levels are left out. A level is kept whatever its value: a level
   * plumbline does not know is still a grant.
   */
  static ArrayNode directGrants(JsonNode accessControlList) {
    List<Grant> grants = new ArrayList<>();
    for (JsonNode entry : accessControlList) {
      Optional<String> field = PRINCIPAL_FIELDS.stream().filter(entry::hasNonNull).findFirst();
      if (field.isEmpty()) {
        continue;
      }
      Set<String> levels = new TreeSet<>();
      boolean levelMissing = false;
      for (JsonNode permission : entry.path("all_permissions")) {
        if (permission.path("inherited").asBoolean(false)) {
          continue;
        }
        if (permission.hasNonNull("permission_level")) {
          levels.add(permission.path("permission_level").asText());
        } else {
          levelMissing = true;
        }
      }
      String principal = entry.path(field.get()).asText();
      for (String level : levels) {
        grants.add(new Grant(field.get(), principal, level));
      }
      if (levelMissing && levels.isEmpty()) {
        grants.add(new Grant(field.get(), principal, null));
      }
    }
    grants.sort(
        Comparator.comparing(Grant::principalField)
            .thenComparing(Grant::principal)
            .thenComparing(Grant::level, Comparator.nullsFirst(Comparator.naturalOrder())));
    ArrayNode result = NODES.arrayNode();
    for (Grant grant : grants) {
      result
          .addObject()
          .put(grant.principalField(), grant.principal())
          .put("permission_level", grant.level());
    }
    return result;
  }

  // ---- settings, instance profiles, IP access, tokens, clusters --------------------------------

  /** What one workspace-conf request got: the values, or the keys it rejected. */
  private record ConfAnswer(JsonNode values, List<String> rejected) {}

  /**
   * Every key plumbline asks for, unset ones as null. Read raw: {@code workspaceConf().getStatus}
   * never sends {@code keys}. When the service has retired a key it answers 400 {@code Invalid
   * keys: ["k"]} for the whole request; the keys it names are dropped and the rest asked again (as
   * the Terraform provider does), so one retired key costs only its own value: it is left out of
   * {@code custom_config} and named in the coverage as unknown. A key missing from an answer is not
   * taken as unset.
   */
  private ReadResult workspaceConf(WorkspaceRef workspace) throws Exception {
    WorkspaceClient client = client(workspace);
    String path = "/api/2.0/workspace-conf";
    List<String> asked = new ArrayList<>(WORKSPACE_CONF_KEYS);
    Set<String> rejected = new TreeSet<>();
    JsonNode body = null;
    while (body == null) {
      String keys = String.join(",", asked);
      ConfAnswer answer =
          calls.call(
              "GET " + path + in(workspace),
              () -> {
                try {
                  return new ConfAnswer(
                      clients.getJson(
                          client.apiClient(),
                          path,
                          Map.of("keys", keys),
                          OptionalLong.of(workspace.id())),
                      List.of());
                } catch (DatabricksError e) {
                  List<String> invalid = invalidKeys(e);
                  if (invalid.isEmpty()) {
                    throw e;
                  }
                  return new ConfAnswer(null, invalid);
                }
              });
      if (answer.values() != null) {
        body = answer.values();
        continue;
      }
      List<String> dropped = answer.rejected().stream().filter(asked::contains).toList();
      if (dropped.isEmpty()) {
        throw SdkCalls.malformed(
            "GET "
                + path
                + in(workspace)
                + " rejected keys it was not asked for: "
                + answer.rejected());
      }
      asked.removeAll(dropped);
      rejected.addAll(dropped);
      if (asked.isEmpty()) {
        throw new ReadException(
            OptionalInt.of(400),
            "INVALID_KEYS",
            "GET " + path + in(workspace) + " rejected every key plumbline asks for",
            false,
            Optional.empty(),
            null);
      }
    }
    Map<String, JsonNode> config = new TreeMap<>();
    for (String key : asked) {
      JsonNode value = body.get(key);
      if (value == null) {
        throw SdkCalls.malformed("GET " + path + in(workspace) + " did not answer key " + key);
      }
      config.put(key, value.isNull() ? value : NODES.textNode(value.asText()));
    }
    ObjectNode attributes = NODES.objectNode();
    ObjectNode customConfig = attributes.putObject("custom_config");
    config.forEach(customConfig::set);
    List<Resource> resources =
        List.of(
            new Resource(
                ResourceTypes.WORKSPACE_CONF, "_", Scope.workspace(workspace.id()), attributes));
    if (rejected.isEmpty()) {
      return ReadResult.of(resources);
    }
    LOG.debugf("workspace %d: workspace-conf rejected keys %s", workspace.id(), rejected);
    return ReadResult.withUnknownAttributes(
        resources,
        rejected.stream().map(key -> "custom_config." + key).toList(),
        "the workspace-conf API rejected "
            + (rejected.size() == 1 ? "key " : "keys ")
            + String.join(", ", rejected)
            + " (400 Invalid keys): "
            + (rejected.size() == 1 ? "its value is" : "their values are")
            + " unknown");
  }

  /** The message workspace-conf answers (with 400) for keys it does not accept. */
  private static final String INVALID_KEYS = "Invalid keys:";

  /**
   * The keys a 400 {@code Invalid keys: ["a","b"]} names; empty for any other error. The list is
   * JSON in every answer seen, but a list without quotes is read as well.
   */
  static List<String> invalidKeys(DatabricksError error) {
    String message = error.getMessage();
    if (error.getStatusCode() != 400 || message == null || !message.startsWith(INVALID_KEYS)) {
      return List.of();
    }
    String list = message.substring(INVALID_KEYS.length()).strip();
    if (!list.startsWith("[") || !list.endsWith("]")) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (String part : list.substring(1, list.length() - 1).split(",")) {
      String key = part.strip();
      if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
        key = key.substring(1, key.length() - 1);
      }
      if (!key.isEmpty()) {
        keys.add(key);
      }
    }
    return keys;
  }

  private ReadResult instanceProfiles(WorkspaceRef workspace) throws Exception {
    return declaredList(
        workspace,
        ResourceCatalogue.INSTANCE_PROFILE,
        "/api/2.0/instance-profiles/list",
        Map.of(),
        "instance_profiles",
        DeclaredReads.Adapter.NONE);
  }

  private ReadResult ipAccessLists(WorkspaceRef workspace) throws Exception {
    List<JsonNode> lists = list(workspace, "/api/2.0/ip-access-lists", Map.of(), "ip_access_lists");
    List<Resource> resources = new ArrayList<>();
    for (JsonNode list : lists) {
      resources.add(AccountReads.ipAccessList(Scope.workspace(workspace.id()), list));
    }
    return ReadResult.of(resources);
  }

  /** Tokens as listed (no secret values); {@code expiry_time} -1 means the token never expires. */
  private ReadResult tokens(WorkspaceRef workspace) throws Exception {
    return declaredList(
        workspace,
        ResourceCatalogue.TOKEN,
        "/api/2.0/token-management/tokens",
        Map.of(),
        "token_infos",
        DeclaredReads.Adapter.NONE);
  }

  /** Global init scripts as listed: never their bodies, which the list does not carry. */
  private ReadResult globalInitScripts(WorkspaceRef workspace) throws Exception {
    return declaredList(
        workspace,
        ResourceCatalogue.GLOBAL_INIT_SCRIPT,
        "/api/2.0/global-init-scripts",
        Map.of(),
        "scripts",
        DeclaredReads.Adapter.NONE);
  }

  /** The network policy the workspace's serverless compute runs under, from the account API. */
  private ReadResult workspaceNetworkOption(WorkspaceRef workspace) throws Exception {
    AccountClient accountClient = clients.account();
    String path =
        "/api/2.0/accounts/" + target.accountId() + "/workspaces/" + workspace.id() + "/network";
    JsonNode body =
        calls.call(
            "GET " + path,
            () -> clients.getJson(accountClient.apiClient(), path, Map.of(), OptionalLong.empty()));
    return ReadResult.of(
        List.of(
            DeclaredReads.resource(
                ResourceCatalogue.WORKSPACE_NETWORK_OPTION,
                Scope.workspace(workspace.id()),
                body)));
  }

  /** One of the catalogue's settings, read raw (see {@link Settings}). */
  private ReadResult setting(WorkspaceRef workspace, ResourceType type) throws Exception {
    WorkspaceClient client = client(workspace);
    String path = Settings.call(type, ScopeKind.WORKSPACE).path();
    String operation = "GET " + path + in(workspace);
    Optional<JsonNode> answer =
        calls.call(
            operation,
            () ->
                Settings.answerOrDefault(
                    () ->
                        clients.getJson(
                            client.apiClient(), path, Map.of(), OptionalLong.of(workspace.id()))));
    return ReadResult.of(
        List.of(Settings.resource(type, Scope.workspace(workspace.id()), answer, operation)));
  }

  /** A declared type's list, read raw, each item through {@link DeclaredReads}. */
  private ReadResult declaredList(
      WorkspaceRef workspace,
      ResourceType type,
      String path,
      Map<String, String> query,
      String itemsField,
      DeclaredReads.Adapter adapter)
      throws Exception {
    Scope scope = Scope.workspace(workspace.id());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : list(workspace, path, query, itemsField)) {
      resources.add(DeclaredReads.resource(type, scope, item, adapter));
    }
    return ReadResult.of(resources);
  }

  /**
   * Clusters with their configuration; run state (state, start and activity times) is left out: it
   * changes by the hour and is not something a baseline declares.
   */
  private ReadResult clusters(WorkspaceRef workspace) throws Exception {
    return declaredList(
        workspace,
        ResourceCatalogue.CLUSTER,
        "/api/2.1/clusters/list",
        Map.of("page_size", Long.toString(CLUSTERS_PAGE_SIZE)),
        "clusters",
        (cluster, attributes) ->
            attributes.set(
                "instance_profile_arn",
                Json.field(cluster.path("aws_attributes"), "instance_profile_arn")));
  }

  // ---- Unity Catalog ----------------------------------------------------------------------------

  /** A Unity Catalog list, all of it ({@code max_results=0}, then the pages the server makes). */
  private ReadResult unityCatalog(
      WorkspaceRef workspace,
      ResourceType type,
      String path,
      String itemsField,
      DeclaredReads.Adapter adapter)
      throws Exception {
    try {
      return declaredList(workspace, type, path, Map.of("max_results", "0"), itemsField, adapter);
    } catch (ReadException e) {
      if (SdkCalls.isMetastoreMissing(e)) {
        return ReadResult.emptyBecause(NO_METASTORE);
      }
      throw e;
    }
  }

  /** The token fields kept: never {@code activation_url}, which downloads the credential. */
  private static final List<String> RECIPIENT_TOKEN_FIELDS =
      List.of("id", "created_at", "created_by", "expiration_time", "updated_at", "updated_by");

  private ReadResult recipients(WorkspaceRef workspace) throws Exception {
    return unityCatalog(
        workspace,
        ResourceCatalogue.RECIPIENT,
        "/api/2.1/unity-catalog/recipients",
        "recipients",
        (recipient, attributes) -> {
          com.fasterxml.jackson.databind.node.ArrayNode tokens = NODES.arrayNode();
          for (JsonNode token : recipient.path("tokens")) {
            ObjectNode kept = tokens.addObject();
            for (String field : RECIPIENT_TOKEN_FIELDS) {
              if (token.has(field)) {
                kept.set(field, token.get(field));
              }
            }
          }
          attributes.set("tokens", tokens);
        });
  }

  private ReadResult catalogs(WorkspaceRef workspace) throws Exception {
    return unityCatalog(
        workspace,
        ResourceCatalogue.CATALOG,
        "/api/2.1/unity-catalog/catalogs",
        "catalogs",
        DeclaredReads.Adapter.NONE);
  }

  private ReadResult storageCredentials(WorkspaceRef workspace) throws Exception {
    return unityCatalog(
        workspace,
        ResourceCatalogue.STORAGE_CREDENTIAL,
        "/api/2.1/unity-catalog/storage-credentials",
        "storage_credentials",
        (credential, attributes) -> {
          attributes.set("storage_credential_id", Json.field(credential, "id"));
          Json.copy(
              credential.path("aws_iam_role"),
              attributes,
              "role_arn",
              "external_id",
              "unity_catalog_iam_arn");
        });
  }

  private ReadResult externalLocations(WorkspaceRef workspace) throws Exception {
    return unityCatalog(
        workspace,
        ResourceCatalogue.EXTERNAL_LOCATION,
        "/api/2.1/unity-catalog/external-locations",
        "external_locations",
        DeclaredReads.Adapter.NONE);
  }
}
