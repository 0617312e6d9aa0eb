package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.sandbox.Estate.Principal;
import io.plumbline.sandbox.Estate.PrincipalKind;
import java.util.Map;
import java.util.Optional;

/** SCIM 2.0 resource shapes of users, groups and service principals. */
final class Scim {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Scim() {}

  static String singular(PrincipalKind kind) {
    return switch (kind) {
      case USER -> "User";
      case GROUP -> "Group";
      case SERVICE_PRINCIPAL -> "ServicePrincipal";
    };
  }

  /**
   * An account principal as a SCIM resource. {@code includeMembers} is false for the account list,
   * which stopped returning members; local group ids resolve workspace group members.
   */
  static ObjectNode principal(
      Estate estate, Principal principal, String resourceType, boolean includeMembers) {
    JsonNode item = principal.item();
    ObjectNode body = NODES.objectNode();
    body.putArray("schemas")
        .add("urn:ietf:params:scim:schemas:core:2.0:" + singular(principal.kind()));
    body.put("id", principal.id());
    switch (principal.kind()) {
      case USER -> {
        body.put("userName", principal.name());
        body.put("displayName", item.path("displayName").asText(principal.name()));
        body.put("active", item.path("active").asBoolean(true));
        ArrayNode emails = body.putArray("emails");
        JsonNode declared = item.path("emails");
        if (declared.isArray() && !declared.isEmpty()) {
          declared.forEach(email -> emails.add(email(email.asText(), emails.isEmpty())));
        } else {
          emails.add(email(principal.name(), true));
        }
        putName(body, item);
      }
      case GROUP -> {
        body.put("displayName", principal.name());
        if (includeMembers) {
          body.set("members", members(estate, item.path("members"), Map.of()));
        }
      }
      case SERVICE_PRINCIPAL -> {
        body.set("applicationId", item.path("applicationId"));
        body.put("displayName", principal.name());
        body.put("active", item.path("active").asBoolean(true));
      }
    }
    if (item.hasNonNull("externalId")) {
      body.set("externalId", item.path("externalId"));
    }
    putValues(body, "roles", item.path("roles"));
    putValues(body, "entitlements", item.path("entitlements"));
    body.putObject("meta")
        .put("resourceType", resourceType.isEmpty() ? singular(principal.kind()) : resourceType);
    return body;
  }

  /** A workspace-local group (meta.resourceType WorkspaceGroup). */
  static ObjectNode localGroup(
      Estate estate, String name, JsonNode item, Map<String, String> localGroupIds) {
    ObjectNode body = NODES.objectNode();
    body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
    body.set("id", item.path("id"));
    body.put("displayName", name);
    body.set("members", members(estate, item.path("members"), localGroupIds));
    putValues(body, "roles", item.path("roles"));
    putValues(body, "entitlements", item.path("entitlements"));
    body.putObject("meta").put("resourceType", "WorkspaceGroup");
    return body;
  }

  /** Member references by key resolved to {@code {value, display, $ref}}. */
  static ArrayNode members(Estate estate, JsonNode members, Map<String, String> localGroupIds) {
    ArrayNode result = NODES.arrayNode();
    for (JsonNode name : members.path("users")) {
      addMember(result, estate.accountPrincipalByName(PrincipalKind.USER, name.asText()), "Users");
    }
    for (JsonNode name : members.path("groups")) {
      Optional<Principal> group = estate.accountPrincipalByName(PrincipalKind.GROUP, name.asText());
      if (group.isPresent()) {
        addMember(result, group, "Groups");
      } else if (localGroupIds.containsKey(name.asText())) {
        ObjectNode member = result.addObject();
        member.put("value", localGroupIds.get(name.asText()));
        member.put("display", name.asText());
        member.put("$ref", "Groups/" + localGroupIds.get(name.asText()));
      }
    }
    for (JsonNode name : members.path("service_principals")) {
      addMember(
          result,
          estate.accountPrincipalByName(PrincipalKind.SERVICE_PRINCIPAL, name.asText()),
          "ServicePrincipals");
    }
    return result;
  }

  private static void addMember(ArrayNode result, Optional<Principal> principal, String resource) {
    principal.ifPresent(
        found -> {
          ObjectNode member = result.addObject();
          member.put("value", found.id());
          member.put(
              "display",
              found.kind() == PrincipalKind.USER
                  ? found.item().path("displayName").asText(found.name())
                  : found.name());
          member.put("$ref", resource + "/" + found.id());
        });
  }

  private static ObjectNode email(String address, boolean primary) {
    ObjectNode email = NODES.objectNode();
    email.put("value", address);
    email.put("type", "work");
    email.put("primary", primary);
    return email;
  }

  private static void putName(ObjectNode body, JsonNode item) {
    String displayName = item.path("displayName").asText("");
    int space = displayName.indexOf(' ');
    if (space > 0) {
      ObjectNode name = body.putObject("name");
      name.put("givenName", displayName.substring(0, space));
      name.put("familyName", displayName.substring(space + 1));
    }
  }

  private static void putValues(ObjectNode body, String field, JsonNode values) {
    if (values.isArray() && !values.isEmpty()) {
      ArrayNode array = body.putArray(field);
      values.forEach(value -> array.addObject().put("value", value.asText()));
    }
  }
}
