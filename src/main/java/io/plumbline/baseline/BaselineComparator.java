package io.plumbline.baseline;

import static io.plumbline.baseline.JsonValues.NODES;
import static io.plumbline.baseline.JsonValues.equivalent;
import static io.plumbline.baseline.JsonValues.orNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.document.LocatedDocument;
import io.plumbline.model.ManagementMode;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import io.plumbline.model.WorkspaceConfKeys;
import io.plumbline.model.normal.ClusterPolicyDefinitions;
import io.plumbline.model.normal.PolicyDocuments;
import io.plumbline.policy.facts.BaselineDrift;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.ResourceRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Compares a snapshot with baselines and says how live state differs, as {@link BaselineDrift}
 * facts for the rules (rules/baseline.drl) to judge. Kinds in mode observe or external give no
 * drift; kinds a baseline does not declare (no section) are not compared; within a declared item
 * only the attributes it declares are compared, by meaning: cluster policy definitions and IAM
 * policy documents after the collectors' own normalisation, lists as sets, numbers by value.
 *
 * <p>A read that failed is UNKNOWN, never absent: a declared item missing from a scope x type whose
 * coverage is not COMPLETE gives an UNKNOWN fact, never a MISSING one.
 */
public final class BaselineComparator {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The attributes of the workspace itself (databricks_mws_workspaces) a baseline may declare: the
   * ones its declaration imports from Terraform.
   */
  private static final List<String> WORKSPACE_ATTRIBUTES =
      List.copyOf(ResourceCatalogue.MWS_WORKSPACES.terraform().get(0).attributes().values());

  private static final String TERRAFORM = "terraform";
  private static final String ADMINS = "admins";

  /** One declared item being compared: where it is declared and in which mode. */
  private record Item(
      Scope scope,
      BaselineKind kind,
      ManagementMode mode,
      Declared declared,
      String pointer,
      String name,
      JsonNode node) {

    String location(String relative) {
      return declared.location(pointer, pointer + relative);
    }
  }

  @FunctionalInterface
  private interface ItemComparer {
    void compare(Item item, Resource live);
  }

  private final SnapshotIndex index;
  private final Baselines baselines;
  private final List<Fact> facts = new ArrayList<>();
  private final Set<String> adminGroupIds = new HashSet<>();

  private BaselineComparator(SnapshotIndex index, Baselines baselines) {
    this.index = index;
    this.baselines = baselines;
  }

  /**
   * The drift between a snapshot and baselines: one fact per missing, extra, changed, unmanaged or
   * unknown item or attribute. Empty when there are no baselines.
   */
  public static List<Fact> driftFacts(Snapshot snapshot, Baselines baselines) {
    if (baselines.isEmpty()) {
      return List.of();
    }
    BaselineComparator comparator = new BaselineComparator(new SnapshotIndex(snapshot), baselines);
    comparator.run();
    return List.copyOf(comparator.facts);
  }

  private void run() {
    for (Scope account : index.scopes(ScopeKind.ACCOUNT)) {
      if (baselines.accountId().map(id -> id.equals(account.id())).orElse(true)) {
        compareAccount(account);
      }
    }
    for (Scope aws : index.scopes(ScopeKind.AWS)) {
      if (baselines.awsAccountId().map(id -> id.equals(aws.id())).orElse(true)) {
        compareAws(aws);
      }
    }
  }

  // ---- account --------------------------------------------------------------------------------

  private void compareAccount(Scope account) {
    Principals principals = new Principals(index, account);
    collectAdminGroups();
    // workspaces first: the ADMIN assignments they declare tell which account groups are admin
    compareWorkspaces(account, principals);

    Declared declared = baselines.account();
    Modes modes = baselines.accountModes();
    genericKinds(account, ScopeKind.ACCOUNT, modes, declared);
    groups(account, declared, modes, principals, resource -> true);
  }

  /**
   * Groups that make their members admins, as live state has them: every workspace's local {@code
   * admins} group, groups nested in one, and groups assigned ADMIN to a workspace. Groups the
   * baseline assigns ADMIN are added while workspaces are compared.
   */
  private void collectAdminGroups() {
    for (Scope workspace : index.scopes(ScopeKind.WORKSPACE)) {
      for (Resource assignment :
          index.resources(BaselineKind.PERMISSION_ASSIGNMENTS.resourceType(), workspace)) {
        JsonNode attributes = assignment.attributes();
        if ("group".equals(attributes.path("principal_kind").asText())
            && containsText(attributes.path("permissions"), "ADMIN")) {
          adminGroupIds.add(attributes.path("principal_id").asText());
        }
      }
      for (Resource group : index.resources(BaselineKind.GROUPS.resourceType(), workspace)) {
        if (isLocalAdmins(group)) {
          adminGroupIds.add(group.id());
          for (Resource member : members(workspace, group)) {
            if ("group".equals(member.attributes().path("member_kind").asText())) {
              adminGroupIds.add(member.attributes().path("member_id").asText());
            }
          }
        }
      }
    }
  }

