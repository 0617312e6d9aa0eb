package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Where a resource lives and where a read was made: {@code account:<account id>}, {@code
 * workspace:<workspace id>} or {@code aws:<AWS account id>}.
 */
public record Scope(ScopeKind kind, String id) implements Comparable<Scope> {

  public Scope {
    requireNonNull(kind, "kind is null");
    requireNonNull(id, "id is null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("scope id is blank");
    }
  }

  public static Scope account(String accountId) {
    return new Scope(ScopeKind.ACCOUNT, accountId);
  }

  public static Scope workspace(long workspaceId) {
    return new Scope(ScopeKind.WORKSPACE, Long.toString(workspaceId));
  }

  public static Scope aws(String awsAccountId) {
    return new Scope(ScopeKind.AWS, awsAccountId);
  }

  /** Parses the {@link #toString()} form, e.g. {@code workspace:1000000000000101}. */
  public static Scope parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "invalid scope \"" + text + "\": expected account:<id>, workspace:<id> or aws:<id>");
    }
    String kind = text.substring(0, colon).toUpperCase(Locale.ROOT);
    try {
      return new Scope(ScopeKind.valueOf(kind), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid scope \"" + text + "\": expected account:<id>, workspace:<id> or aws:<id>");
    }
  }

  @Override
  public int compareTo(Scope other) {
    int byKind = kind.compareTo(other.kind);
    return byKind != 0 ? byKind : id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return kind.label() + ":" + id;
  }
}
