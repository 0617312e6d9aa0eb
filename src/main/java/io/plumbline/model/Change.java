package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One resource that differs between two snapshots.
 *
 * @param attributes the attributes that differ (CHANGED only; empty otherwise)
 * @param reason why an UNKNOWN change cannot be told (the failed read), empty otherwise
 */
public record Change(
    ChangeKind kind,
    String resourceType,
    Scope scope,
    String resourceId,
    List<AttributeChange> attributes,
    Optional<String> reason) {

  public static final Comparator<Change> ORDER =
      Comparator.comparing(Change::resourceType)
          .thenComparing(Change::scope)
          .thenComparing(Change::resourceId);

  public Change {
    requireNonNull(kind, "kind is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceId, "resourceId is null");
    attributes = List.copyOf(attributes);
    requireNonNull(reason, "reason is null");
  }

  /** "type scope id", as in {@link Resource#address()}. */
  public String resourceAddress() {
    return resourceType + " " + scope + " " + resourceId;
  }
}
