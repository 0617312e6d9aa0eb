package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;
import static java.util.Objects.requireNonNull;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.ReadResult;
import io.plumbline.collect.databricks.GroupGraph.Member;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The account-level reads of one collection. The workspace list comes first: as soon as it is
 * known, the per-workspace reads are scheduled. Account groups are listed once and then fetched one
 * by one (the list has left members out since 2025-08-22); a group's members are known only if its
 * own GET succeeded, so both the groups and the memberships are complete only if every GET was.
 */
final class AccountReads {

  /** Which workspace belongs to which metastore, from the metastores' own workspace lists. */
  record MetastoreIndex(Map<Long, String> metastoreByWorkspace) {
    MetastoreIndex {
      metastoreByWorkspace = Collections.unmodifiableMap(new TreeMap<>(metastoreByWorkspace));
    }
  }

  /** Receives the listed workspaces, once per collection. */
  interface WorkspaceScheduler {
    void schedule(CollectionRun run, List<JsonNode> workspaces);
  }

  private static final String ACCOUNT_PATH = "/api/2.0/accounts/";

  private final DatabricksTarget target;
  private final DatabricksClients clients;
  private final SdkCalls calls;
  private final Scope scope;
  private final AtomicBoolean workspacesScheduled = new AtomicBoolean();
  private final AtomicBoolean groupMemberReadsScheduled = new AtomicBoolean();
  private final SharedResults<String, List<JsonNode>> metastores = new SharedResults<>();
  private final SharedResults<String, MetastoreIndex> metastoreIndex = new SharedResults<>();
  private final SharedResults<String, List<JsonNode>> groupList = new SharedResults<>();
  private final SharedResults<String, JsonNode> groupsById = new SharedResults<>();

  AccountReads(DatabricksTarget target, DatabricksClients clients) {
    this.target = requireNonNull(target, "target is null");
    this.clients = requireNonNull(clients, "clients is null");
    this.calls = clients.calls();
    this.scope = Scope.account(target.accountId());
  }

  void schedule(CollectionRun run, WorkspaceScheduler workspaceScheduler) {
    requireNonNull(workspaceScheduler, "workspaceScheduler is null");
    run.read(scope, ResourceTypes.MWS_WORKSPACES, () -> workspaces(run, workspaceScheduler));
    run.read(scope, ResourceTypes.METASTORE, this::metastoreResources);
    run.read(scope, ResourceTypes.GROUP, this::groups);
    run.read(scope, ResourceTypes.GROUP_MEMBER, () -> scheduleGroupMemberReads(run));
    run.read(scope, ResourceTypes.USER, this::users);
    run.read(scope, ResourceTypes.SERVICE_PRINCIPAL, this::servicePrincipals);
    run.read(scope, ResourceTypes.MWS_CREDENTIALS, this::credentials);
    run.read(scope, ResourceTypes.MWS_STORAGE_CONFIGURATIONS, this::storageConfigurations);
    run.read(scope, ResourceTypes.MWS_NETWORKS, this::networks);
    run.read(scope, ResourceTypes.MWS_PRIVATE_ACCESS_SETTINGS, this::privateAccessSettings);
    run.read(scope, ResourceTypes.MWS_VPC_ENDPOINT, this::vpcEndpoints);
    run.read(scope, ResourceTypes.MWS_CUSTOMER_MANAGED_KEYS, this::customerManagedKeys);
    run.read(scope, ResourceTypes.MWS_LOG_DELIVERY, this::logDelivery);
    run.read(scope, ResourceTypes.IP_ACCESS_LIST, this::ipAccessLists);
    run.read(scope, ResourceTypes.ACCOUNT_IP_ACCESS_ENABLED, this::ipAccessEnabled);
    run.read(scope, ResourceCatalogue.ACCOUNT_NETWORK_POLICY.name(), this::networkPolicies);
    run.read(
        scope, ResourceCatalogue.SERVICE_PRINCIPAL_SECRET.name(), this::servicePrincipalSecrets);
    for (ResourceType setting : ResourceCatalogue.SETTINGS) {
      if (setting.readIn(ScopeKind.ACCOUNT)) {
        run.read(scope, setting.name(), () -> setting(setting));
      }
    }
  }

  /** Serverless network policies, read raw: their modes are open enums. */
  private ReadResult networkPolicies() throws Exception {
    List<Resource> resources = new ArrayList<>();
    for (JsonNode policy : list("/network-policies", Optional.of("items"))) {
      resources.add(
          DeclaredReads.resource(ResourceCatalogue.ACCOUNT_NETWORK_POLICY, scope, policy));
    }
    return ReadResult.of(resources);
  }

