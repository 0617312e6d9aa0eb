package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * What the APIs should serve, worked out from an estate document independently of the emulator's
 * code, and a field comparison that ignores how a value is typed (an SDK enum, a Long, a YAML
 * integer) and compares what it says.
 */
final class EstateExpectations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode document;

  EstateExpectations(JsonNode document) {
    this.document = document;
  }

  static <T> List<T> list(Iterable<T> iterable) {
    return StreamSupport.stream(iterable.spliterator(), false).toList();
  }

  static Map<String, JsonNode> items(JsonNode map) {
    Map<String, JsonNode> result = new LinkedHashMap<>();
    Estate.entries(map).forEach(entry -> result.put(entry.getKey(), entry.getValue()));
    return result;
  }

  /**
   * Asserts that an SDK value says what the estate item's field says: both absent (an empty
   * collection counts as absent), or equal once numbers, booleans and enums are compared as text.
   */
  static void assertField(String context, Object actual, JsonNode item, String field) {
    assertValue(context + " " + field, actual, item.get(field));
  }

  static void assertValue(String context, Object actual, JsonNode expected) {
    JsonNode actualNode = canonical(SandboxClients.JSON.valueToTree(actual));
    JsonNode expectedNode = canonical(expected);
    assertThat(actualNode).as(context).isEqualTo(expectedNode);
  }

  /** Text for every scalar; null, missing and empty containers become null. */
  static JsonNode canonical(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NODES.nullNode();
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        return NODES.nullNode();
      }
      ArrayNode array = NODES.arrayNode();
      node.forEach(element -> array.add(canonical(element)));
      return array;
    }
    if (node.isObject()) {
      if (node.isEmpty()) {
        return NODES.nullNode();
      }
      ObjectNode object = NODES.objectNode();
      node.properties().forEach(entry -> object.set(entry.getKey(), canonical(entry.getValue())));
      return object;
    }
    return NODES.textNode(node.asText());
  }

  static JsonNode orDefault(JsonNode item, String field, String defaultValue) {
    JsonNode value = item.get(field);
    return value == null || value.isNull() ? NODES.textNode(defaultValue) : value;
  }

  static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(element -> result.add(element.asText()));
    return result;
  }

  // ---- estate lookups --------------------------------------------------------------------------

  Map<String, JsonNode> workspaces() {
    return items(document.path("workspaces"));
  }

  JsonNode workspace(String name) {
    return document.path("workspaces").path(name);
  }

  long workspaceId(String name) {
    return workspace(name).path("workspace_id").asLong();
  }

  String userId(String userName) {
    return requiredId("users", userName);
  }

  String groupId(String displayName) {
    return requiredId("groups", displayName);
  }

  String servicePrincipalId(String displayName) {
    return requiredId("service_principals", displayName);
  }

  private String requiredId(String kind, String key) {
    JsonNode item = document.path(kind).path(key);
    assertThat(item.isObject()).as("estate has %s \"%s\"", kind, key).isTrue();
    return item.path("id").asText();
  }

  /** SCIM ids of an account group's (or a workspace group's) direct members. */
  Set<String> memberIds(JsonNode members, Map<String, String> localGroupIds) {
    Set<String> ids = new LinkedHashSet<>();
    members.path("users").forEach(user -> ids.add(userId(user.asText())));
    members
        .path("service_principals")
        .forEach(servicePrincipal -> ids.add(servicePrincipalId(servicePrincipal.asText())));
    for (JsonNode group : members.path("groups")) {
      String name = group.asText();
      ids.add(
          document.path("groups").has(name) ? groupId(name) : requireLocal(localGroupIds, name));
    }
    return ids;
  }

  private static String requireLocal(Map<String, String> localGroupIds, String name) {
    assertThat(localGroupIds).as("local groups").containsKey(name);
    return localGroupIds.get(name);
  }

  Map<String, String> localGroupIds(String workspaceName) {
    Map<String, String> ids = new LinkedHashMap<>();
    items(workspace(workspaceName).path("groups"))
        .forEach((name, item) -> ids.put(name, item.path("id").asText()));
    return ids;
  }

  /** Account groups assigned to a workspace by identity assignment. */
  Set<String> assignedGroups(String workspaceName) {
    Set<String> names = new LinkedHashSet<>();
    workspace(workspaceName)
        .path("permission_assignments")
        .forEach(
            assignment -> {
              if (assignment.has("group")) {
                names.add(assignment.path("group").asText());
              }
            });
    return names;
  }

  /** The principal id an identity assignment is for. */
  String assignedPrincipalId(JsonNode assignment) {
    if (assignment.has("user")) {
      return userId(assignment.path("user").asText());
    }
    if (assignment.has("group")) {
      return groupId(assignment.path("group").asText());
    }
    return servicePrincipalId(assignment.path("service_principal").asText());
  }

  /** userNames a workspace's SCIM API shows, per the estate format's rules. */
  Set<String> visibleUsers(String workspaceName) {
    return visible(workspaceName, "user", "users");
  }

  /** Service principal names (keys) a workspace's SCIM API shows. */
  Set<String> visibleServicePrincipals(String workspaceName) {
    return visible(workspaceName, "service_principal", "service_principals");
  }

  private Set<String> visible(String workspaceName, String assignmentField, String memberField) {
    JsonNode workspace = workspace(workspaceName);
    Set<String> result = new LinkedHashSet<>();
    if (memberField.equals("users")) {
      workspace.path("users").forEach(user -> result.add(user.asText()));
    }
    List<JsonNode> memberLists = new ArrayList<>();
    Set<String> seenGroups = new LinkedHashSet<>();
    for (JsonNode assignment : workspace.path("permission_assignments")) {
      if (assignment.has(assignmentField)) {
        result.add(assignment.path(assignmentField).asText());
      }
      if (assignment.has("group") && seenGroups.add(assignment.path("group").asText())) {
        memberLists.add(
            document.path("groups").path(assignment.path("group").asText()).path("members"));
      }
    }
    items(workspace.path("groups"))
        .values()
        .forEach(group -> memberLists.add(group.path("members")));
    while (!memberLists.isEmpty()) {
      JsonNode members = memberLists.remove(memberLists.size() - 1);
      members.path(memberField).forEach(member -> result.add(member.asText()));
      for (JsonNode group : members.path("groups")) {
        String name = group.asText();
        if (document.path("groups").has(name) && seenGroups.add(name)) {
          memberLists.add(document.path("groups").path(name).path("members"));
        }
      }
    }
    return result;
  }
}
