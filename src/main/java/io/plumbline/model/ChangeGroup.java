package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Changes that share a cause: the same kind of change to the same resource type, with the same
 * attribute changes (path, before and after), in several places.
 *
 * @param cause a stable key for the cause, for grouping alerts and de-duplicating rows
 * @param summary one line a person reads, e.g. "enableIpAccessLists true -> false"
 * @param attributes the shared attribute changes (empty for added, removed and unknown)
 * @param places the changes themselves, one per resource
 */
public record ChangeGroup(
    String cause,
    ChangeKind kind,
    String resourceType,
    String summary,
    List<AttributeChange> attributes,
    List<Change> places) {

  public ChangeGroup {
    requireNonNull(cause, "cause is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(summary, "summary is null");
    attributes = List.copyOf(attributes);
    places = List.copyOf(places);
  }
}
