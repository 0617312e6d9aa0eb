package io.plumbline.audit;

import io.plumbline.policy.Waiver;
import io.plumbline.policy.WaiverStatus;
import io.plumbline.store.AppliedWaiver;

/** Turns a waiver as the policy engine saw it into the row the store keeps. */
public final class AppliedWaivers {

  private AppliedWaivers() {}

  public static AppliedWaiver of(WaiverStatus status) {
    Waiver waiver = status.waiver();
    return new AppliedWaiver(
        waiver.id(),
        status.state(),
        waiver.expires(),
        waiver.owner(),
        waiver.ticket(),
        waiver.justification(),
        waiver.source(),
        status.findings());
  }
}