  /**
   * Every service principal's OAuth secrets: their status and times, never the secret or its hash
   * (only the declared attributes are kept). Listed by the principal's SCIM id, page after page.
   */
  private ReadResult servicePrincipalSecrets() throws Exception {
    AccountClient account = clients.account();
    List<JsonNode> servicePrincipals =
        calls.call(
            "GET " + path("/scim/v2/ServicePrincipals"),
            () ->
                Json.trees(
                    account
                        .servicePrincipals()
                        .list(
                            new ListAccountServicePrincipalsRequest()
                                .setAttributes("id,applicationId"))));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode servicePrincipal : servicePrincipals) {
      String id = Json.text(servicePrincipal, "id");
      if (id == null || id.isEmpty()) {
        throw SdkCalls.malformed("a service principal came without its SCIM id");
      }
      String secretsPath = path("/servicePrincipals/" + id + "/credentials/secrets");
      for (JsonNode secret :
          clients.getList(
              "GET " + secretsPath,
              account.apiClient(),
              secretsPath,
              Map.of("page_size", "100"),
              Optional.of("secrets"),
              OptionalLong.empty())) {
        ObjectNode item = secret.deepCopy();
        item.put("service_principal_id", id);
        item.set("application_id", Json.field(servicePrincipal, "applicationId"));
        resources.add(
            DeclaredReads.resource(ResourceCatalogue.SERVICE_PRINCIPAL_SECRET, scope, item));
      }
    }
    return ReadResult.of(resources);
  }

  /** One of the catalogue's account settings, read raw (see {@link Settings}). */
  private ReadResult setting(ResourceType type) throws Exception {
    AccountClient account = clients.account();
    String path =
        Settings.call(type, ScopeKind.ACCOUNT).path().replace("{account_id}", target.accountId());
    String operation = "GET " + path;
    Optional<JsonNode> answer =
        calls.call(
            operation,
            () ->
                Settings.answerOrDefault(
                    () ->
                        clients.getJson(
                            account.apiClient(), path, Map.of(), OptionalLong.empty())));
    return ReadResult.of(List.of(Settings.resource(type, scope, answer, operation)));
  }

  private String path(String suffix) {
    return ACCOUNT_PATH + target.accountId() + suffix;
  }

  /**
   * An account list read raw (see {@link DatabricksClients#getList}): the lists whose items carry
   * enum values, and the credentials, whose {@code external_id} the SDK's model drops. {@code
   * itemsField} is empty for the provisioning lists, which answer a bare array.
   */
  private List<JsonNode> list(String suffix, Optional<String> itemsField) throws Exception {
    AccountClient account = clients.account();
    String path = path(suffix);
    return clients.getList(
        "GET " + path, account.apiClient(), path, Map.of(), itemsField, OptionalLong.empty());
  }

  // ---- workspaces and Unity Catalog metastores ------------------------------------------------

  private ReadResult workspaces(CollectionRun run, WorkspaceScheduler workspaceScheduler)
      throws Exception {
    List<JsonNode> workspaces = list("/workspaces", Optional.empty());
    if (workspacesScheduled.compareAndSet(false, true)) {
      workspaceScheduler.schedule(run, workspaces);
    }
    Map<Long, String> metastoreByWorkspace = metastoreIndex().metastoreByWorkspace();
    List<Resource> resources = new ArrayList<>();
    for (JsonNode workspace : workspaces) {
      JsonNode id = workspace.path("workspace_id");
      if (!id.canConvertToLong()) {
        throw SdkCalls.malformed("the workspace list has a workspace without a workspace_id");
      }
      ObjectNode attributes = NODES.objectNode();
      attributes.put("workspace_id", id.asLong());
      Json.copy(
          workspace,
          attributes,
          "workspace_name",
          "account_id",
          "deployment_name",
          "aws_region",
          "credentials_id",
          "storage_configuration_id",
          "network_id",
          "private_access_settings_id",
          "managed_services_customer_managed_key_id",
          "storage_customer_managed_key_id",
          "network_connectivity_config_id",
          "pricing_tier",
          "workspace_status",
          "creation_time");
      attributes.set("custom_tags", Json.sortedMap(workspace.get("custom_tags")));
      attributes.put("metastore_id", metastoreByWorkspace.get(id.asLong()));
      resources.add(new Resource(ResourceTypes.MWS_WORKSPACES, id.asText(), scope, attributes));
    }
    return ReadResult.of(resources);
  }

  private List<JsonNode> metastoreList() throws Exception {
    return metastores.get("metastores", () -> list("/metastores", Optional.of("metastores")));
  }

  /**
   * Which metastore each workspace is assigned to, from every metastore's list of workspaces. A
   * workspace in no list has no assignment: that is what the lists say, where a 404 from a
   * workspace's own assignment would not tell a missing assignment from a missing workspace.
   */
  MetastoreIndex metastoreIndex() throws Exception {
    return metastoreIndex.get(
        "index",
        () -> {
          List<JsonNode> metastoreList = metastoreList();
          AccountClient account = clients.account();
          Map<Long, String> byWorkspace = new LinkedHashMap<>();
          for (JsonNode metastore : metastoreList) {
            String metastoreId = Json.text(metastore, "metastore_id");
            if (metastoreId == null) {
              throw SdkCalls.malformed("the metastore list has a metastore without a metastore_id");
            }
            List<Long> workspaceIds =
                calls.call(
                    "GET " + path("/metastores/" + metastoreId + "/workspaces"),
                    () -> {
                      List<Long> ids = new ArrayList<>();
                      account.metastoreAssignments().list(metastoreId).forEach(ids::add);
                      return ids;
                    });
            for (Long workspaceId : workspaceIds) {
              if (workspaceId != null) {
                byWorkspace.putIfAbsent(workspaceId, metastoreId);
              }
            }
          }
          return new MetastoreIndex(byWorkspace);
        });
  }

  private ReadResult metastoreResources() throws Exception {
    return ReadResult.of(
        map(
            metastoreList(),
            metastore ->
                resource(
                    ResourceTypes.METASTORE,
                    metastore,
                    "metastore_id",
                    "name",
                    "region",
                    "storage_root",
                    "storage_root_credential_id",
                    "owner",
                    "delta_sharing_scope",
                    "delta_sharing_recipient_token_lifetime_in_seconds",
                    "delta_sharing_organization_name",
                    "privilege_model_version")));
  }

  // ---- identities -----------------------------------------------------------------------------

  private List<JsonNode> groupList() throws Exception {
    return groupList.get(
        "groups",
        () -> {
          AccountClient account = clients.account();
          return calls.call(
              "GET " + path("/scim/v2/Groups"),
              () -> Json.trees(account.groups().list(new ListAccountGroupsRequest())));
        });
  }

  private JsonNode group(String id) throws Exception {
    return groupsById.get(
        id,
        () -> {
          AccountClient account = clients.account();
          return calls.call(
              "GET " + path("/scim/v2/Groups/" + id), () -> Json.tree(account.groups().get(id)));
        });
  }

  private static Set<String> ids(List<JsonNode> groups) {
    Set<String> ids = new HashSet<>();
    groups.forEach(group -> ids.add(group.path("id").asText()));
    return ids;
  }

  /** Every account group, each fetched by id for its members, with its effective members. */
  private ReadResult groups() throws Exception {
    List<JsonNode> listed = groupList();
    Set<String> groupIds = ids(listed);
    Map<String, JsonNode> fetched = new LinkedHashMap<>();
    Map<String, List<Member>> members = new LinkedHashMap<>();
    for (JsonNode summary : listed) {
      String id = summary.path("id").asText();
      JsonNode group = group(id);
      fetched.put(id, group);
      members.put(id, Identities.members(group, groupIds));
    }
    Map<String, GroupGraph.EffectiveMembers> effective = GroupGraph.expand(members);
    List<Resource> resources = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : fetched.entrySet()) {
      resources.add(
          Identities.group(
              scope,
              entry.getValue(),
              members.get(entry.getKey()),
              Optional.of(effective.get(entry.getKey())),
              false));
    }
    return ReadResult.of(resources);
  }

  /**
   * Schedules one membership read per group once the groups are listed; returns nothing itself, but
   * fails (and so fails the memberships' coverage) when the list cannot be read.
   */
  private ReadResult scheduleGroupMemberReads(CollectionRun run) throws Exception {
    List<JsonNode> listed = groupList();
    if (groupMemberReadsScheduled.compareAndSet(false, true)) {
      Set<String> groupIds = ids(listed);
      for (JsonNode summary : listed) {
        String id = summary.path("id").asText();
        run.read(
            scope,
            ResourceTypes.GROUP_MEMBER,
            () -> {
              JsonNode group = group(id);
              return ReadResult.of(
                  Identities.groupMembers(scope, group, Identities.members(group, groupIds)));
            });
      }
    }
    return ReadResult.of(List.of());
  }

  private ReadResult users() throws Exception {
    AccountClient account = clients.account();
    List<JsonNode> users =
        calls.call(
            "GET " + path("/scim/v2/Users"),
            () -> Json.trees(account.users().list(new ListAccountUsersRequest())));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode user : users) {
      resources.add(Identities.user(scope, user));
    }
    return ReadResult.of(resources);
  }

  private ReadResult servicePrincipals() throws Exception {
    AccountClient account = clients.account();
    List<JsonNode> servicePrincipals =
        calls.call(
            "GET " + path("/scim/v2/ServicePrincipals"),
            () ->
                Json.trees(
                    account.servicePrincipals().list(new ListAccountServicePrincipalsRequest())));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode servicePrincipal : servicePrincipals) {
      resources.add(Identities.servicePrincipal(scope, servicePrincipal));
    }
    return ReadResult.of(resources);
  }

  // ---- provisioning (MWS) ---------------------------------------------------------------------

  /** Read raw: the SDK's model drops {@code external_id} from the STS role. */
  private ReadResult credentials() throws Exception {
    List<Resource> resources = new ArrayList<>();
    for (JsonNode credentials : list("/credentials", Optional.empty())) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(credentials, attributes, "credentials_id", "credentials_name", "creation_time");
      JsonNode role = credentials.path("aws_credentials").path("sts_role");
      attributes.set("role_arn", Json.field(role, "role_arn"));
      attributes.set("external_id", Json.field(role, "external_id"));
      resources.add(
          resource(ResourceTypes.MWS_CREDENTIALS, "credentials_id", credentials, attributes));
    }
    return ReadResult.of(resources);
  }

  private ReadResult storageConfigurations() throws Exception {
    AccountClient account = clients.account();
    List<JsonNode> items =
        calls.call(
            "GET " + path("/storage-configurations"), () -> Json.trees(account.storage().list()));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(
          item,
          attributes,
          "storage_configuration_id",
          "storage_configuration_name",
          "role_arn",
          "creation_time");
      attributes.set("bucket_name", Json.field(item.path("root_bucket_info"), "bucket_name"));
      resources.add(
          resource(
              ResourceTypes.MWS_STORAGE_CONFIGURATIONS,
              "storage_configuration_id",
              item,
              attributes));
    }
    return ReadResult.of(resources);
  }

  private ReadResult networks() throws Exception {
    List<JsonNode> items = list("/networks", Optional.empty());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(item, attributes, "network_id", "network_name", "vpc_id", "vpc_status");
      attributes.set("subnet_ids", Json.sortedTexts(item.path("subnet_ids")));
      attributes.set("security_group_ids", Json.sortedTexts(item.path("security_group_ids")));
      ObjectNode endpoints = attributes.putObject("vpc_endpoints");
      endpoints.set(
          "dataplane_relay", Json.sortedTexts(item.path("vpc_endpoints").path("dataplane_relay")));
      endpoints.set("rest_api", Json.sortedTexts(item.path("vpc_endpoints").path("rest_api")));
      Json.copy(item, attributes, "workspace_id", "creation_time");
      resources.add(resource(ResourceTypes.MWS_NETWORKS, "network_id", item, attributes));
    }
    return ReadResult.of(resources);
  }

  private ReadResult privateAccessSettings() throws Exception {
    List<JsonNode> items = list("/private-access-settings", Optional.empty());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(
          item,
          attributes,
          "private_access_settings_id",
          "private_access_settings_name",
          "region",
          "public_access_enabled",
          "private_access_level");
      attributes.set(
          "allowed_vpc_endpoint_ids", Json.sortedTexts(item.path("allowed_vpc_endpoint_ids")));
      resources.add(
          resource(
              ResourceTypes.MWS_PRIVATE_ACCESS_SETTINGS,
              "private_access_settings_id",
              item,
              attributes));
    }
    return ReadResult.of(resources);
  }

  private ReadResult vpcEndpoints() throws Exception {
    List<JsonNode> items = list("/vpc-endpoints", Optional.empty());
    return ReadResult.of(
        map(
            items,
            item ->
                resource(
                    ResourceTypes.MWS_VPC_ENDPOINT,
                    item,
                    "vpc_endpoint_id",
                    "vpc_endpoint_name",
                    "aws_vpc_endpoint_id",
                    "aws_endpoint_service_id",
                    "aws_account_id",
                    "region",
                    "state",
                    "use_case")));
  }

  private ReadResult customerManagedKeys() throws Exception {
    List<JsonNode> items = list("/customer-managed-keys", Optional.empty());
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(item, attributes, "customer_managed_key_id", "creation_time");
      JsonNode key = item.path("aws_key_info");
      Json.copy(key, attributes, "key_arn", "key_alias", "key_region");
      attributes.set("use_cases", Json.sortedTexts(item.path("use_cases")));
      resources.add(
          resource(
              ResourceTypes.MWS_CUSTOMER_MANAGED_KEYS,
              "customer_managed_key_id",
              item,
              attributes));
    }
    return ReadResult.of(resources);
  }

  private ReadResult logDelivery() throws Exception {
    List<JsonNode> items = list("/log-delivery", Optional.of("log_delivery_configurations"));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode attributes = NODES.objectNode();
      Json.copy(
          item,
          attributes,
          "config_id",
          "config_name",
          "log_type",
          "output_format",
          "credentials_id",
          "storage_configuration_id",
          "delivery_path_prefix",
          "delivery_start_time",
          "status");
      attributes.set("workspace_ids_filter", Json.sortedTexts(item.path("workspace_ids_filter")));
      // the delivery's health, without its timestamps, which change with every delivery
      attributes.set("delivery_status", Json.field(item.path("log_delivery_status"), "status"));
      resources.add(resource(ResourceTypes.MWS_LOG_DELIVERY, "config_id", item, attributes));
    }
    return ReadResult.of(resources);
  }

  // ---- IP access ------------------------------------------------------------------------------

  private ReadResult ipAccessLists() throws Exception {
    List<JsonNode> lists = list("/ip-access-lists", Optional.of("ip_access_lists"));
    return ReadResult.of(map(lists, list -> ipAccessList(scope, list)));
  }

  static Resource ipAccessList(Scope scope, JsonNode list) throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    Json.copy(list, attributes, "list_id", "label", "list_type", "enabled");
    attributes.set("ip_addresses", Json.sortedTexts(list.path("ip_addresses")));
    return resource(ResourceTypes.IP_ACCESS_LIST, "list_id", list, attributes, scope);
  }

  /** Read raw, every documented shape of a boolean setting accepted (see booleanSetting). */
  private ReadResult ipAccessEnabled() throws Exception {
    AccountClient account = clients.account();
    String path = path("/settings/types/acct_ip_acl_enable/names/default");
    JsonNode body =
        calls.call(
            "GET " + path,
            () -> clients.getJson(account.apiClient(), path, Map.of(), OptionalLong.empty()));
    boolean enabled = booleanSetting(body, "acct_ip_acl_enable", "GET " + path);
    ObjectNode attributes = NODES.objectNode();
    attributes.put("setting", "acct_ip_acl_enable");
    attributes.put("enabled", enabled);
    return ReadResult.of(
        List.of(
            new Resource(
                ResourceTypes.ACCOUNT_IP_ACCESS_ENABLED, "acct_ip_acl_enable", scope, attributes)));
  }

  /**
   * The value of a boolean setting. The settings API wraps it in a message named after the setting
   * ({@code {"acct_ip_acl_enable": {"value": true}}}); the newer settings format calls the wrapper
   * {@code boolean_val}. Proto3 JSON leaves a false value out, so a wrapper without {@code value}
   * is false. No wrapper at all, or a value that is not a boolean, is a malformed answer, not
   * false.
   */
  static boolean booleanSetting(JsonNode body, String setting, String operation)
      throws ReadException {
    JsonNode wrapper = body.path(setting);
    if (!wrapper.isObject()) {
      wrapper = body.path("boolean_val");
    }
    if (!wrapper.isObject()) {
      throw SdkCalls.malformed(operation + " answered no " + setting + " setting");
    }
    JsonNode value = wrapper.path("value");
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    throw SdkCalls.malformed(operation + " answered a value that is not a boolean: " + value);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private interface Mapper {
    Resource map(JsonNode item) throws ReadException;
  }

  private static List<Resource> map(List<JsonNode> items, Mapper mapper) throws ReadException {
    List<Resource> resources = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      resources.add(mapper.map(item));
    }
    return resources;
  }

  /** A resource whose attributes are the named fields of the API item; the first is its id. */
  private Resource resource(String type, JsonNode item, String idField, String... fields)
      throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    Json.copy(item, attributes, idField);
    Json.copy(item, attributes, fields);
    return resource(type, idField, item, attributes, scope);
  }

  private Resource resource(String type, String idField, JsonNode item, ObjectNode attributes)
      throws ReadException {
    return resource(type, idField, item, attributes, scope);
  }

  static Resource resource(
      String type, String idField, JsonNode item, ObjectNode attributes, Scope scope)
      throws ReadException {
    String id = Json.text(item, idField);
    if (id == null || id.isBlank()) {
      throw SdkCalls.malformed("a " + type + " came without its " + idField);
    }
    return new Resource(type, id, scope, attributes);
  }
}
