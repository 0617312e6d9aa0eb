package io.plumbline.export.report;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a report says about the snapshot it judged.
 *
 * @param coverageReads how many scope x resource type reads were attempted
 * @param coverageGaps the reads that failed: what they hold is UNKNOWN, not absent
 * @param scopeNames human names of scopes where the snapshot has one (a workspace's name)
 */
public record SnapshotSummary(
    String id,
    Instant takenAt,
    String contentHash,
    int resourceCount,
    int coverageReads,
    List<Coverage> coverageGaps,
    Map<Scope, String> scopeNames) {

  private static final String WORKSPACES = "databricks_mws_workspaces";

  public SnapshotSummary {
    requireNonNull(id, "id is null");
    requireNonNull(takenAt, "takenAt is null");
    requireNonNull(contentHash, "contentHash is null");
    coverageGaps = coverageGaps.stream().sorted(Coverage.ORDER).toList();
    scopeNames = java.util.Collections.unmodifiableMap(new TreeMap<>(scopeNames));
  }

  public static SnapshotSummary of(Snapshot snapshot) {
    Map<Scope, String> names = new TreeMap<>();
    for (Resource workspace : snapshot.resources(WORKSPACES)) {
      String name = workspace.attributes().path("workspace_name").asText("");
      if (!name.isBlank()) {
        names.put(new Scope(io.plumbline.model.ScopeKind.WORKSPACE, workspace.id()), name);
      }
    }
    return new SnapshotSummary(
        snapshot.id(),
        snapshot.takenAt(),
        snapshot.contentHash(),
        snapshot.resources().size(),
        snapshot.coverage().size(),
        snapshot.failedCoverage(),
        names);
  }

  public boolean isComplete() {
    return coverageGaps.isEmpty();
  }

  public Optional<String> name(Scope scope) {
    return Optional.ofNullable(scopeNames.get(scope));
  }

  /** {@code workspace:1000000000000101 (prod)}, or the scope alone when it has no name. */
  public String label(Scope scope) {
    return scope + name(scope).map(name -> " (" + name + ")").orElse("");
  }
}
