package io.plumbline.collect.databricks;

import static io.plumbline.collect.databricks.Json.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.databricks.GroupGraph.EffectiveMembers;
import io.plumbline.collect.databricks.GroupGraph.Member;
import io.plumbline.collect.databricks.GroupGraph.MemberKind;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SCIM users, service principals and groups (account or workspace) as resources. Multi-valued
 * attributes become sorted lists of their values; a principal is {@code scim_provisioned} when its
 * identity provider set an {@code externalId}.
 */
final class Identities {

  private static final String WORKSPACE_GROUP = "WorkspaceGroup";

  private Identities() {}

  static Resource user(Scope scope, JsonNode user) throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    attributes.set("user_id", Json.field(user, "id"));
    attributes.set("user_name", Json.field(user, "userName"));
    attributes.set("display_name", Json.field(user, "displayName"));
    attributes.set("active", Json.field(user, "active"));
    externalId(user, attributes);
    attributes.set("emails", Json.sortedValues(user.path("emails")));
    attributes.set("roles", Json.sortedValues(user.path("roles")));
    attributes.set("entitlements", Json.sortedValues(user.path("entitlements")));
    return new Resource(ResourceTypes.USER, requiredId(user, "user"), scope, attributes);
  }

  static Resource servicePrincipal(Scope scope, JsonNode servicePrincipal) throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    attributes.set("service_principal_id", Json.field(servicePrincipal, "id"));
    attributes.set("application_id", Json.field(servicePrincipal, "applicationId"));
    attributes.set("display_name", Json.field(servicePrincipal, "displayName"));
    attributes.set("active", Json.field(servicePrincipal, "active"));
    externalId(servicePrincipal, attributes);
    attributes.set("roles", Json.sortedValues(servicePrincipal.path("roles")));
    attributes.set("entitlements", Json.sortedValues(servicePrincipal.path("entitlements")));
    return new Resource(
        ResourceTypes.SERVICE_PRINCIPAL,
        requiredId(servicePrincipal, "service principal"),
        scope,
        attributes);
  }

  /** The direct members of a SCIM group; a reference-less member is a group if it is one. */
  static List<Member> members(JsonNode group, Set<String> knownGroupIds) {
    List<Member> members = new ArrayList<>();
    for (JsonNode member : group.path("members")) {
      String id = Json.text(member, "value");
      if (id == null) {
        continue;
      }
      MemberKind kind = MemberKind.ofReference(Json.text(member, "$ref"));
      if (kind == MemberKind.UNKNOWN && knownGroupIds.contains(id)) {
        kind = MemberKind.GROUP;
      }
      members.add(new Member(id, kind, Json.text(member, "display")));
    }
    members.sort(Comparator.comparing(Member::id));
    return members;
  }

  /**
   * A group with its direct members by kind; {@code effective} adds the users and service
   * principals it reaches through nested groups (account groups); {@code workspaceLevel} adds
   * whether the group is local to the workspace rather than an account group assigned to it.
   */
  static Resource group(
      Scope scope,
      JsonNode group,
      List<Member> members,
      Optional<EffectiveMembers> effective,
      boolean workspaceLevel)
      throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    attributes.set("group_id", Json.field(group, "id"));
    attributes.set("display_name", Json.field(group, "displayName"));
    externalId(group, attributes);
    attributes.set("roles", Json.sortedValues(group.path("roles")));
    attributes.set("entitlements", Json.sortedValues(group.path("entitlements")));
    attributes.set("members", membersByKind(members));
    effective.ifPresent(
        reached -> {
          ObjectNode node = attributes.putObject("effective_members");
          node.set("service_principals", Json.array(reached.servicePrincipals()));
          node.set("users", Json.array(reached.users()));
        });
    if (workspaceLevel) {
      attributes.put(
          "workspace_local",
          WORKSPACE_GROUP.equals(group.path("meta").path("resourceType").asText()));
    }
    return new Resource(ResourceTypes.GROUP, requiredId(group, "group"), scope, attributes);
  }

  static List<Resource> groupMembers(Scope scope, JsonNode group, List<Member> members)
      throws ReadException {
    String groupId = requiredId(group, "group");
    List<Resource> resources = new ArrayList<>();
    for (Member member : members) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("group_id", groupId);
      attributes.set("group_display_name", Json.field(group, "displayName"));
      attributes.put("member_id", member.id());
      attributes.put("member_kind", member.kind().label());
      attributes.put("member_display", member.display());
      resources.add(
          new Resource(ResourceTypes.GROUP_MEMBER, groupId + "|" + member.id(), scope, attributes));
    }
    return resources;
  }

  private static ObjectNode membersByKind(List<Member> members) {
    Map<MemberKind, Set<String>> byKind = new TreeMap<>();
    for (MemberKind kind :
        List.of(MemberKind.GROUP, MemberKind.SERVICE_PRINCIPAL, MemberKind.USER)) {
      byKind.put(kind, new TreeSet<>());
    }
    for (Member member : members) {
      byKind.computeIfAbsent(member.kind(), kind -> new TreeSet<>()).add(member.id());
    }
    ObjectNode node = NODES.objectNode();
    byKind.forEach(
        (kind, ids) -> {
          // "unknown" appears only when a member could not be classified
          if (kind != MemberKind.UNKNOWN || !ids.isEmpty()) {
            ArrayNode array = node.putArray(kind == MemberKind.UNKNOWN ? "other" : plural(kind));
            ids.forEach(array::add);
          }
        });
    return node;
  }

  private static String plural(MemberKind kind) {
    return kind.label() + "s";
  }

  private static void externalId(JsonNode principal, ObjectNode attributes) {
    String externalId = Json.text(principal, "externalId");
    if (externalId != null && externalId.isBlank()) {
      externalId = null;
    }
    attributes.put("external_id", externalId);
    attributes.put("scim_provisioned", externalId != null);
  }

  private static String requiredId(JsonNode principal, String what) throws ReadException {
    String id = Json.text(principal, "id");
    if (id == null || id.isBlank()) {
      throw SdkCalls.malformed("the SCIM API returned a " + what + " without an id");
    }
    return id;
  }
}
