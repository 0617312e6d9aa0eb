package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether one scope x resource type was read completely. A FAILED read carries its reason; what it
 * did return must not be taken as the whole truth (a read that failed is UNKNOWN, never absent).
 * {@code note} explains a COMPLETE read that is empty for a known reason, e.g. Unity Catalog lists
 * of a workspace with no metastore, or one that lacks some attributes. {@code unknownAttributes}
 * names the attributes (dotted paths, e.g. {@code custom_config.enableWebTerminal}) that a COMPLETE
 * read could not get: every resource is there, but those values are unknown, not unset.
 */
public record Coverage(
    Scope scope,
    String resourceType,
    CoverageStatus status,
    Optional<FailureReason> reason,
    Optional<String> note,
    List<String> unknownAttributes) {

  public static final Comparator<Coverage> ORDER =
      Comparator.comparing(Coverage::scope).thenComparing(Coverage::resourceType);

  public Coverage {
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(status, "status is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(note, "note is null");
    unknownAttributes =
        List.copyOf(new TreeSet<>(requireNonNull(unknownAttributes, "unknownAttributes is null")));
    if (status == CoverageStatus.FAILED && reason.isEmpty()) {
      throw new IllegalArgumentException(
          "a FAILED coverage needs a reason: " + scope + " " + resourceType);
    }
    if (status == CoverageStatus.COMPLETE && reason.isPresent()) {
      throw new IllegalArgumentException(
          "a COMPLETE coverage has no failure reason: " + scope + " " + resourceType);
    }
  }

  public static Coverage complete(Scope scope, String resourceType) {
    return new Coverage(
        scope,
        resourceType,
        CoverageStatus.COMPLETE,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  public static Coverage failed(Scope scope, String resourceType, FailureReason reason) {
    return new Coverage(
        scope,
        resourceType,
        CoverageStatus.FAILED,
        Optional.of(reason),
        Optional.empty(),
        List.of());
  }

  public Coverage withNote(String text) {
    return new Coverage(scope, resourceType, status, reason, Optional.of(text), unknownAttributes);
  }

  public Coverage withUnknownAttributes(List<String> attributes) {
    return new Coverage(scope, resourceType, status, reason, note, attributes);
  }

  public boolean isComplete() {
    return status == CoverageStatus.COMPLETE;
  }
}