  private static boolean isLocalAdmins(Resource group) {
    return group.attributes().path("workspace_local").asBoolean(false)
        && ADMINS.equals(group.attributes().path("display_name").asText());
  }

  // ---- workspaces -----------------------------------------------------------------------------

  private void compareWorkspaces(Scope account, Principals principals) {
    ManagementMode listMode = baselines.accountModes().mode(BaselineKind.WORKSPACES);
    Set<String> matchedEntries = new HashSet<>();
    for (Resource workspace : index.resources(BaselineKind.WORKSPACES.resourceType(), account)) {
      JsonNode attributes = workspace.attributes();
      String name = attributes.path("workspace_name").asText(workspace.id());
      long id = attributes.path("workspace_id").asLong(parseLong(workspace.id()));
      Map<String, String> tags = new TreeMap<>();
      attributes
          .path("custom_tags")
          .properties()
          .forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
      Baselines.WorkspaceBaseline baseline = baselines.forWorkspace(name, id, tags);
      baseline.entry().ifPresent(matchedEntries::add);
      if (baseline.entry().isEmpty() && baselines.declaresWorkspaces() && listMode.compared()) {
        unmatched(
            account,
            BaselineKind.WORKSPACES,
            listMode,
            workspace,
            name,
            Optional.of(baselines.workspacesLocation()),
            builder -> {});
      }
      if (baseline.declaresNothing()) {
        continue;
      }
      ManagementMode own = baseline.modes().mode(BaselineKind.WORKSPACES);
      if (own.compared()) {
        Item item =
            new Item(
                account,
                BaselineKind.WORKSPACES,
                own,
                baseline.declared(),
                "",
                name,
                baseline.declared().root());
        // an entry matched by workspace_id whose key is another name: the workspace was renamed
        if (baseline.entry().isPresent() && !baseline.entry().get().equals(name)) {
          changed(
              item,
              workspace,
              "workspace_name",
              NODES.textNode(baseline.entry().get()),
              attributes.path("workspace_name"),
              "");
        }
        for (String attribute : WORKSPACE_ATTRIBUTES) {
          if (item.node().has(attribute)) {
            compareValue(
                item,
                workspace,
                attribute,
                item.node().get(attribute),
                workspace.attributes().get(attribute),
                "/" + attribute);
          }
        }
      }
      compareWorkspace(account, Scope.workspace(id), baseline, principals);
    }
    if (!baselines.declaresWorkspaces() || !listMode.compared()) {
      return;
    }
    for (Map.Entry<String, Declared> entry : baselines.workspaceEntries().entrySet()) {
      if (matchedEntries.contains(entry.getKey())) {
        continue;
      }
      String declaredId =
          baselines.declaredWorkspaceId(entry.getKey()).stream()
              .mapToObj(Long::toString)
              .findFirst()
              .orElse(entry.getKey());
      missing(
          account,
          BaselineKind.WORKSPACES,
          listMode,
          new ResourceRef(BaselineKind.WORKSPACES.resourceType(), account, declaredId),
          entry.getKey(),
          entry.getValue().root(),
          Optional.of(entry.getValue().location("", "")),
          builder -> {});
    }
  }

  private void compareWorkspace(
      Scope account, Scope workspace, Baselines.WorkspaceBaseline baseline, Principals principals) {
    principals.addWorkspace(index, workspace);
    Declared declared = baseline.declared();
    Modes modes = baseline.modes();
    declaredAdminAssignments(workspace, declared, principals);
    metastoreAssignment(
        account, workspace, declared, modes.mode(BaselineKind.METASTORE_ASSIGNMENT));
    permissionAssignments(
        workspace, declared, modes.mode(BaselineKind.PERMISSION_ASSIGNMENTS), principals);
    groups(
        workspace,
        declared,
        modes,
        principals,
        group -> group.attributes().path("workspace_local").asBoolean(false));
    clusterPolicies(workspace, declared, modes, principals);
    workspaceConf(workspace, declared, modes.mode(BaselineKind.WORKSPACE_CONF));
    genericKinds(workspace, ScopeKind.WORKSPACE, modes, declared);
  }

  private void declaredAdminAssignments(Scope workspace, Declared declared, Principals principals) {
    declared
        .root()
        .path("permission_assignments")
        .path(Principals.Kind.GROUP.section)
        .properties()
        .forEach(
            assignment -> {
              if (containsText(permissionsOf(assignment.getValue()), "ADMIN")) {
                principals
                    .id(Principals.Kind.GROUP, assignment.getKey(), workspace)
                    .ifPresent(adminGroupIds::add);
              }
            });
  }

