package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import java.util.Optional;

/** Which lifecycles to read. Every condition present must hold. */
public record LifecycleFilter(
    Optional<LifecycleState> state,
    Optional<String> fingerprint,
    Optional<String> ruleId,
    Optional<Scope> scope,
    Optional<Severity> minimumSeverity) {

  public LifecycleFilter {
    requireNonNull(state, "state is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(minimumSeverity, "minimumSeverity is null");
  }

  public static LifecycleFilter all() {
    return new LifecycleFilter(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static LifecycleFilter open() {
    return all().withState(LifecycleState.OPEN);
  }

  public static LifecycleFilter ofFingerprint(String fingerprint) {
    return new LifecycleFilter(
        Optional.empty(),
        Optional.of(fingerprint),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public LifecycleFilter withState(LifecycleState selected) {
    return new LifecycleFilter(Optional.of(selected), fingerprint, ruleId, scope, minimumSeverity);
  }

  public LifecycleFilter withRule(String id) {
    return new LifecycleFilter(state, fingerprint, Optional.of(id), scope, minimumSeverity);
  }

  public LifecycleFilter withScope(Scope selected) {
    return new LifecycleFilter(state, fingerprint, ruleId, Optional.of(selected), minimumSeverity);
  }

  public LifecycleFilter withMinimumSeverity(Severity severity) {
    return new LifecycleFilter(state, fingerprint, ruleId, scope, Optional.of(severity));
  }
}
