package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.model.Attribute;
import io.plumbline.model.AttributeType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks of an estate document that its JSON Schema cannot express: ids unique within their kind,
 * references that resolve, group nesting without cycles and within the published limits.
 *
 * <p>Runs in time linear in the size of the estate: every collection is indexed once, then each
 * reference is one hash lookup. It never throws on a malformed document (nodes of the wrong type
 * are skipped; reporting them is the schema's job).
 */
public final class EstateIntegrity {

  // Databricks identity limits that are fixed (not raised on request) per the published resource
  // limits; the 10,000 users and service principals per account is not, so it is not checked.
  static final int MAX_ACCOUNT_GROUPS = 5_000;
  static final int MAX_NESTING_LEVELS = 10;

  private EstateIntegrity() {}

  /** Returns the problems found, in the order found; empty if the estate is sound. */
  public static List<EstateProblem> check(JsonNode estate) {
    requireNonNull(estate, "estate is null");
    return new Checker(estate).check();
  }

  /** A membership edge: group {@code parent} names group {@code child} at {@code pointer}. */
  private record Edge(String parent, String child, String pointer) {}

  /** One pass over one document; holds the indexes built from it. */
  private static final class Checker {
    private final JsonNode estate;
    private final List<EstateProblem> problems = new ArrayList<>();
    private final Map<String, Map<String, String>> firstUseByKind = new HashMap<>();

    private final String awsAccountId;
    private final String accountRegion;

    private final Set<String> userNames = new HashSet<>();
    private final Set<String> servicePrincipalNames = new HashSet<>();
    private final Set<String> applicationIds = new HashSet<>();
    private final Set<String> accountGroupNames = new HashSet<>();
    private final Set<String> userAndServicePrincipalIds = new HashSet<>();

    private final Set<String> credentialsIds = new HashSet<>();
    private final Set<String> storageConfigurationIds = new HashSet<>();
    private final Map<String, JsonNode> networksById = new HashMap<>();
    private final Set<String> privateAccessSettingsIds = new HashSet<>();
    private final Set<String> vpcEndpointIds = new HashSet<>();
    private final Set<String> customerManagedKeyIds = new HashSet<>();
    private final Map<String, String> metastoreRegionsById = new HashMap<>();
    private final Set<String> workspaceIds = new HashSet<>();

    /** IAM objects by ARN without its partition ("iam::111122223333:role/name"). */
    private final Set<String> roleArns = new HashSet<>();

    private final Set<String> roleNames = new HashSet<>();
    private final Map<String, String> instanceProfileRoleNameByArn = new HashMap<>();
    private final Set<String> policyArns = new HashSet<>();

    private final Set<String> instanceProfilesRegisteredAnywhere = new HashSet<>();

    Checker(JsonNode estate) {
      this.estate = estate;
      JsonNode account = estate.path("account");
      this.awsAccountId = text(account.path("aws_account_id"));
      this.accountRegion = text(account.path("region"));
    }

    List<EstateProblem> check() {
      indexIam();
      indexIdentities();
      indexAccountObjects();
      indexWorkspaces();

      claimDeclaredIds();

      checkIam();
      checkIdentities();
      checkAccountObjects();
      checkDeclaredEntries(DeclaredLists.ACCOUNT, estate, "");
      forEachField(
          estate.path("workspaces"),
          (name, workspace) -> {
            String pointer = child("/workspaces", name);
            checkWorkspace(name, workspace, pointer);
            checkDeclaredEntries(DeclaredLists.WORKSPACE, workspace, pointer);
          });
      checkDrift();
      checkApiQuirks();
      return List.copyOf(problems);
    }

    // ---- indexing: collect ids and names, report duplicates ----

    private void indexIam() {
      JsonNode iam = estate.path("iam");
      forEachField(
          iam.path("roles"),
          (name, role) -> {
            String pointer = child("/iam/roles", name);
            roleNames.add(name);
            roleArns.add(iamResource("role", role.path("path"), name));
            claimUnique("role_id", role.path("role_id"), child(pointer, "role_id"));
          });
      indexPolicies(iam.path("policies"), "/iam/policies", awsAccountId);
      indexPolicies(iam.path("aws_managed_policies"), "/iam/aws_managed_policies", "aws");
      forEachField(
          iam.path("instance_profiles"),
          (name, profile) -> {
            String pointer = child("/iam/instance_profiles", name);
            claimUnique(
                "instance_profile_id",
                profile.path("instance_profile_id"),
                child(pointer, "instance_profile_id"));
            JsonNode roles = profile.path("roles");
            instanceProfileRoleNameByArn.put(
                iamResource("instance-profile", profile.path("path"), name),
                roles.isArray() && roles.size() > 0 ? text(roles.get(0)) : null);
          });
    }

    private void indexPolicies(JsonNode policies, String base, String owner) {
      forEachField(
          policies,
          (name, policy) -> {
            String pointer = child(base, name);
            String path = pathOrRoot(policy.path("path"));
            policyArns.add("iam::" + owner + ":policy" + path + name);
            claimUnique("IAM policy_id", policy.path("policy_id"), child(pointer, "policy_id"));
          });
    }

    private void indexIdentities() {
      forEachField(
          estate.path("users"),
          (name, user) -> {
            userNames.add(name);
            String pointer = child(child("/users", name), "id");
            claimUnique("SCIM id", user.path("id"), pointer);
            addIfText(userAndServicePrincipalIds, user.path("id"));
          });
      forEachField(
          estate.path("service_principals"),
          (name, principal) -> {
            servicePrincipalNames.add(name);
            String pointer = child("/service_principals", name);
            claimUnique("SCIM id", principal.path("id"), child(pointer, "id"));
            claimUnique(
                "applicationId", principal.path("applicationId"), child(pointer, "applicationId"));
            addIfText(userAndServicePrincipalIds, principal.path("id"));
            addIfText(applicationIds, principal.path("applicationId"));
          });
      forEachField(
          estate.path("groups"),
          (name, group) -> {
            accountGroupNames.add(name);
            claimUnique("SCIM id", group.path("id"), child(child("/groups", name), "id"));
          });
    }

    private void indexAccountObjects() {
      indexIds("credentials", "credentials_id", credentialsIds);
      indexIds("storage_configurations", "storage_configuration_id", storageConfigurationIds);
      indexIds("private_access_settings", "private_access_settings_id", privateAccessSettingsIds);
      indexIds("vpc_endpoints", "vpc_endpoint_id", vpcEndpointIds);
      indexIds("customer_managed_keys", "customer_managed_key_id", customerManagedKeyIds);
      forEachField(
          estate.path("log_delivery"),
          (name, configuration) ->
              claimUnique(
                  "config_id",
                  configuration.path("config_id"),
                  child(child("/log_delivery", name), "config_id")));
      forEachField(
          estate.path("networks"),
          (name, network) -> {
            JsonNode id = network.path("network_id");
            if (text(id) != null) {
              networksById.putIfAbsent(text(id), network);
            }
          });
      forEachField(
          estate.path("metastores"),
          (name, metastore) -> {
            JsonNode id = metastore.path("metastore_id");
            claimUnique("metastore_id", id, child(child("/metastores", name), "metastore_id"));
            if (text(id) != null) {
              String region = text(metastore.path("region"));
              metastoreRegionsById.putIfAbsent(text(id), region != null ? region : accountRegion);
            }
          });
      forEachField(
          estate.path("ip_access_lists").path("lists"),
          (label, list) ->
              claimUnique(
                  "list_id",
                  list.path("list_id"),
                  child(child("/ip_access_lists/lists", label), "list_id")));
    }

    /** Indexes the ids of an account section; their uniqueness is a declared list's check. */
    private void indexIds(String collection, String idField, Set<String> index) {
      forEachField(estate.path(collection), (name, item) -> addIfText(index, item.path(idField)));
    }

    private void indexWorkspaces() {
      forEachField(
          estate.path("workspaces"),
          (name, workspace) -> {
            String pointer = child("/workspaces", name);
            JsonNode workspaceId = workspace.path("workspace_id");
            claimUnique("workspace_id", workspaceId, child(pointer, "workspace_id"));
            addIfText(workspaceIds, workspaceId);
            claimUnique(
                "deployment_name",
                workspace.path("deployment_name"),
                child(pointer, "deployment_name"));
            forEachField(
                workspace.path("groups"),
                (groupName, group) ->
                    claimUnique(
                        "SCIM id",
                        group.path("id"),
                        child(child(child(pointer, "groups"), groupName), "id")));
            forEachField(
                workspace.path("instance_profiles"),
                (profileName, profile) ->
                    addIfText(
                        instanceProfilesRegisteredAnywhere, profile.path("instance_profile_arn")));
            forEachField(
                workspace.path("ip_access_lists"),
                (label, list) ->
                    claimUnique(
                        "list_id",
                        list.path("list_id"),
                        child(child(child(pointer, "ip_access_lists"), label), "list_id")));
          });
    }

    /**
     * The ids of every declared list's entries are unique in their scope, as the declaration has
     * them, or in the whole estate where the sandbox asks that. A key that is the id is unique in
     * its section by being a key.
     */
    private void claimDeclaredIds() {
      for (DeclaredLists.Listing listing : DeclaredLists.ACCOUNT) {
        claimIds(listing, estate, "", "");
      }
      forEachField(
          estate.path("workspaces"),
          (name, workspace) -> {
            for (DeclaredLists.Listing listing : DeclaredLists.WORKSPACE) {
              claimIds(
                  listing,
                  workspace,
                  child("/workspaces", name),
                  listing.idsUniqueInEstate() ? "" : "workspace " + name);
            }
          });
    }

    private void claimIds(
        DeclaredLists.Listing listing, JsonNode scope, String scopePointer, String idScope) {
      String sectionPointer = child(scopePointer, listing.section());
      forEachField(
          scope.path(listing.section()),
          (key, entry) -> {
            for (String field : listing.idFields()) {
              String kind = field.equals("id") ? listing.type().noun() + " id" : field;
              claimUnique(
                  kind, idScope, entry.path(field), child(child(sectionPointer, key), field));
            }
            if (listing.keyIsUniqueId() && !idScope.startsWith("workspace ")) {
              claimUnique(
                  listing.apiField(listing.keyAttribute().get()),
                  idScope,
                  TextNode.valueOf(key),
                  child(sectionPointer, key));
            }
          });
    }

    /**
     * What every declared list's entries must be: each declared attribute of the JSON type its
     * declaration gives, each principal a user or service principal of the account, each owner a
     * user, group or service principal.
     */
    private void checkDeclaredEntries(
        List<DeclaredLists.Listing> listings, JsonNode scope, String scopePointer) {
      for (DeclaredLists.Listing listing : listings) {
        String sectionPointer = child(scopePointer, listing.section());
        forEachField(
            scope.path(listing.section()),
            (key, entry) -> {
              String entryPointer = child(sectionPointer, key);
              for (Attribute attribute : listing.type().attributes()) {
                String field = listing.apiField(attribute.name());
                JsonNode value = entry.get(field);
                if (value != null && !value.isNull() && !hasShape(value, attribute.type())) {
                  problems.add(
                      new EstateProblem(
                          child(entryPointer, field),
                          field
                              + " "
                              + render(value)
                              + " is not a "
                              + attribute.type().label()
                              + " ("
                              + listing.type().name()
                              + "."
                              + attribute.name()
                              + ")"));
                }
              }
              for (String field : listing.principalFields()) {
                requireUserOrServicePrincipal(entry.path(field), child(entryPointer, field), field);
              }
              for (String field : listing.ownerFields()) {
                requireOwner(entry.path(field), child(entryPointer, field));
              }
            });
      }
    }

    // ---- checking references ----

    private void checkIam() {
      JsonNode iam = estate.path("iam");
      forEachField(
          iam.path("roles"),
          (name, role) -> {
            String pointer = child("/iam/roles", name);
            forEachElement(
                role.path("attached_policies"),
                (index, arn) ->
                    requirePolicy(arn, child(child(pointer, "attached_policies"), index)));
            if (!role.path("permissions_boundary").isMissingNode()) {
              requirePolicy(
                  role.path("permissions_boundary"), child(pointer, "permissions_boundary"));
            }
          });
      checkPolicyVersions(iam.path("policies"), "/iam/policies");
      checkPolicyVersions(iam.path("aws_managed_policies"), "/iam/aws_managed_policies");
      forEachField(
          iam.path("instance_profiles"),
          (name, profile) ->
              forEachElement(
                  profile.path("roles"),
                  (index, role) ->
                      requireIn(
                          roleNames,
                          role,
                          child(child(child("/iam/instance_profiles", name), "roles"), index),
                          "instance profile role",
                          "a role of iam.roles")));
    }

    private void checkPolicyVersions(JsonNode policies, String base) {
      forEachField(
          policies,
          (name, policy) -> {
            String defaultVersion = text(policy.path("default_version_id"));
            if (defaultVersion != null && !policy.path("versions").has(defaultVersion)) {
              problems.add(
                  new EstateProblem(
                      child(child(base, name), "default_version_id"),
                      "default_version_id \""
                          + defaultVersion
                          + "\" is not one of the policy's versions"));
            }
          });
    }

    private void checkIdentities() {
      if (accountGroupNames.size() > MAX_ACCOUNT_GROUPS) {
        problems.add(
            new EstateProblem(
                "/groups",
                accountGroupNames.size()
                    + " account groups; Databricks allows at most "
                    + MAX_ACCOUNT_GROUPS));
      }
      List<Edge> edges = new ArrayList<>();
      forEachField(
          estate.path("groups"),
          (name, group) -> {
            String pointer = child("/groups", name);
            JsonNode members = group.path("members");
            String membersPointer = child(pointer, "members");
            checkUserAndServicePrincipalMembers(members, membersPointer);
            forEachElement(
                members.path("groups"),
                (index, member) -> {
                  String memberPointer = child(child(membersPointer, "groups"), index);
                  if (requireIn(
                      accountGroupNames,
                      member,
                      memberPointer,
                      "group member",
                      "a group of the account (groups)")) {
                    edges.add(new Edge(name, text(member), memberPointer));
                  }
                });
            forEachElement(
                group.path("roles"),
                (index, role) ->
                    requireIn(
                        instanceProfilesRegisteredAnywhere,
                        role,
                        child(child(pointer, "roles"), index),
                        "group role",
                        "an instance profile registered in any workspace"
                            + " (workspaces/*/instance_profiles)"));
          });
      Map<String, Integer> depths = checkNesting(accountGroupNames, edges);
      forEachField(
          estate.path("groups"),
          (name, group) -> {
            Integer depth = depths.get(name);
            if (depth != null && depth > MAX_NESTING_LEVELS) {
              problems.add(
                  new EstateProblem(
                      child("/groups", name),
                      "group \""
                          + name
                          + "\" nests groups "
                          + depth
                          + " levels deep; Databricks allows at most "
                          + MAX_NESTING_LEVELS));
            }
          });
    }

    private void checkUserAndServicePrincipalMembers(JsonNode members, String membersPointer) {
      forEachElement(
          members.path("users"),
          (index, member) ->
              requireIn(
                  userNames,
                  member,
                  child(child(membersPointer, "users"), index),
                  "group member",
                  "a user of the account (users)"));
      forEachElement(
          members.path("service_principals"),
          (index, member) ->
              requireIn(
                  servicePrincipalNames,
                  member,
                  child(child(membersPointer, "service_principals"), index),
                  "group member",
                  "a service principal of the account (service_principals)"));
    }

    private void checkAccountObjects() {
      forEachField(
          estate.path("credentials"),
          (name, credentials) ->
              requireOwnRole(
                  credentials.path("role_arn"),
                  child(child("/credentials", name), "role_arn"),
                  "role_arn"));
      forEachField(
          estate.path("storage_configurations"),
          (name, configuration) ->
              requireOwnRole(
                  configuration.path("role_arn"),
                  child(child("/storage_configurations", name), "role_arn"),
                  "role_arn"));
      forEachField(
          estate.path("networks"),
          (name, network) -> {
            String pointer = child("/networks", name);
            requireIn(
                workspaceIds,
                network.path("workspace_id"),
                child(pointer, "workspace_id"),
                "workspace_id",
                "the workspace_id of any workspace (workspaces)");
            JsonNode endpoints = network.path("vpc_endpoints");
            for (String use : List.of("rest_api", "dataplane_relay")) {
              forEachElement(
                  endpoints.path(use),
                  (index, endpoint) ->
                      requireIn(
                          vpcEndpointIds,
                          endpoint,
                          child(child(child(pointer, "vpc_endpoints"), use), index),
                          "VPC endpoint",
                          "the vpc_endpoint_id of any VPC endpoint (vpc_endpoints)"));
            }
          });
      forEachField(
          estate.path("private_access_settings"),
          (name, settings) ->
              forEachElement(
                  settings.path("allowed_vpc_endpoint_ids"),
                  (index, endpoint) ->
                      requireIn(
                          vpcEndpointIds,
                          endpoint,
                          child(
                              child(
                                  child("/private_access_settings", name),
                                  "allowed_vpc_endpoint_ids"),
                              index),
                          "allowed VPC endpoint",
                          "the vpc_endpoint_id of any VPC endpoint (vpc_endpoints)")));
      forEachField(
          estate.path("log_delivery"),
          (name, configuration) -> {
            String pointer = child("/log_delivery", name);
            requireIn(
                credentialsIds,
                configuration.path("credentials_id"),
                child(pointer, "credentials_id"),
                "credentials_id",
                "the id of any credentials configuration (credentials)");
            requireIn(
                storageConfigurationIds,
                configuration.path("storage_configuration_id"),
                child(pointer, "storage_configuration_id"),
                "storage_configuration_id",
                "the id of any storage configuration (storage_configurations)");
            forEachElement(
                configuration.path("workspace_ids_filter"),
                (index, workspaceId) ->
                    requireIn(
                        workspaceIds,
                        workspaceId,
                        child(child(pointer, "workspace_ids_filter"), index),
                        "workspace_ids_filter entry",
                        "the workspace_id of any workspace (workspaces)"));
          });
      forEachField(
          estate.path("metastores"),
          (name, metastore) ->
              requireOwner(metastore.path("owner"), child(child("/metastores", name), "owner")));
    }

    private void checkWorkspace(String name, JsonNode workspace, String pointer) {
      checkWorkspaceConfigurations(workspace, pointer);

      JsonNode assignment = workspace.path("metastore_assignment");
      if (assignment.isObject()) {
        JsonNode metastoreId = assignment.path("metastore_id");
        String assignmentPointer = child(child(pointer, "metastore_assignment"), "metastore_id");
        if (requireIn(
            metastoreRegionsById.keySet(),
            metastoreId,
            assignmentPointer,
            "metastore_id",
            "the id of any metastore (metastores)")) {
          String metastoreRegion = metastoreRegionsById.get(text(metastoreId));
          String workspaceRegion = textOr(workspace.path("aws_region"), accountRegion);
          if (metastoreRegion != null
              && workspaceRegion != null
              && !metastoreRegion.equals(workspaceRegion)) {
            problems.add(
                new EstateProblem(
                    assignmentPointer,
                    "metastore "
                        + render(metastoreId)
                        + " is in "
                        + metastoreRegion
                        + " but the workspace is in "
                        + workspaceRegion
                        + "; a workspace can only be assigned a metastore of its region"));
          }
        }
      }

      checkPermissionAssignments(workspace.path("permission_assignments"), pointer);
      Set<String> localGroupNames = fieldNames(workspace.path("groups"));
      Set<String> registeredProfiles = new HashSet<>();
      forEachField(
          workspace.path("instance_profiles"),
          (profileName, profile) ->
              checkWorkspaceInstanceProfile(
                  profile,
                  child(child(pointer, "instance_profiles"), profileName),
                  registeredProfiles));
      checkLocalGroups(
          name, workspace.path("groups"), pointer, localGroupNames, registeredProfiles);
      forEachElement(
          workspace.path("users"),
          (index, user) ->
              requireIn(
                  userNames,
                  user,
                  child(child(pointer, "users"), index),
                  "workspace user",
                  "a user of the account (users)"));

      Set<String> policyIds = new HashSet<>();
      forEachField(
          workspace.path("cluster_policies"),
          (policyName, policy) -> {
            String policyPointer = child(child(pointer, "cluster_policies"), policyName);
            JsonNode policyId = policy.path("policy_id");
            claimUnique(
                "policy_id", "workspace " + name, policyId, child(policyPointer, "policy_id"));
            addIfText(policyIds, policyId);
            requireUserOrServicePrincipal(
                policy.path("creator_user_name"),
                child(policyPointer, "creator_user_name"),
                "creator_user_name");
            forEachElement(
                policy.path("permissions"),
                (index, entry) ->
                    checkAclEntry(
                        entry,
                        child(child(policyPointer, "permissions"), index),
                        name,
                        localGroupNames));
          });

      forEachField(
          workspace.path("tokens"),
          (tokenId, token) -> {
            String tokenPointer = child(child(pointer, "tokens"), tokenId);
            requireIn(
                userAndServicePrincipalIds,
                token.path("owner_id"),
                child(tokenPointer, "owner_id"),
                "owner_id",
                "the id of a user or service principal of the account");
          });

      forEachField(
          workspace.path("clusters"),
          (clusterName, cluster) -> {
            String clusterPointer = child(child(pointer, "clusters"), clusterName);
            requireIn(
                policyIds,
                cluster.path("policy_id"),
                child(clusterPointer, "policy_id"),
                "policy_id",
                "the policy_id of a cluster policy of workspace \"" + name + "\"");
            requireIn(
                registeredProfiles,
                cluster.path("instance_profile_arn"),
                child(clusterPointer, "instance_profile_arn"),
                "instance_profile_arn",
                "an instance profile registered in workspace \"" + name + "\"");
          });

      forEachField(
          workspace.path("storage_credentials"),
          (credentialName, credential) -> {
            String credentialPointer = child(child(pointer, "storage_credentials"), credentialName);
            requireOwnRole(
                credential.path("role_arn"), child(credentialPointer, "role_arn"), "role_arn");
          });
      Set<String> credentialNames = fieldNames(workspace.path("storage_credentials"));
      forEachField(
          workspace.path("external_locations"),
          (locationName, location) -> {
            String locationPointer = child(child(pointer, "external_locations"), locationName);
            requireIn(
                credentialNames,
                location.path("credential_name"),
                child(locationPointer, "credential_name"),
                "credential_name",
                "a storage credential of workspace \"" + name + "\" (storage_credentials)");
          });
    }

    private void checkWorkspaceConfigurations(JsonNode workspace, String pointer) {
      requireIn(
          credentialsIds,
          workspace.path("credentials_id"),
          child(pointer, "credentials_id"),
          "credentials_id",
          "the id of any credentials configuration (credentials)");
      requireIn(
          storageConfigurationIds,
          workspace.path("storage_configuration_id"),
          child(pointer, "storage_configuration_id"),
          "storage_configuration_id",
          "the id of any storage configuration (storage_configurations)");
      JsonNode networkId = workspace.path("network_id");
      String networkPointer = child(pointer, "network_id");
      if (requireIn(
          networksById.keySet(),
          networkId,
          networkPointer,
          "network_id",
          "the id of any network configuration (networks)")) {
        JsonNode attachedTo = networksById.get(text(networkId)).path("workspace_id");
        JsonNode workspaceId = workspace.path("workspace_id");
        if (text(attachedTo) != null
            && text(workspaceId) != null
            && !text(attachedTo).equals(text(workspaceId))) {
          problems.add(
              new EstateProblem(
                  networkPointer,
                  "network_id "
                      + render(networkId)
                      + " is attached to workspace "
                      + text(attachedTo)
                      + ", not to this workspace ("
                      + text(workspaceId)
                      + ")"));
        }
      }
      requireIn(
          privateAccessSettingsIds,
          workspace.path("private_access_settings_id"),
          child(pointer, "private_access_settings_id"),
          "private_access_settings_id",
          "the id of any private access settings (private_access_settings)");
      for (String keyField :
          List.of("managed_services_customer_managed_key_id", "storage_customer_managed_key_id")) {
        requireIn(
            customerManagedKeyIds,
            workspace.path(keyField),
            child(pointer, keyField),
            keyField,
            "the id of any customer-managed key (customer_managed_keys)");
      }
    }

    private void checkPermissionAssignments(JsonNode assignments, String workspacePointer) {
      Map<String, String> firstAssignment = new HashMap<>();
      forEachElement(
          assignments,
          (index, assignment) -> {
            String pointer = child(child(workspacePointer, "permission_assignments"), index);
            checkAssignedPrincipal(
                assignment,
                "user",
                userNames,
                "a user of the account (users)",
                pointer,
                firstAssignment);
            checkAssignedPrincipal(
                assignment,
                "group",
                accountGroupNames,
                "a group of the account (groups)",
                pointer,
                firstAssignment);
            checkAssignedPrincipal(
                assignment,
                "service_principal",
                servicePrincipalNames,
                "a service principal of the account (service_principals)",
                pointer,
                firstAssignment);
          });
    }

    private void checkAssignedPrincipal(
        JsonNode assignment,
        String kind,
        Set<String> known,
        String notA,
        String pointer,
        Map<String, String> firstAssignment) {
      JsonNode principal = assignment.path(kind);
      if (text(principal) == null) {
        return;
      }
      String principalPointer = child(pointer, kind);
      requireIn(known, principal, principalPointer, "assigned " + kind.replace('_', ' '), notA);
      String previous = firstAssignment.putIfAbsent(kind + ":" + text(principal), pointer);
      if (previous != null) {
        problems.add(
            new EstateProblem(
                principalPointer,
                kind.replace('_', ' ')
                    + " "
                    + render(principal)
                    + " is assigned twice (also at "
                    + previous
                    + ")"));
      }
    }

    private void checkWorkspaceInstanceProfile(
        JsonNode profile, String pointer, Set<String> registeredProfiles) {
      JsonNode profileArn = profile.path("instance_profile_arn");
      addIfText(registeredProfiles, profileArn);
      String profileResource = iamResourceOf(text(profileArn));
      boolean profileKnown = false;
      if (profileResource != null && isOwnAccount(profileResource)) {
        profileKnown =
            requireIn(
                instanceProfileRoleNameByArn.keySet(),
                TextNode.valueOf(profileResource),
                child(pointer, "instance_profile_arn"),
                "instance_profile_arn",
                "an instance profile of iam.instance_profiles",
                render(profileArn));
      }
      JsonNode roleArn = profile.path("iam_role_arn");
      boolean roleKnown = requireOwnRole(roleArn, child(pointer, "iam_role_arn"), "iam_role_arn");
      if (profileKnown && roleKnown && text(roleArn) != null) {
        String profileRole = instanceProfileRoleNameByArn.get(profileResource);
        String roleResource = iamResourceOf(text(roleArn));
        String roleName = roleResource.substring(roleResource.lastIndexOf('/') + 1);
        if (!roleName.equals(profileRole)) {
          problems.add(
              new EstateProblem(
                  child(pointer, "iam_role_arn"),
                  "iam_role_arn "
                      + render(roleArn)
                      + " is not the role of instance profile "
                      + render(profileArn)
                      + " (its role is "
                      + (profileRole == null ? "none" : "\"" + profileRole + "\"")
                      + ")"));
        }
      }
    }

    private void checkLocalGroups(
        String workspaceName,
        JsonNode groups,
        String workspacePointer,
        Set<String> localGroupNames,
        Set<String> registeredProfiles) {
      List<Edge> localEdges = new ArrayList<>();
      forEachField(
          groups,
          (name, group) -> {
            String pointer = child(child(workspacePointer, "groups"), name);
            JsonNode members = group.path("members");
            String membersPointer = child(pointer, "members");
            checkUserAndServicePrincipalMembers(members, membersPointer);
            forEachElement(
                members.path("groups"),
                (index, member) -> {
                  String memberName = text(member);
                  String memberPointer = child(child(membersPointer, "groups"), index);
                  if (memberName == null) {
                    return;
                  }
                  // Member names are account keys first; only a name that is no account
                  // group's falls back to a local group of the workspace.
                  if (accountGroupNames.contains(memberName)) {
                    return;
                  }
                  if (localGroupNames.contains(memberName)) {
                    localEdges.add(new Edge(name, memberName, memberPointer));
                  } else {
                    problems.add(
                        new EstateProblem(
                            memberPointer,
                            "group member "
                                + render(member)
                                + " is neither a group of workspace \""
                                + workspaceName
                                + "\" (groups) nor a group of the account (groups)"));
                  }
                });
            forEachElement(
                group.path("roles"),
                (index, role) ->
                    requireIn(
                        registeredProfiles,
                        role,
                        child(child(pointer, "roles"), index),
                        "group role",
                        "an instance profile registered in workspace \"" + workspaceName + "\""));
          });
      checkNesting(localGroupNames, localEdges);
    }

    private void checkAclEntry(
        JsonNode entry, String pointer, String workspaceName, Set<String> localGroupNames) {
      JsonNode group = entry.path("group_name");
      if (text(group) != null
          && !accountGroupNames.contains(text(group))
          && !localGroupNames.contains(text(group))) {
        problems.add(
            new EstateProblem(
                child(pointer, "group_name"),
                "group_name "
                    + render(group)
                    + " is neither a group of the account (groups) nor a group of workspace \""
                    + workspaceName
                    + "\""));
      }
      requireIn(
          userNames,
          entry.path("user_name"),
          child(pointer, "user_name"),
          "user_name",
          "a user of the account (users)");
      JsonNode principal = entry.path("service_principal_name");
      if (text(principal) != null
          && !servicePrincipalNames.contains(text(principal))
          && !applicationIds.contains(text(principal))) {
        problems.add(
            new EstateProblem(
                child(pointer, "service_principal_name"),
                "service_principal_name "
                    + render(principal)
                    + " is neither the name nor the applicationId of a service principal of the"
                    + " account (service_principals)"));
      }
    }

    /** A retired workspace-conf key must be one plumbline asks for, or nothing would ask for it. */
    private void checkApiQuirks() {
      forEachElement(
          estate.path("api_quirks").path("retired_workspace_conf_keys"),
          (index, key) -> {
            if (!WorkspaceApi.WORKSPACE_CONF_KEYS.contains(key.asText())) {
              problems.add(
                  new EstateProblem(
                      child("/api_quirks/retired_workspace_conf_keys", index),
                      "\""
                          + key.asText()
                          + "\" is not a workspace-conf key plumbline asks for: retiring it"
                          + " changes nothing"));
            }
          });
    }

    private void checkDrift() {
      forEachElement(
          estate.path("drift"),
          (index, drift) ->
              claimUnique("drift id", drift.path("id"), child(child("/drift", index), "id")));
    }

    // ---- group nesting ----

    /**
     * Reports each membership cycle once and returns, for every group not on or above a cycle, how
     * many levels of groups it nests (0 = none). Kahn's algorithm from the leaves up, so linear in
     * groups + edges and free of recursion however deep the nesting.
     */
    private Map<String, Integer> checkNesting(Collection<String> groups, List<Edge> edges) {
      Map<String, List<Edge>> childEdges = new HashMap<>();
      Map<String, List<String>> parents = new HashMap<>();
      Map<String, Integer> unresolvedChildren = new HashMap<>();
      for (String group : groups) {
        unresolvedChildren.put(group, 0);
      }
      for (Edge edge : edges) {
        childEdges.computeIfAbsent(edge.parent(), key -> new ArrayList<>()).add(edge);
        parents.computeIfAbsent(edge.child(), key -> new ArrayList<>()).add(edge.parent());
        unresolvedChildren.merge(edge.parent(), 1, Integer::sum);
      }
      Map<String, Integer> depths = new HashMap<>();
      Set<String> resolved = new HashSet<>();
      Deque<String> ready = new ArrayDeque<>();
      unresolvedChildren.forEach(
          (group, count) -> {
            if (count == 0) {
              ready.add(group);
            }
          });
      while (!ready.isEmpty()) {
        String group = ready.poll();
        resolved.add(group);
        int depth = depths.getOrDefault(group, 0);
        for (String parent : parents.getOrDefault(group, List.of())) {
          depths.merge(parent, depth + 1, Math::max);
          if (unresolvedChildren.merge(parent, -1, Integer::sum) == 0) {
            ready.add(parent);
          }
        }
      }
      if (resolved.size() < unresolvedChildren.size()) {
        reportCycles(edges, childEdges, resolved);
      }
      Map<String, Integer> resolvedDepths = new HashMap<>();
      for (String group : resolved) {
        resolvedDepths.put(group, depths.getOrDefault(group, 0));
      }
      return resolvedDepths;
    }

    /**
     * A group left unresolved by {@link #checkNesting} always has an unresolved child, so a walk
     * along unresolved children must come back to a group it saw: either one of its own (a cycle,
     * reported at the membership that closes it) or one of an earlier walk (already reported).
     */
    private void reportCycles(
        List<Edge> edges, Map<String, List<Edge>> childEdges, Set<String> resolved) {
      Set<String> walked = new HashSet<>();
      for (Edge start : edges) {
        String current = start.parent();
        if (resolved.contains(current) || walked.contains(current)) {
          continue;
        }
        Map<String, Integer> positionInWalk = new HashMap<>();
        List<Edge> walk = new ArrayList<>();
        while (current != null && !walked.contains(current)) {
          walked.add(current);
          positionInWalk.put(current, walk.size());
          Edge next = firstUnresolvedChild(childEdges.get(current), resolved);
          if (next != null) {
            walk.add(next);
          }
          current = next == null ? null : next.child();
        }
        Integer cycleStart = current == null ? null : positionInWalk.get(current);
        if (cycleStart == null) {
          continue;
        }
        List<Edge> cycle = walk.subList(cycleStart, walk.size());
        String path =
            cycle.stream()
                    .map(edge -> "\"" + edge.parent() + "\"")
                    .collect(Collectors.joining(" -> "))
                + " -> \""
                + current
                + "\"";
        Edge closing = cycle.get(cycle.size() - 1);
        problems.add(
            new EstateProblem(
                closing.pointer(),
                "group member \"" + closing.child() + "\" closes a membership cycle: " + path));
      }
    }

    private static Edge firstUnresolvedChild(List<Edge> edges, Set<String> resolved) {
      if (edges != null) {
        for (Edge edge : edges) {
          if (!resolved.contains(edge.child())) {
            return edge;
          }
        }
      }
      return null;
    }

    // ---- reference helpers ----

    private boolean requireIn(
        Set<String> known, JsonNode value, String pointer, String what, String notA) {
      return requireIn(known, value, pointer, what, notA, render(value));
    }

    /** Returns true if the value is present and known; reports it if present and unknown. */
    private boolean requireIn(
        Set<String> known,
        JsonNode value,
        String pointer,
        String what,
        String notA,
        String shownValue) {
      String key = text(value);
      if (key == null) {
        return false;
      }
      if (known.contains(key)) {
        return true;
      }
      problems.add(new EstateProblem(pointer, what + " " + shownValue + " is not " + notA));
      return false;
    }

    private void requireUserOrServicePrincipal(JsonNode value, String pointer, String what) {
      String name = text(value);
      if (name != null
          && !userNames.contains(name)
          && !applicationIds.contains(name)
          && !servicePrincipalNames.contains(name)) {
        problems.add(
            new EstateProblem(
                pointer,
                what
                    + " "
                    + render(value)
                    + " is neither a user (users) nor a service principal's applicationId"
                    + " (service_principals)"));
      }
    }

    private void requireOwner(JsonNode value, String pointer) {
      String name = text(value);
      if (name != null
          && !userNames.contains(name)
          && !accountGroupNames.contains(name)
          && !applicationIds.contains(name)
          && !servicePrincipalNames.contains(name)) {
        problems.add(
            new EstateProblem(
                pointer,
                "owner "
                    + render(value)
                    + " is not a user, group or service principal of the account"));
      }
    }

    /**
     * Roles in the estate's own AWS account must exist in iam.roles; roles of other accounts (such
     * as Databricks' own Unity Catalog role) are outside the estate and not checked.
     */
    private boolean requireOwnRole(JsonNode value, String pointer, String what) {
      String resource = iamResourceOf(text(value));
      if (resource == null || !isOwnAccount(resource)) {
        return false;
      }
      return requireIn(
          roleArns,
          TextNode.valueOf(resource),
          pointer,
          what,
          "a role of iam.roles",
          render(value));
    }

    private void requirePolicy(JsonNode value, String pointer) {
      String resource = iamResourceOf(text(value));
      if (resource == null) {
        return;
      }
      requireIn(
          policyArns,
          TextNode.valueOf(resource),
          pointer,
          "policy",
          "a policy of iam.policies or iam.aws_managed_policies",
          render(value));
    }

    private boolean isOwnAccount(String iamResource) {
      return awsAccountId != null && iamResource.startsWith("iam::" + awsAccountId + ":");
    }

    private String iamResource(String type, JsonNode pathNode, String name) {
      return "iam::" + awsAccountId + ":" + type + pathOrRoot(pathNode) + name;
    }

    // ---- uniqueness ----

    private void claimUnique(String kind, JsonNode value, String pointer) {
      claimUnique(kind, "", value, pointer);
    }

    /** Records the first use of an id within its kind and scope; reports later uses. */
    private void claimUnique(String kind, String scope, JsonNode value, String pointer) {
      String key = text(value);
      if (key == null) {
        return;
      }
      String previous =
          firstUseByKind
              .computeIfAbsent(kind + "\u0000" + scope, ignored -> new HashMap<>())
              .putIfAbsent(key, pointer);
      if (previous != null) {
        problems.add(
            new EstateProblem(
                pointer,
                "duplicate " + kind + " " + render(value) + ": already used at " + previous));
      }
    }
  }

  // ---- JSON helpers ----

  /** Whether a value has the JSON shape of an attribute type. */
  private static boolean hasShape(JsonNode value, AttributeType type) {
    return switch (type) {
      case STRING -> value.isTextual();
      case NUMBER -> value.isNumber();
      case BOOLEAN -> value.isBoolean();
      case STRING_LIST -> value.isArray() && allMatch(value, JsonNode::isTextual);
      case STRING_MAP -> value.isObject() && allMatch(value, JsonNode::isTextual);
      case OBJECT_LIST -> value.isArray() && allMatch(value, JsonNode::isObject);
      case OBJECT -> value.isObject();
    };
  }

  private static boolean allMatch(JsonNode container, Predicate<JsonNode> test) {
    for (JsonNode element : container) {
      if (!test.test(element)) {
        return false;
      }
    }
    return true;
  }

  /** The text of a string or number node, else null (absent, null or not a scalar). */
  private static String text(JsonNode node) {
    return node != null && (node.isTextual() || node.isIntegralNumber()) ? node.asText() : null;
  }

  private static String textOr(JsonNode node, String fallback) {
    String text = text(node);
    return text != null ? text : fallback;
  }

  private static String render(JsonNode node) {
    return node.isTextual() ? "\"" + node.asText() + "\"" : node.asText();
  }

  private static String pathOrRoot(JsonNode pathNode) {
    String path = text(pathNode);
    return path != null ? path : "/";
  }

  /** "arn:aws:iam::1:role/x" -> "iam::1:role/x", so that any AWS partition matches. */
  private static String iamResourceOf(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    int partitionEnd = arn.indexOf(':', 4);
    return partitionEnd < 0 ? null : arn.substring(partitionEnd + 1);
  }

  private static void addIfText(Set<String> index, JsonNode node) {
    String text = text(node);
    if (text != null) {
      index.add(text);
    }
  }

  private static Set<String> fieldNames(JsonNode map) {
    Set<String> names = new HashSet<>();
    forEachField(map, (name, value) -> names.add(name));
    return names;
  }

  private static void forEachField(JsonNode map, BiConsumer<String, JsonNode> action) {
    if (map != null && map.isObject()) {
      for (Map.Entry<String, JsonNode> field : map.properties()) {
        action.accept(field.getKey(), field.getValue());
      }
    }
  }

  private interface IndexedConsumer {
    void accept(int index, JsonNode element);
  }

  private static void forEachElement(JsonNode array, IndexedConsumer action) {
    if (array != null && array.isArray()) {
      for (int index = 0; index < array.size(); index++) {
        action.accept(index, array.get(index));
      }
    }
  }

  /** Appends one RFC 6901 reference token, escaping '~' and '/'. */
  static String child(String pointer, String token) {
    return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