  private void metastoreAssignment(
      Scope account, Scope workspace, Declared declared, ManagementMode mode) {
    JsonNode node = declared.root().get("metastore_assignment");
    if (!mode.compared() || node == null) {
      return;
    }
    BaselineKind kind = BaselineKind.METASTORE_ASSIGNMENT;
    String pointer = "/metastore_assignment";
    List<Resource> live = index.resources(kind.resourceType(), workspace);
    if (node.isNull()) {
      for (Resource assignment : live) {
        unmatched(
            workspace,
            kind,
            mode,
            assignment,
            assignment.attributes().path("metastore_id").asText(),
            Optional.of(declared.location(pointer, pointer)),
            builder -> {});
      }
      return;
    }
    Optional<String> expectedId = expectedMetastoreId(account, node);
    String name =
        node.hasNonNull("metastore")
            ? node.path("metastore").asText()
            : expectedId.orElse("(any metastore)");
    if (live.isEmpty()) {
      missing(
          workspace,
          kind,
          mode,
          new ResourceRef(
              kind.resourceType(), workspace, workspace.id() + "|" + expectedId.orElse(name)),
          name,
          NODES.textNode(expectedId.orElse(name)),
          Optional.of(declared.location(pointer, pointer)),
          builder -> builder.attribute("metastore_id"));
      return;
    }
    Resource assignment = live.get(0);
    Item item = new Item(workspace, kind, mode, declared, pointer, name, node);
    if (expectedId.isPresent()) {
      String relative = node.has("metastore_id") ? "/metastore_id" : "/metastore";
      compareValue(
          item,
          assignment,
          "metastore_id",
          NODES.textNode(expectedId.get()),
          assignment.attributes().get("metastore_id"),
          relative);
    }
    if (node.has("default_catalog_name")) {
      compareValue(
          item,
          assignment,
          "default_catalog_name",
          node.get("default_catalog_name"),
          assignment.attributes().get("default_catalog_name"),
          "/default_catalog_name");
    }
  }

  /** A metastore named by id, or by name (resolved through the account's metastores). */
  private Optional<String> expectedMetastoreId(Scope account, JsonNode node) {
    if (node.hasNonNull("metastore_id")) {
      return Optional.of(node.path("metastore_id").asText());
    }
    if (node.hasNonNull("metastore")) {
      String name = node.path("metastore").asText();
      return index.resources(BaselineKind.METASTORES.resourceType(), account).stream()
          .filter(metastore -> name.equals(metastore.attributes().path("name").asText()))
          .map(Resource::id)
          .findFirst()
          .or(() -> Optional.of(name));
    }
    return Optional.empty();
  }

  private void permissionAssignments(
      Scope workspace, Declared declared, ManagementMode mode, Principals principals) {
    JsonNode section = declared.root().get("permission_assignments");
    if (!mode.compared() || section == null || !section.isObject()) {
      return;
    }
    BaselineKind kind = BaselineKind.PERMISSION_ASSIGNMENTS;
    List<Resource> live = index.resources(kind.resourceType(), workspace);
    Map<String, Resource> byId = new HashMap<>();
    Map<String, Resource> byName = new HashMap<>();
    for (Resource assignment : live) {
      JsonNode attributes = assignment.attributes();
      byId.put(attributes.path("principal_id").asText(), assignment);
      byName.put(
          attributes.path("principal_kind").asText()
              + ":"
              + attributes.path("principal_name").asText(),
          assignment);
    }
    Set<Resource> matched = new HashSet<>();
    for (Principals.Kind principalKind : Principals.Kind.values()) {
      for (Map.Entry<String, JsonNode> entry : section.path(principalKind.section).properties()) {
        String principal = entry.getKey();
        String pointer =
            "/permission_assignments/" + principalKind.section + "/" + escape(principal);
        Optional<String> id = principals.id(principalKind, principal, workspace);
        Resource assignment = id.map(byId::get).orElse(null);
        if (assignment == null) {
          assignment =
              byName.get(
                  principalKind.label
                      + ":"
                      + principals.aclName(principalKind, principal, workspace));
        }
        assignmentItem(
            workspace,
            declared,
            mode,
            pointer,
            principalKind.noun() + " " + principal,
            id.orElse(principal),
            entry.getValue(),
            assignment,
            matched);
      }
    }
    for (Map.Entry<String, JsonNode> entry : section.path("principal_ids").properties()) {
      String pointer = "/permission_assignments/principal_ids/" + escape(entry.getKey());
      assignmentItem(
          workspace,
          declared,
          mode,
          pointer,
          "principal " + principals.name(entry.getKey()),
          entry.getKey(),
          entry.getValue(),
          byId.get(entry.getKey()),
          matched);
    }
    for (Resource assignment : live) {
      if (!matched.contains(assignment)) {
        JsonNode attributes = assignment.attributes();
        unmatched(
            workspace,
            kind,
            mode,
            assignment,
            attributes.path("principal_kind").asText().replace('_', ' ')
                + " "
                + attributes.path("principal_name").asText(),
            Optional.of(declared.location("/permission_assignments", "/permission_assignments")),
            builder -> {});
      }
    }
  }

