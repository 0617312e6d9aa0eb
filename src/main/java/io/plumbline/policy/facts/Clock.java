package io.plumbline.policy.facts;

import io.plumbline.model.Scope;
import java.time.Instant;

/**
 * "Now" as a fact, so that time-based rules (expiry, unused for 90 days) judge against the
 * evaluation's clock and give the same verdicts when old evidence is re-judged.
 */
public final class Clock implements Fact {

  private final Instant now;

  public Clock(Instant now) {
    this.now = now;
  }

  public long getEpochMillis() {
    return now.toEpochMilli();
  }

  /**
   * Days since 1970-01-01; day-based rules compare against it ({@link Token} converts its times).
   */
  public long getEpochDay() {
    return now.toEpochMilli() / 86_400_000L;
  }

  @Override
  public ResourceRef ref() {
    return new ResourceRef(
        "clock", new Scope(io.plumbline.model.ScopeKind.ACCOUNT, "clock"), "now");
  }
}
