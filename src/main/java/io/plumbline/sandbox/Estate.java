package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated estate document (live state, drift applied) with the lookups the emulated APIs need.
 * The document is never modified: a patch produces a new {@code Estate}.
 */
public final class Estate {

  private final JsonNode document;
  private final Map<Long, Workspace> workspacesById = new LinkedHashMap<>();
  private final Map<String, Principal> accountPrincipalsById = new HashMap<>();
  private final Map<String, String> userIdByName = new HashMap<>();
  private final Map<String, String> groupIdByName = new HashMap<>();
  private final Map<String, String> servicePrincipalIdByName = new HashMap<>();
  private final Map<String, JsonNode> metastoresById = new LinkedHashMap<>();
  private final Map<Long, VisiblePrincipals> visibleByWorkspace = new ConcurrentHashMap<>();

  /** Account users and service principals (by key) a workspace's SCIM API shows. */
  public record VisiblePrincipals(Set<String> users, Set<String> servicePrincipals) {
    public VisiblePrincipals {
      users = Collections.unmodifiableSet(new LinkedHashSet<>(users));
      servicePrincipals = Collections.unmodifiableSet(new LinkedHashSet<>(servicePrincipals));
    }
  }

  /** A user, group or service principal of the account: its kind, key (name) and item. */
  public record Principal(PrincipalKind kind, String name, JsonNode item) {
    public Principal {
      requireNonNull(kind, "kind is null");
      requireNonNull(name, "name is null");
      requireNonNull(item, "item is null");
    }

    public String id() {
      return item.path("id").asText();
    }
  }

  public enum PrincipalKind {
    USER("users", "Users"),
    GROUP("groups", "Groups"),
    SERVICE_PRINCIPAL("service_principals", "ServicePrincipals");

    private final String estateKey;
    private final String scimResource;

    PrincipalKind(String estateKey, String scimResource) {
      this.estateKey = estateKey;
      this.scimResource = scimResource;
    }

    public String estateKey() {
      return estateKey;
    }

    public String scimResource() {
      return scimResource;
    }
  }

  public record Workspace(long id, String name, JsonNode item) {
    public Workspace {
      requireNonNull(name, "name is null");
      requireNonNull(item, "item is null");
    }
  }

  Estate(JsonNode document) {
    this.document = requireNonNull(document, "document is null");
    for (Map.Entry<String, JsonNode> entry : entries(document.path("workspaces"))) {
      long id = entry.getValue().path("workspace_id").asLong();
      workspacesById.put(id, new Workspace(id, entry.getKey(), entry.getValue()));
    }
    index(PrincipalKind.USER, userIdByName);
    index(PrincipalKind.GROUP, groupIdByName);
    index(PrincipalKind.SERVICE_PRINCIPAL, servicePrincipalIdByName);
    for (Map.Entry<String, JsonNode> entry : entries(document.path("metastores"))) {
      metastoresById.put(entry.getValue().path("metastore_id").asText(), entry.getValue());
    }
  }

  private void index(PrincipalKind kind, Map<String, String> idByName) {
    for (Map.Entry<String, JsonNode> entry : entries(document.path(kind.estateKey()))) {
      Principal principal = new Principal(kind, entry.getKey(), entry.getValue());
      accountPrincipalsById.put(principal.id(), principal);
      idByName.put(entry.getKey(), principal.id());
    }
  }

  /** The fields of an object node in document order; empty for anything else. */
  public static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
    if (node == null || !node.isObject()) {
      return List.of();
    }
    List<Map.Entry<String, JsonNode>> result = new ArrayList<>(node.size());
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      result.add(fields.next());
    }
    return result;
  }

  public JsonNode document() {
    return document;
  }

  public String accountId() {
    return document.path("account").path("account_id").asText();
  }

  public String token() {
    return document.path("account").path("token").asText();
  }

  public List<Workspace> workspaces() {
    return List.copyOf(workspacesById.values());
  }

  public Optional<Workspace> workspace(long id) {
    return Optional.ofNullable(workspacesById.get(id));
  }

  public Optional<JsonNode> metastore(String id) {
    return Optional.ofNullable(metastoresById.get(id));
  }

  public List<Principal> accountPrincipals(PrincipalKind kind) {
    List<Principal> result = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : entries(document.path(kind.estateKey()))) {
      result.add(new Principal(kind, entry.getKey(), entry.getValue()));
    }
    return result;
  }

  public Optional<Principal> accountPrincipal(PrincipalKind kind, String id) {
    Principal principal = accountPrincipalsById.get(id);
    return principal != null && principal.kind() == kind
        ? Optional.of(principal)
        : Optional.empty();
  }

  /** The account principal of a kind with the given key (userName, group or SP name). */
  public Optional<Principal> accountPrincipalByName(PrincipalKind kind, String name) {
    String id =
        switch (kind) {
          case USER -> userIdByName.get(name);
          case GROUP -> groupIdByName.get(name);
          case SERVICE_PRINCIPAL -> servicePrincipalIdByName.get(name);
        };
    return id == null ? Optional.empty() : Optional.ofNullable(accountPrincipalsById.get(id));
  }

  /**
   * Principals visible through a workspace's SCIM API: users listed in the workspace, those
   * assigned to it directly, and members (transitively) of groups assigned to it or of its local
   * groups.
   */
  public VisiblePrincipals visiblePrincipals(Workspace workspace) {
    return visibleByWorkspace.computeIfAbsent(workspace.id(), id -> computeVisible(workspace));
  }

  private VisiblePrincipals computeVisible(Workspace workspace) {
    Set<String> users = new LinkedHashSet<>();
    Set<String> servicePrincipals = new LinkedHashSet<>();
    workspace.item().path("users").forEach(user -> users.add(user.asText()));
    Set<String> seenGroups = new LinkedHashSet<>();
    List<JsonNode> pendingMemberLists = new ArrayList<>();
    for (JsonNode assignment : workspace.item().path("permission_assignments")) {
      if (assignment.has("user")) {
        users.add(assignment.path("user").asText());
      } else if (assignment.has("service_principal")) {
        servicePrincipals.add(assignment.path("service_principal").asText());
      } else if (assignment.has("group")) {
        enqueueAccountGroup(assignment.path("group").asText(), seenGroups, pendingMemberLists);
      }
    }
    for (Map.Entry<String, JsonNode> local : entries(workspace.item().path("groups"))) {
      pendingMemberLists.add(local.getValue().path("members"));
    }
    while (!pendingMemberLists.isEmpty()) {
      JsonNode members = pendingMemberLists.remove(pendingMemberLists.size() - 1);
      members.path("users").forEach(user -> users.add(user.asText()));
      members
          .path("service_principals")
          .forEach(servicePrincipal -> servicePrincipals.add(servicePrincipal.asText()));
      for (JsonNode group : members.path("groups")) {
        enqueueAccountGroup(group.asText(), seenGroups, pendingMemberLists);
      }
    }
    return new VisiblePrincipals(users, servicePrincipals);
  }

  private void enqueueAccountGroup(String name, Set<String> seen, List<JsonNode> pending) {
    if (seen.add(name)) {
      JsonNode group = document.path("groups").path(name);
      if (!group.isMissingNode()) {
        pending.add(group.path("members"));
      }
    }
  }
}
