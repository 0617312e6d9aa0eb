package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Finding;
import java.util.Optional;

/**
 * One finding's lifecycle step in one scan, the input of {@link AlertDispatcher}.
 *
 * @param whatChanged one line a person reads, e.g. {@code enableIpAccessLists: true -> false}
 * @param cause the drift {@link io.plumbline.drift.ChangeGroup#cause()} the finding stems from, if
 *     any; findings that share a cause are sent as one group
 */
public record FindingEvent(
    Transition transition, Finding finding, Optional<String> whatChanged, Optional<String> cause) {

  public FindingEvent {
    requireNonNull(transition, "transition is null");
    requireNonNull(finding, "finding is null");
    requireNonNull(whatChanged, "whatChanged is null");
    requireNonNull(cause, "cause is null");
  }

  public String fingerprint() {
    return finding.fingerprint();
  }
}
