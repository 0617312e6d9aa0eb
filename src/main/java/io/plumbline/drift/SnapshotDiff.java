package io.plumbline.drift;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Coverage;
import io.plumbline.model.Drift;
import io.plumbline.model.NormalForm;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What changed between two snapshots of an estate. Pure: no I/O, no clock.
 *
 * <p>Resources are matched by (type, scope, id) with one merge-join over the two snapshots'
 * resource lists, which {@link Snapshot} keeps in {@link Resource#ORDER}. Each resource gives at
 * most one {@link Change}:
 *
 * <ul>
 *   <li><b>in both</b>: CHANGED when its attributes differ by meaning (see {@link SemanticJson}),
 *       with one {@link AttributeChange} per differing leaf (JSON Pointer, before, after; an array
 *       is a set and differs as a whole). Coverage plays no part: what a read returned is there, a
 *       failed read only makes <em>absence</em> unknowable.
 *   <li><b>only before</b>: REMOVED when the second scan read that scope and type completely. If
 *       that read FAILED, UNKNOWN (the reason names the read and its failure). If the second scan
 *       has no coverage row for it: REMOVED when the resource's workspace is provably gone (the
 *       workspace list of its account, {@code databricks_mws_workspaces}, was read completely and
 *       no longer has it), UNKNOWN otherwise (the workspace was not running, not targeted, its
 *       account's workspace list failed, or the type was not read at all).
 *   <li><b>only after</b>: the mirror image. ADDED when the first scan read that scope and type
 *       completely, or the scope is a workspace that provably did not exist then (its account's
 *       workspace list was read completely in the first scan without it): a new workspace's
 *       resources are added. UNKNOWN when the first scan's read failed or was not made for another
 *       reason.
 * </ul>
 *
 * <p>Two cases are decided by what is known rather than by the simpler rule "ADDED when the second
 * read is complete and the first is complete or absent". A resource that a FAILED read of the
 * second scan still returned (a read of several calls keeps what its successful calls returned) is
 * there, so it is ADDED if the first scan provably lacked it; requiring the second read to be
 * complete would turn a known addition into UNKNOWN for no reason. And a scope the first scan has
 * no coverage for is not taken as new unless the workspace list proves it: a first scan whose
 * workspace list failed, or that targeted fewer workspaces, would otherwise report every resource
 * of every workspace as added, which is the alert storm the coverage invariant exists to prevent.
 *
 * <p>Volatile attributes, which change when an estate is used rather than when it is changed, are
 * not compared (those the catalogue declares volatile). Changes are then grouped by cause ({@link
 * ChangeGroups}).
 */
public final class SnapshotDiff {

  /** The account-level resource type whose resources are the account's workspaces. */
  static final String WORKSPACES = ResourceCatalogue.MWS_WORKSPACES.name();

  /**
   * Top-level attributes left out of the comparison, by resource type: those the catalogue declares
   * volatile (a token's {@code last_used_day}, an IAM role's {@code role_last_used}). They record
   * use, not configuration: compared, every active token and role would drift on every scan and
   * bury the changes someone made. Rules still see them in the snapshot.
   */
  private static Set<String> volatileAttributes(String type) {
    return ResourceCatalogue.find(type).map(ResourceType::volatileAttributes).orElse(Set.of());
  }

  /** Attributes compared in a normal form (cluster policy definitions), by resource type. */
  private static Map<String, NormalForm> normalForms(String type) {
    return ResourceCatalogue.find(type).map(ResourceType::normalForms).orElse(Map.of());
  }

  private final Side before;
  private final Side after;
  private final List<Change> changes = new ArrayList<>();

  private SnapshotDiff(Snapshot before, Snapshot after) {
    this.before = new Side(before, "first");
    this.after = new Side(after, "second");
  }

  /** The drift from {@code before} to {@code after}: every change, and the changes by cause. */
  public static Drift compare(Snapshot before, Snapshot after) {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
    SnapshotDiff diff = new SnapshotDiff(before, after);
    diff.mergeJoin();
    return new Drift(before.id(), after.id(), diff.changes, ChangeGroups.of(diff.changes));
  }

  /**
   * The attribute changes between two versions of one resource of type {@code type}, volatile
   * attributes left out; empty when they mean the same.
   */
  public static List<AttributeChange> attributeChanges(
      String type, ObjectNode before, ObjectNode after) {
    requireNonNull(type, "type is null");
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
    if (before.equals(after)) {
      return List.of();
    }
    Set<String> ignored = volatileAttributes(type);
    Map<String, NormalForm> forms = normalForms(type);
    TreeSet<String> names = new TreeSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    List<AttributeChange> changes = new ArrayList<>();
    for (String name : names) {
      if (ignored.contains(name)) {
        continue;
      }
      JsonNode left = before.get(name);
      JsonNode right = after.get(name);
      NormalForm form = forms.get(name);
      if (form != null) {
        left = normalised(form, left);
        right = normalised(form, right);
      }
      SemanticJson.diff("/" + LocatedDocument.escape(name), left, right, changes);
    }
    return changes;
  }

  /**
   * A value in its declared normal form whether it was stored as text (the API's form, an older
   * snapshot) or as a document: the normal form also folds what the value's language treats alike
   * (a one-value allowlist is a fixed value, {@code "hidden": false} is the default).
   */
  private static JsonNode normalised(NormalForm form, JsonNode value) {
    if (value == null || !(value.isTextual() || value.isObject())) {
      return value;
    }
    return form.normalise(value);
  }

  private void mergeJoin() {
    List<Resource> left = before.snapshot.resources();
    List<Resource> right = after.snapshot.resources();
    int leftIndex = 0;
    int rightIndex = 0;
    while (leftIndex < left.size() || rightIndex < right.size()) {
      int order;
      if (rightIndex == right.size()) {
        order = -1;
      } else if (leftIndex == left.size()) {
        order = 1;
      } else {
        order = compare(left.get(leftIndex), right.get(rightIndex));
      }
      if (order < 0) {
        onlyBefore(left.get(leftIndex++));
      } else if (order > 0) {
        onlyAfter(right.get(rightIndex++));
      } else {
        inBoth(left.get(leftIndex++), right.get(rightIndex++));
      }
    }
  }

  /**
   * {@link Resource#ORDER}, spelled out: the join makes a comparison per resource, and the composed
   * comparator's lambdas were a tenth of the diff's time.
   */
  private static int compare(Resource left, Resource right) {
    int byType = left.type().compareTo(right.type());
    if (byType != 0) {
      return byType;
    }
    int byScope = left.scope().compareTo(right.scope());
    return byScope != 0 ? byScope : left.id().compareTo(right.id());
  }

  private void inBoth(Resource old, Resource current) {
    List<AttributeChange> attributes =
        attributeChanges(old.type(), old.attributes(), current.attributes());
    Set<String> unknown = new HashSet<>();
    unknown.addAll(before.unknownAttributePointers(old.scope(), old.type()));
    unknown.addAll(after.unknownAttributePointers(current.scope(), current.type()));
    if (!unknown.isEmpty()) {
      // a value the API would not give in one of the scans has not changed as far as anyone knows
      attributes =
          attributes.stream()
              .filter(
                  change ->
                      unknown.stream()
                          .noneMatch(
                              pointer ->
                                  change.path().equals(pointer)
                                      || change.path().startsWith(pointer + "/")))
              .toList();
    }
    if (!attributes.isEmpty()) {
      changes.add(change(ChangeKind.CHANGED, current, attributes, Optional.empty()));
    }
  }

  private void onlyBefore(Resource resource) {
    Optional<String> unknowable = absenceUnknowable(after, before, resource);
    changes.add(
        change(
            unknowable.isPresent() ? ChangeKind.UNKNOWN : ChangeKind.REMOVED,
            resource,
            List.of(),
            unknowable));
  }

  private void onlyAfter(Resource resource) {
    Optional<String> unknowable = absenceUnknowable(before, after, resource);
    changes.add(
        change(
            unknowable.isPresent() ? ChangeKind.UNKNOWN : ChangeKind.ADDED,
            resource,
            List.of(),
            unknowable));
  }

  /**
   * Why the absence of {@code resource} from {@code absentFrom} cannot be trusted, or empty when it
   * can: the scan read its scope and type completely, or its workspace provably did not exist.
   */
  private static Optional<String> absenceUnknowable(
      Side absentFrom, Side presentIn, Resource resource) {
    Scope scope = resource.scope();
    String type = resource.type();
    Optional<Coverage> coverage = absentFrom.coverage(scope, type);
    if (coverage.isPresent()) {
      Coverage read = coverage.get();
      if (read.isComplete()) {
        return Optional.empty();
      }
      return Optional.of(
          "the "
              + absentFrom.name
              + " scan's read of "
              + type
              + " in "
              + scope
              + " failed: "
              + read.reason().map(Object::toString).orElse("no reason recorded"));
    }
    if (scope.kind() == ScopeKind.WORKSPACE) {
      WorkspaceAbsence absence = absentFrom.workspaceAbsence(scope, presentIn);
      if (absence.proven()) {
        return Optional.empty();
      }
      if (absentFrom.scopesRead.contains(scope)) {
        return Optional.of(
            type + " was not read in " + scope + " in the " + absentFrom.name + " scan");
      }
      return Optional.of(
          scope + " was not read in the " + absentFrom.name + " scan" + absence.explanation());
    }
    if (absentFrom.scopesRead.contains(scope)) {
      return Optional.of(
          type + " was not read in " + scope + " in the " + absentFrom.name + " scan");
    }
    return Optional.of(scope + " was not read in the " + absentFrom.name + " scan");
  }

  private static Change change(
      ChangeKind kind,
      Resource resource,
      List<AttributeChange> attributes,
      Optional<String> reason) {
    return new Change(kind, resource.type(), resource.scope(), resource.id(), attributes, reason);
  }

  /** Whether a workspace provably was not in a snapshot and, if not proven, why. */
  private record WorkspaceAbsence(boolean proven, String explanation) {}

  private record CoverageKey(Scope scope, String type) {}

  /** One snapshot, indexed once: coverage by (scope, type) and its accounts' workspace lists. */
  private static final class Side {

    private final Snapshot snapshot;
    private final String name;
    private final Map<CoverageKey, Coverage> coverage = new HashMap<>();
    private final Set<Scope> scopesRead = new HashSet<>();

    /** Workspace id -> the workspace resources that list it (one per account that does). */
    private final Map<String, List<Resource>> workspaceListings = new HashMap<>();

    Side(Snapshot snapshot, String name) {
      this.snapshot = snapshot;
      this.name = name;
      for (Coverage row : snapshot.coverage()) {
        coverage.put(new CoverageKey(row.scope(), row.resourceType()), row);
        scopesRead.add(row.scope());
      }
      // resources are sorted by type first: the workspaces are one run, found by bisection rather
      // than by a pass over every resource (a quarter of the diff's time at 200 workspaces)
      List<Resource> resources = snapshot.resources();
      int low = 0;
      int high = resources.size();
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (resources.get(middle).type().compareTo(WORKSPACES) < 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      for (int index = low;
          index < resources.size() && resources.get(index).type().equals(WORKSPACES);
          index++) {
        Resource workspace = resources.get(index);
        workspaceListings.computeIfAbsent(workspace.id(), id -> new ArrayList<>()).add(workspace);
      }
    }

    /** The coverage's unknown attributes of a scope x type, as JSON Pointers. */
    List<String> unknownAttributePointers(Scope scope, String type) {
      Coverage row = coverage.get(new CoverageKey(scope, type));
      if (row == null) {
        return List.of();
      }
      return row.unknownAttributes().stream()
          .map(
              attribute ->
                  Arrays.stream(attribute.split("\\."))
                      .map(LocatedDocument::escape)
                      .collect(Collectors.joining("/", "/", "")))
          .toList();
    }

    Optional<Coverage> coverage(Scope scope, String type) {
      return Optional.ofNullable(coverage.get(new CoverageKey(scope, type)));
    }

    /**
     * Whether workspace {@code workspace} provably did not exist when this snapshot was taken: the
     * account that has it ({@code other} says which) listed its workspaces completely here, and the
     * list lacks it. When {@code other} does not list it either, every account this snapshot read
     * the workspace list of must have read it completely.
     */
    WorkspaceAbsence workspaceAbsence(Scope workspace, Side other) {
      List<Resource> listedHere = workspaceListings.getOrDefault(workspace.id(), List.of());
      if (!listedHere.isEmpty()) {
        Resource listing = listedHere.get(0);
        JsonNode status = listing.attributes().get("workspace_status");
        return new WorkspaceAbsence(
            false,
            status != null && status.isTextual() && !status.asText().equals("RUNNING")
                ? ": the workspace was " + status.asText()
                : ": the workspace is listed in "
                    + listing.scope()
                    + " but was not among the workspaces scanned");
      }
      Set<Scope> accounts = new TreeSet<>();
      other
          .workspaceListings
          .getOrDefault(workspace.id(), List.of())
          .forEach(listing -> accounts.add(listing.scope()));
      if (accounts.isEmpty()) {
        coverage.values().stream()
            .filter(row -> row.resourceType().equals(WORKSPACES))
            .forEach(row -> accounts.add(row.scope()));
      }
      if (accounts.isEmpty()) {
        return new WorkspaceAbsence(false, ": no account's workspace list was read");
      }
      for (Scope account : accounts) {
        Optional<Coverage> list = coverage(account, WORKSPACES);
        if (list.isEmpty()) {
          return new WorkspaceAbsence(
              false, ": the workspace list of " + account + " was not read");
        }
        if (!list.get().isComplete()) {
          return new WorkspaceAbsence(
              false,
              ": the workspace list of "
                  + account
                  + " failed: "
                  + list.get().reason().map(Object::toString).orElse("no reason recorded"));
        }
      }
      return new WorkspaceAbsence(true, "");
    }
  }
}
