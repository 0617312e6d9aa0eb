package io.plumbline.collect.databricks;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Expands group nesting: the users and service principals a group reaches through its member
 * groups, however deep. Databricks forbids membership cycles but a snapshot must not depend on
 * that: each expansion keeps the set of groups it has entered and enters none twice, so a cycle
 * ends the walk instead of looping.
 */
final class GroupGraph {

  enum MemberKind {
    USER("user", "Users/"),
    GROUP("group", "Groups/"),
    SERVICE_PRINCIPAL("service_principal", "ServicePrincipals/"),
    UNKNOWN("unknown", "");

    private final String label;
    private final String referencePrefix;

    MemberKind(String label, String referencePrefix) {
      this.label = label;
      this.referencePrefix = referencePrefix;
    }

    String label() {
      return label;
    }

    /** The kind a SCIM member reference ({@code Users/123}, a URL ending so) names, if any. */
    static MemberKind ofReference(String reference) {
      if (reference == null) {
        return UNKNOWN;
      }
      for (MemberKind kind : values()) {
        if (kind != UNKNOWN
            && (reference.startsWith(kind.referencePrefix)
                || reference.contains("/" + kind.referencePrefix))) {
          return kind;
        }
      }
      return UNKNOWN;
    }
  }

  record Member(String id, MemberKind kind, String display) {
    Member {
      requireNonNull(id, "id is null");
      requireNonNull(kind, "kind is null");
    }
  }

  /** Users and service principals a group reaches, directly or through nested groups. */
  record EffectiveMembers(SortedSet<String> users, SortedSet<String> servicePrincipals) {
    EffectiveMembers {
      users = Collections.unmodifiableSortedSet(new TreeSet<>(users));
      servicePrincipals = Collections.unmodifiableSortedSet(new TreeSet<>(servicePrincipals));
    }
  }

  private GroupGraph() {}

  /**
   * @param directMembers group id -> its direct members; member groups missing from the map are not
   *     expanded (their members are unknown here)
   * @return group id -> effective members, for every group of {@code directMembers}
   */
  static Map<String, EffectiveMembers> expand(Map<String, List<Member>> directMembers) {
    Map<String, EffectiveMembers> result = new TreeMap<>();
    for (String groupId : directMembers.keySet()) {
      result.put(groupId, expandOne(groupId, directMembers));
    }
    return result;
  }

  private static EffectiveMembers expandOne(
      String groupId, Map<String, List<Member>> directMembers) {
    Set<String> users = new TreeSet<>();
    Set<String> servicePrincipals = new TreeSet<>();
    Set<String> entered = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.push(groupId);
    entered.add(groupId);
    while (!pending.isEmpty()) {
      List<Member> members = directMembers.getOrDefault(pending.pop(), List.of());
      for (Member member : members) {
        switch (member.kind()) {
          case USER -> users.add(member.id());
          case SERVICE_PRINCIPAL -> servicePrincipals.add(member.id());
          case GROUP -> {
            if (entered.add(member.id())) {
              pending.push(member.id());
            }
          }
          case UNKNOWN -> {
            // neither a user nor a service principal for certain: left out rather than guessed
          }
        }
      }
    }
    return new EffectiveMembers(new TreeSet<>(users), new TreeSet<>(servicePrincipals));
  }
}
