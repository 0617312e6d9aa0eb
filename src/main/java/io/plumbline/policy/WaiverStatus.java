package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.WaiverState;
import java.util.List;

/**
 * A waiver at one evaluation.
 *
 * @param daysLeft whole days until the waiver stops applying; zero or negative once expired
 * @param findings fingerprints of the failing findings it waived or, once expired, would have
 *     waived
 */
public record WaiverStatus(Waiver waiver, WaiverState state, long daysLeft, List<String> findings) {

  public WaiverStatus {
    requireNonNull(waiver, "waiver is null");
    requireNonNull(state, "state is null");
    findings = List.copyOf(findings);
  }
}
