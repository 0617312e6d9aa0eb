package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the estate looked like at {@code takenAt}: every resource read, and for every scope x
 * resource type attempted whether the read was complete. {@code contentHash} covers resources and
 * coverage only, so the same estate always hashes the same whenever it is read.
 */
public record Snapshot(
    int schemaVersion,
    String id,
    Instant takenAt,
    String contentHash,
    List<Coverage> coverage,
    List<Resource> resources,
    CollectionStats stats) {

  /**
   * The version plumbline writes. 2: every composite id joins its declared id attributes with
   * {@code |} (version 1 wrote inline role policies as {@code role:name} and policy attachments as
   * {@code role/policy_arn}). docs/snapshot-format.md keeps the history.
   */
  public static final int SCHEMA_VERSION = 2;

  /** The oldest version plumbline still reads (for check, diff and history). */
  public static final int OLDEST_READABLE_SCHEMA_VERSION = 1;

  public Snapshot {
    requireNonNull(id, "id is null");
    requireNonNull(takenAt, "takenAt is null");
    requireNonNull(contentHash, "contentHash is null");
    coverage = coverage.stream().sorted(Coverage.ORDER).toList();
    resources = resources.stream().sorted(Resource.ORDER).toList();
    requireNonNull(stats, "stats is null");
  }

  public boolean isComplete() {
    return coverage.stream().allMatch(Coverage::isComplete);
  }

  public List<Coverage> failedCoverage() {
    return coverage.stream().filter(entry -> !entry.isComplete()).toList();
  }

  public Optional<Coverage> coverage(Scope scope, String resourceType) {
    return coverage.stream()
        .filter(entry -> entry.scope().equals(scope) && entry.resourceType().equals(resourceType))
        .findFirst();
  }

  public List<Resource> resources(String type) {
    return resources.stream().filter(resource -> resource.type().equals(type)).toList();
  }

  public Map<String, Long> countsByType() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    resources.forEach(resource -> counts.merge(resource.type(), 1L, Long::sum));
    return counts;
  }
}
