package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one scan moves finding lifecycles (docs/store.md, "Lifecycle"). Pure: the known lifecycles
 * in, the events and the new and changed lifecycles out.
 */
final class LifecycleRules {

  /**
   * @param created lifecycles of findings that failed for the first time
   * @param changed known lifecycles with their new state
   */
  record Outcome(List<LifecycleEvent> events, List<Lifecycle> created, List<Lifecycle> changed) {
    Outcome {
      events = List.copyOf(events);
      created = List.copyOf(created);
      changed = List.copyOf(changed);
    }
  }

  private LifecycleRules() {}

  /**
   * @param known every open lifecycle, and the lifecycle (in any state) of every finding that fails
   *     or is waived in this scan, by fingerprint
   */
  static Outcome apply(
      String scanId,
      long seq,
      Instant at,
      Snapshot snapshot,
      List<Finding> findings,
      Map<String, Lifecycle> known) {
    requireNonNull(snapshot, "snapshot is null");
    List<LifecycleEvent> events = new ArrayList<>();
    List<Lifecycle> created = new ArrayList<>();
    List<Lifecycle> changed = new ArrayList<>();
    Set<String> judged = new HashSet<>();

    for (Finding finding : findings) {
      Lifecycle lifecycle = known.get(finding.fingerprint());
      Verdict verdict = finding.verdict();
      if (verdict == Verdict.PASS) {
        if (lifecycle != null && lifecycle.isOpen()) {
          judged.add(finding.fingerprint());
          changed.add(resolved(lifecycle, scanId, at, Optional.of(Verdict.PASS)));
          events.add(event(scanId, seq, at, finding, LifecycleEventKind.RESOLVED));
        }
        continue;
      }
      judged.add(finding.fingerprint());
      if (verdict == Verdict.UNKNOWN) {
        // a finding that cannot be judged keeps the state it had; one that never failed has none
        if (lifecycle != null && lifecycle.isOpen()) {
          changed.add(unknown(lifecycle, Optional.of(Verdict.UNKNOWN)));
          events.add(event(scanId, seq, at, finding, LifecycleEventKind.UNKNOWN));
        }
        continue;
      }
      if (lifecycle == null) {
        created.add(opened(finding, scanId, at));
        events.add(event(scanId, seq, at, finding, LifecycleEventKind.NEW));
      } else if (lifecycle.isOpen()) {
        changed.add(seenFailing(lifecycle, finding, scanId, at, lifecycle.reopenCount()));
        events.add(event(scanId, seq, at, finding, LifecycleEventKind.PERSISTING));
      } else {
        changed.add(seenFailing(lifecycle, finding, scanId, at, lifecycle.reopenCount() + 1));
        events.add(event(scanId, seq, at, finding, LifecycleEventKind.REOPENED));
      }
    }

    // open lifecycles whose finding this scan did not report at all
    Map<Scope, Map<String, Coverage>> coverage = new HashMap<>();
    for (Coverage entry : snapshot.coverage()) {
      coverage
          .computeIfAbsent(entry.scope(), scope -> new HashMap<>())
          .put(entry.resourceType(), entry);
    }
    List<Lifecycle> gone =
        known.values().stream()
            .filter(lifecycle -> lifecycle.isOpen() && !judged.contains(lifecycle.fingerprint()))
            .sorted(Comparator.comparing(Lifecycle::fingerprint))
            .toList();
    for (Lifecycle lifecycle : gone) {
      Coverage read =
          coverage.getOrDefault(lifecycle.scope(), Map.of()).get(lifecycle.resourceType());
      boolean readCompletely = read != null && read.isComplete();
      LifecycleEventKind kind;
      if (readCompletely) {
        changed.add(resolved(lifecycle, scanId, at, Optional.empty()));
        kind = LifecycleEventKind.RESOLVED;
      } else {
        // not read, or read in part: its absence proves nothing (a read that failed is UNKNOWN)
        changed.add(unknown(lifecycle, Optional.empty()));
        kind = LifecycleEventKind.UNKNOWN;
      }
      events.add(
          new LifecycleEvent(
              scanId, seq, at, lifecycle.fingerprint(), kind, Optional.empty(), Optional.empty()));
    }
    events.sort(Comparator.comparing(LifecycleEvent::fingerprint));
    return new Outcome(events, created, changed);
  }

  private static LifecycleEvent event(
      String scanId, long seq, Instant at, Finding finding, LifecycleEventKind kind) {
    return new LifecycleEvent(
        scanId,
        seq,
        at,
        finding.fingerprint(),
        kind,
        Optional.of(finding.verdict()),
        Optional.of(finding));
  }

  private static Lifecycle opened(Finding finding, String scanId, Instant at) {
    return new Lifecycle(
        finding.fingerprint(),
        finding.ruleId(),
        finding.severity(),
        finding.resourceType(),
        finding.scope(),
        finding.resourceId(),
        finding.attribute(),
        LifecycleState.OPEN,
        finding.verdict() == Verdict.WAIVED,
        Optional.of(finding.verdict()),
        scanId,
        at,
        scanId,
        at,
        Optional.empty(),
        Optional.empty(),
        0);
  }

  private static Lifecycle seenFailing(
      Lifecycle lifecycle, Finding finding, String scanId, Instant at, int reopenCount) {
    return new Lifecycle(
        lifecycle.fingerprint(),
        finding.ruleId(),
        finding.severity(),
        finding.resourceType(),
        finding.scope(),
        finding.resourceId(),
        finding.attribute(),
        LifecycleState.OPEN,
        finding.verdict() == Verdict.WAIVED,
        Optional.of(finding.verdict()),
        lifecycle.firstSeenScan(),
        lifecycle.firstSeenAt(),
        scanId,
        at,
        Optional.empty(),
        Optional.empty(),
        reopenCount);
  }

  private static Lifecycle resolved(
      Lifecycle lifecycle, String scanId, Instant at, Optional<Verdict> verdict) {
    return new Lifecycle(
        lifecycle.fingerprint(),
        lifecycle.ruleId(),
        lifecycle.severity(),
        lifecycle.resourceType(),
        lifecycle.scope(),
        lifecycle.resourceId(),
        lifecycle.attribute(),
        LifecycleState.RESOLVED,
        false,
        verdict,
        lifecycle.firstSeenScan(),
        lifecycle.firstSeenAt(),
        lifecycle.lastSeenScan(),
        lifecycle.lastSeenAt(),
        Optional.of(scanId),
        Optional.of(at),
        lifecycle.reopenCount());
  }

  private static Lifecycle unknown(Lifecycle lifecycle, Optional<Verdict> verdict) {
    return new Lifecycle(
        lifecycle.fingerprint(),
        lifecycle.ruleId(),
        lifecycle.severity(),
        lifecycle.resourceType(),
        lifecycle.scope(),
        lifecycle.resourceId(),
        lifecycle.attribute(),
        LifecycleState.OPEN,
        lifecycle.waived(),
        verdict,
        lifecycle.firstSeenScan(),
        lifecycle.firstSeenAt(),
        lifecycle.lastSeenScan(),
        lifecycle.lastSeenAt(),
        Optional.empty(),
        Optional.empty(),
        lifecycle.reopenCount());
  }
}