  private void assignmentItem(
      Scope workspace,
      Declared declared,
      ManagementMode mode,
      String pointer,
      String name,
      String declaredId,
      JsonNode value,
      Resource assignment,
      Set<Resource> matched) {
    BaselineKind kind = BaselineKind.PERMISSION_ASSIGNMENTS;
    JsonNode permissions = permissionsOf(value);
    if (assignment == null || matched.contains(assignment)) {
      missing(
          workspace,
          kind,
          mode,
          new ResourceRef(kind.resourceType(), workspace, workspace.id() + "|" + declaredId),
          name,
          permissions,
          Optional.of(declared.location(pointer, pointer)),
          builder -> {});
      return;
    }
    matched.add(assignment);
    Item item = new Item(workspace, kind, mode, declared, pointer, name, value);
    compareValue(
        item,
        assignment,
        "permissions",
        permissions,
        assignment.attributes().get("permissions"),
        value.isObject() ? "/permissions" : "");
  }

  private static JsonNode permissionsOf(JsonNode assignment) {
    return assignment.isObject() ? assignment.path("permissions") : assignment;
  }

  // ---- groups and members ---------------------------------------------------------------------

  private void groups(
      Scope scope,
      Declared declared,
      Modes modes,
      Principals principals,
      Predicate<Resource> compared) {
    JsonNode section = declared.root().get("groups");
    if (section == null || !section.isObject()) {
      return;
    }
    List<Resource> live =
        index.resources(BaselineKind.GROUPS.resourceType(), scope).stream()
            .filter(compared)
            .toList();
    collection(
        scope,
        BaselineKind.GROUPS,
        modes.mode(BaselineKind.GROUPS),
        declared,
        "display_name",
        "group_id",
        live,
        (item, group) -> attributes(item, group, Set.of("members")));
    ManagementMode membersMode = modes.mode(BaselineKind.GROUP_MEMBERS);
    if (!membersMode.compared()) {
      return;
    }
    Map<String, Resource> byName = new HashMap<>();
    Map<String, Resource> byId = new HashMap<>();
    for (Resource group : live) {
      byName.putIfAbsent(group.attributes().path("display_name").asText(), group);
      byId.put(group.id(), group);
    }
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      JsonNode members = entry.getValue().get("members");
      if (members == null) {
        continue;
      }
      JsonNode declaredId = entry.getValue().path("group_id");
      Resource group = declaredId.isTextual() ? byId.get(declaredId.asText()) : null;
      if (group == null) {
        group = byName.get(entry.getKey());
      }
      if (group == null) {
        continue; // the group itself is missing (or unknown): said once, for the group
      }
      members(
          scope,
          declared,
          "/groups/" + escape(entry.getKey()),
          entry.getKey(),
          members,
          group,
          membersMode,
          principals);
    }
  }

  private List<Resource> members(Scope scope, Resource group) {
    return index.members(scope, group.id());
  }

  private void members(
      Scope scope,
      Declared declared,
      String groupPointer,
      String groupName,
      JsonNode declaredMembers,
      Resource group,
      ManagementMode mode,
      Principals principals) {
    BaselineKind kind = BaselineKind.GROUP_MEMBERS;
    boolean admin = isLocalAdmins(group) || adminGroupIds.contains(group.id());
    Consumer<BaselineDrift.Builder> inGroup = builder -> builder.group(groupName, admin);
    // SCIM ids are unique across users, service principals and groups: members compare by id
    Map<String, Resource> live = new LinkedHashMap<>();
    for (Resource member : members(scope, group)) {
      live.put(member.attributes().path("member_id").asText(), member);
    }
    Set<String> declaredKeys = new HashSet<>();
    for (DeclaredPrincipal member : declaredPrincipals(declaredMembers, scope, principals)) {
      String key = member.id().orElse("name:" + member.kind() + ":" + member.name());
      declaredKeys.add(key);
      if (live.containsKey(key)) {
        continue;
      }
      missing(
          scope,
          kind,
          mode,
          new ResourceRef(
              kind.resourceType(), scope, group.id() + "|" + member.id().orElse(member.name())),
          member.noun() + " " + member.name(),
          NODES.textNode(member.name()),
          Optional.of(declared.location(groupPointer, groupPointer + "/members/" + member.path())),
          inGroup);
    }
    for (Map.Entry<String, Resource> member : live.entrySet()) {
      if (declaredKeys.contains(member.getKey())) {
        continue;
      }
      JsonNode attributes = member.getValue().attributes();
      String memberId = attributes.path("member_id").asText();
      unmatched(
          scope,
          kind,
          mode,
          member.getValue(),
          attributes.path("member_kind").asText().replace('_', ' ')
              + " "
              + principals.name(memberId),
          Optional.of(declared.location(groupPointer, groupPointer + "/members")),
          inGroup);
    }
  }

  /**
   * A principal a baseline names in a members or grants list: its kind (unknown for {@code ids}),
   * its name, its SCIM id when the snapshot resolves it, and its path in the list.
   */
  private record DeclaredPrincipal(
      Optional<Principals.Kind> principalKind, String name, Optional<String> id, String path) {

    String kind() {
      return principalKind.map(value -> value.label).orElse("principal");
    }

    String noun() {
      return principalKind.map(Principals.Kind::noun).orElse("principal");
    }
  }

  private static List<DeclaredPrincipal> declaredPrincipals(
      JsonNode set, Scope scope, Principals principals) {
    List<DeclaredPrincipal> result = new ArrayList<>();
    for (Principals.Kind principalKind : Principals.Kind.values()) {
      JsonNode list = set.path(principalKind.section);
      for (int position = 0; position < list.size(); position++) {
        JsonNode item = list.get(position);
        String path = principalKind.section + "/" + position;
        if (item.hasNonNull("id")) {
          String id = item.path("id").asText();
          result.add(
              new DeclaredPrincipal(
                  Optional.of(principalKind),
                  item.hasNonNull("name") ? item.path("name").asText() : principals.name(id),
                  Optional.of(id),
                  path));
        } else {
          String name = item.isTextual() ? item.asText() : item.path("name").asText();
          result.add(
              new DeclaredPrincipal(
                  Optional.of(principalKind),
                  name,
                  principals.id(principalKind, name, scope),
                  path));
        }
      }
    }
    JsonNode ids = set.path("ids");
    for (int position = 0; position < ids.size(); position++) {
      JsonNode item = ids.get(position);
      String id = item.isObject() ? item.path("id").asText() : item.asText();
      result.add(
          new DeclaredPrincipal(
              principals.kindOf(id), principals.name(id), Optional.of(id), "ids/" + position));
    }
    return result;
  }

  // ---- cluster policies, grants, workspace conf -----------------------------------------------

  private void clusterPolicies(
      Scope workspace, Declared declared, Modes modes, Principals principals) {
    JsonNode section = declared.root().get("cluster_policies");
    if (section == null || !section.isObject()) {
      return;
    }
    List<Resource> live = index.resources(BaselineKind.CLUSTER_POLICIES.resourceType(), workspace);
    collection(
        workspace,
        BaselineKind.CLUSTER_POLICIES,
        modes.mode(BaselineKind.CLUSTER_POLICIES),
        declared,
        "name",
        "policy_id",
        live,
        this::policyAttributes);
    ManagementMode grantsMode = modes.mode(BaselineKind.CLUSTER_POLICY_PERMISSIONS);
    if (!grantsMode.compared()) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      JsonNode canUse = entry.getValue().get("can_use");
      if (canUse == null) {
        continue;
      }
      JsonNode declaredId = entry.getValue().path("policy_id");
      Optional<Resource> policy =
          live.stream()
              .filter(
                  resource ->
                      declaredId.isTextual()
                          ? resource.id().equals(declaredId.asText())
                          : entry.getKey().equals(resource.attributes().path("name").asText()))
              .findFirst();
      if (policy.isPresent()) {
        grants(
            workspace,
            declared,
            "/cluster_policies/" + escape(entry.getKey()),
            entry.getKey(),
            canUse,
            policy.get(),
            grantsMode,
            principals);
      }
    }
  }

  private void policyAttributes(Item item, Resource policy) {
    attributes(item, policy, Set.of("definition", "can_use"));
    JsonNode declared = item.node().get("definition");
    if (declared == null) {
      return;
    }
    JsonNode expected =
        ClusterPolicyDefinitions.normalise(
            declared.isNull()
                ? null
                : declared.isTextual() ? declared.asText() : declared.toString());
    JsonNode actual = orNull(policy.attributes().get("definition"));
    if (!expected.isObject() || !actual.isObject()) {
      if (!equivalent(expected, actual)) {
        changed(item, policy, "definition", expected, actual, "/definition");
      }
      return;
    }
    Set<String> elements = new TreeSet<>();
    expected.fieldNames().forEachRemaining(elements::add);
    actual.fieldNames().forEachRemaining(elements::add);
    for (String element : elements) {
      JsonNode wanted = expected.get(element);
      JsonNode found = actual.get(element);
      if (!equivalent(wanted, found)) {
        String relative =
            declared.isObject() && declared.has(element)
                ? "/definition/" + escape(element)
                : "/definition";
        changed(item, policy, "definition." + element, wanted, found, relative);
      }
    }
  }

  private void grants(
      Scope workspace,
      Declared declared,
      String policyPointer,
      String policyName,
      JsonNode canUse,
      Resource policy,
      ManagementMode mode,
      Principals principals) {
    BaselineKind kind = BaselineKind.CLUSTER_POLICY_PERMISSIONS;
    String objectId = "/cluster-policies/" + policy.id();
    Map<String, String> wanted = new TreeMap<>();
    for (DeclaredPrincipal principal : declaredPrincipals(canUse, workspace, principals)) {
      Principals.Kind principalKind = principal.principalKind().orElse(Principals.Kind.USER);
      wanted.put(
          principalKind.label
              + ":"
              + principals.aclName(principalKind, principal.name(), workspace),
          policyPointer + "/can_use/" + principal.path());
    }
    Optional<Resource> permissions = index.resource(kind.resourceType(), workspace, objectId);
    ResourceRef ref =
        permissions
            .map(ResourceRef::of)
            .orElse(new ResourceRef(kind.resourceType(), workspace, objectId));
    Map<String, String> found = new TreeMap<>();
    permissions.ifPresent(
        resource -> {
          for (JsonNode grant : resource.attributes().path("access_control")) {
            for (Principals.Kind principalKind : Principals.Kind.values()) {
              if (grant.hasNonNull(principalKind.aclField)) {
                found.put(
                    principalKind.label + ":" + grant.path(principalKind.aclField).asText(),
                    grant.path("permission_level").asText());
              }
            }
          }
        });
    boolean complete = permissions.isPresent() || index.complete(workspace, kind.resourceType());
    for (Map.Entry<String, String> grant : wanted.entrySet()) {
      if ("CAN_USE".equals(found.get(grant.getKey()))) {
        continue;
      }
      BaselineDrift.Builder builder =
          BaselineDrift.builder(
                  complete ? BaselineDrift.Kind.MISSING : BaselineDrift.Kind.UNKNOWN,
                  kind.key(),
                  ref)
              .mode(mode.label())
              .live(permissions.isPresent())
              .name(policyName)
              .attribute("access_control." + grant.getKey())
              .expected(NODES.textNode("CAN_USE"))
              .actual(
                  found.containsKey(grant.getKey())
                      ? NODES.textNode(found.get(grant.getKey()))
                      : null)
              .location(Optional.of(declared.location(policyPointer, grant.getValue())));
      if (!complete) {
        builder.reason(index.incompleteReason(workspace, kind.resourceType()));
      }
      facts.add(builder.build());
    }
    for (Map.Entry<String, String> grant : found.entrySet()) {
      if (wanted.containsKey(grant.getKey())) {
        continue;
      }
      facts.add(
          BaselineDrift.builder(unmatchedKind(mode), kind.key(), ref)
              .mode(mode.label())
              .live(true)
              .name(policyName)
              .attribute("access_control." + grant.getKey())
              .actual(NODES.textNode(grant.getValue()))
              .location(Optional.of(declared.location(policyPointer, policyPointer + "/can_use")))
              .build());
    }
  }

  private void workspaceConf(Scope workspace, Declared declared, ManagementMode mode) {
    JsonNode section = declared.root().get("workspace_conf");
    if (!mode.compared() || section == null || !section.isObject()) {
      return;
    }
    BaselineKind kind = BaselineKind.WORKSPACE_CONF;
    String pointer = "/workspace_conf";
    Optional<Resource> live = index.resource(kind.resourceType(), workspace, "_");
    if (live.isEmpty()) {
      missing(
          workspace,
          kind,
          mode,
          new ResourceRef(kind.resourceType(), workspace, "_"),
          "workspace_conf",
          section,
          Optional.of(declared.location(pointer, pointer)),
          builder -> {});
      return;
    }
    Resource conf = live.get();
    JsonNode config = conf.attributes().path("custom_config");
    Item item = new Item(workspace, kind, mode, declared, pointer, "workspace_conf", section);
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      if (entry.getKey().equals(TERRAFORM)) {
        continue;
      }
      JsonNode expected = JsonValues.asTextValue(entry.getValue());
      if (!config.has(entry.getKey()) && WorkspaceConfKeys.ALL.contains(entry.getKey())) {
        // a key plumbline asks for that the snapshot lacks: the API rejected it, its value unknown
        facts.add(
            BaselineDrift.builder(BaselineDrift.Kind.UNKNOWN, kind.key(), ResourceRef.of(conf))
                .mode(mode.label())
                .live(true)
                .name(entry.getKey())
                .attribute("custom_config." + entry.getKey())
                .expected(expected)
                .reason("the workspace-conf API rejected the key: its value is unknown")
                .location(Optional.of(item.location("/" + escape(entry.getKey()))))
                .build());
        continue;
      }
      JsonNode actual = JsonValues.asTextValue(config.get(entry.getKey()));
      if (!equivalent(expected, actual)) {
        facts.add(
            BaselineDrift.builder(BaselineDrift.Kind.CHANGED, kind.key(), ResourceRef.of(conf))
                .mode(mode.label())
                .live(true)
                .name(entry.getKey())
                .attribute("custom_config." + entry.getKey())
                .expected(expected)
                .actual(actual)
                .location(Optional.of(item.location("/" + escape(entry.getKey()))))
                .build());
      }
    }
    for (Map.Entry<String, JsonNode> entry : config.properties()) {
      if (section.has(entry.getKey()) || orNull(entry.getValue()).isNull()) {
        continue;
      }
      facts.add(
          BaselineDrift.builder(unmatchedKind(mode), kind.key(), ResourceRef.of(conf))
              .mode(mode.label())
              .live(true)
              .name(entry.getKey())
              .attribute("custom_config." + entry.getKey())
              .actual(entry.getValue())
              .location(Optional.of(declared.location(pointer, pointer)))
              .build());
    }
  }

  // ---- AWS ------------------------------------------------------------------------------------

  private void compareAws(Scope aws) {
    Declared declared = baselines.aws();
    Modes modes = baselines.awsModes();
    JsonNode roles = declared.root().get("iam_roles");
    if (roles != null && roles.isObject()) {
      collection(
          aws,
          BaselineKind.IAM_ROLES,
          modes.mode(BaselineKind.IAM_ROLES),
          declared,
          "name",
          null,
          index.resources(BaselineKind.IAM_ROLES.resourceType(), aws),
          this::roleAttributes);
    }
    genericKinds(aws, ScopeKind.AWS, modes, declared);
  }

  private void roleAttributes(Item item, Resource role) {
    attributes(item, role, Set.of("assume_role_policy", "inline_policies"));
    JsonNode trust = item.node().get("assume_role_policy");
    if (trust != null) {
      JsonNode expected = policyDocument(trust);
      JsonNode actual = orNull(role.attributes().get("assume_role_policy"));
      if (!equivalent(expected, actual)) {
        changed(item, role, "assume_role_policy", expected, actual, "/assume_role_policy");
      }
    }
    JsonNode inline = item.node().get("inline_policies");
    if (inline == null) {
      return;
    }
    JsonNode live = role.attributes().path("inline_policies");
    Set<String> names = new TreeSet<>();
    inline.fieldNames().forEachRemaining(names::add);
    live.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode declared = inline.get(name);
      JsonNode expected =
          declared == null
              ? null
              : policyDocument(declared.has("policy") ? declared.get("policy") : declared);
      JsonNode actual = live.get(name);
      if (!equivalent(expected, actual)) {
        changed(
            item,
            role,
            "inline_policies." + name,
            expected,
            actual,
            declared == null ? "/inline_policies" : "/inline_policies/" + escape(name));
      }
    }
  }

  /** A declared IAM document (object or JSON text) in the collectors' normal form. */
  private static JsonNode policyDocument(JsonNode declared) {
    JsonNode document = declared;
    if (declared.isTextual()) {
      try {
        document = JSON.readTree(declared.asText());
      } catch (IOException e) {
        return declared;
      }
    }
    return document != null && document.isObject() ? PolicyDocuments.normalize(document) : declared;
  }

  // ---- the generic comparison of keyed collections --------------------------------------------

  /**
   * Every kind of a layer whose declaration says all its comparison needs: items matched by id or
   * name, then compared attribute by attribute.
   */
  private void genericKinds(Scope scope, ScopeKind layer, Modes modes, Declared declared) {
    for (BaselineKind kind : BaselineKind.generic(layer)) {
      generic(scope, kind, modes, declared, kind.itemName(), kind.matchingId());
    }
  }

  private void generic(
      Scope scope,
      BaselineKind kind,
      Modes modes,
      Declared declared,
      String keyAttribute,
      String idAttribute) {
    JsonNode section = declared.root().get(kind.key());
    if (section == null || !section.isObject()) {
      return;
    }
    collection(
        scope,
        kind,
        modes.mode(kind),
        declared,
        keyAttribute,
        idAttribute,
        index.resources(kind.resourceType(), scope).stream().filter(kind::compares).toList(),
        (item, live) -> attributes(item, live, Set.of()));
  }

  /**
   * Compares a declared map (name -> item, the section of {@code kind}) with live resources: a
   * declared item matches the live one with its declared id, else the one whose {@code
   * keyAttribute} is its name; unmatched declared items are missing (or unknown), unmatched live
   * ones extra (exact) or unmanaged (subset).
   */
  private void collection(
      Scope scope,
      BaselineKind kind,
      ManagementMode mode,
      Declared declared,
      String keyAttribute,
      String idAttribute,
      List<Resource> live,
      ItemComparer comparer) {
    JsonNode section = declared.root().get(kind.key());
    if (!mode.compared() || section == null || !section.isObject()) {
      return;
    }
    String sectionPointer = "/" + kind.key();
    Map<String, Resource> byKey = new HashMap<>();
    Map<String, Resource> byId = new HashMap<>();
    for (Resource resource : live) {
      byKey.putIfAbsent(resource.attributes().path(keyAttribute).asText(resource.id()), resource);
      if (idAttribute != null) {
        byId.putIfAbsent(resource.attributes().path(idAttribute).asText(resource.id()), resource);
      }
    }
    Set<Resource> matched = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      String pointer = sectionPointer + "/" + escape(name);
      JsonNode declaredId = idAttribute == null ? null : node.get(idAttribute);
      Resource resource = null;
      if (declaredId != null && declaredId.isValueNode() && !declaredId.isNull()) {
        resource = byId.get(declaredId.asText());
      }
      if (resource == null) {
        resource = byKey.get(name);
      }
      if (resource != null && matched.add(resource)) {
        comparer.compare(new Item(scope, kind, mode, declared, pointer, name, node), resource);
        continue;
      }
      String id =
          declaredId != null && declaredId.isValueNode() && !declaredId.isNull()
              ? declaredId.asText()
              : name;
      missing(
          scope,
          kind,
          mode,
          new ResourceRef(kind.resourceType(), scope, id),
          name,
          node,
          Optional.of(declared.location(pointer, pointer)),
          builder -> {});
    }
    for (Resource resource : live) {
      if (!matched.contains(resource)) {
        unmatched(
            scope,
            kind,
            mode,
            resource,
            resource.attributes().path(keyAttribute).asText(resource.id()),
            Optional.of(declared.location(sectionPointer, sectionPointer)),
            builder -> {});
      }
    }
  }

  /** Every declared attribute but {@code skip} and provenance, compared with live. */
  private void attributes(Item item, Resource live, Set<String> skip) {
    for (Map.Entry<String, JsonNode> field : item.node().properties()) {
      String attribute = field.getKey();
      if (attribute.equals(TERRAFORM) || skip.contains(attribute)) {
        continue;
      }
      compareValue(
          item,
          live,
          attribute,
          field.getValue(),
          live.attributes().get(attribute),
          "/" + escape(attribute));
    }
  }

  /** Lists are sets everywhere a baseline declares one; anything else compares by value. */
  private void compareValue(
      Item item,
      Resource live,
      String attribute,
      JsonNode expected,
      JsonNode actual,
      String relativePointer) {
    JsonNode wanted = expected;
    JsonNode found = orNull(actual);
    if (wanted.isArray()) {
      wanted = JsonValues.setOf(wanted);
      if (found.isArray()) {
        found = JsonValues.setOf(found);
      }
    }
    if (!equivalent(wanted, found)) {
      changed(item, live, attribute, wanted, found, relativePointer);
    }
  }

  // ---- facts ----------------------------------------------------------------------------------

  private void changed(
      Item item,
      Resource live,
      String attribute,
      JsonNode expected,
      JsonNode actual,
      String relativePointer) {
    facts.add(
        BaselineDrift.builder(BaselineDrift.Kind.CHANGED, item.kind().key(), ResourceRef.of(live))
            .mode(item.mode().label())
            .live(true)
            .name(item.name())
            .attribute(attribute)
            .expected(expected)
            .actual(actual)
            .location(Optional.of(item.location(relativePointer)))
            .build());
  }

  /**
   * A declared item that is not there: MISSING when its scope x type was read completely, UNKNOWN
   * otherwise (it may exist; the read that would show it failed or was not made).
   */
  private void missing(
      Scope scope,
      BaselineKind kind,
      ManagementMode mode,
      ResourceRef declaredRef,
      String name,
      JsonNode expected,
      Optional<String> location,
      Consumer<BaselineDrift.Builder> details) {
    boolean complete = index.complete(scope, kind.resourceType());
    BaselineDrift.Builder builder =
        BaselineDrift.builder(
                complete ? BaselineDrift.Kind.MISSING : BaselineDrift.Kind.UNKNOWN,
                kind.key(),
                declaredRef)
            .mode(mode.label())
            .live(false)
            .name(name)
            .expected(expected)
            .location(location);
    if (!complete) {
      builder.reason(index.incompleteReason(scope, kind.resourceType()));
    }
    details.accept(builder);
    facts.add(builder.build());
  }

  /** A live item the baseline does not declare: EXTRA under exact, UNMANAGED under subset. */
  private void unmatched(
      Scope scope,
      BaselineKind kind,
      ManagementMode mode,
      Resource resource,
      String name,
      Optional<String> location,
      Consumer<BaselineDrift.Builder> details) {
    BaselineDrift.Builder builder =
        BaselineDrift.builder(unmatchedKind(mode), kind.key(), ResourceRef.of(resource))
            .mode(mode.label())
            .live(true)
            .name(name)
            .location(location);
    details.accept(builder);
    facts.add(builder.build());
  }

  private static BaselineDrift.Kind unmatchedKind(ManagementMode mode) {
    return mode == ManagementMode.EXACT ? BaselineDrift.Kind.EXTRA : BaselineDrift.Kind.UNMANAGED;
  }

  private static boolean containsText(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return list.isTextual() && value.equals(list.asText());
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String escape(String name) {
    return LocatedDocument.escape(name);
  }
}
