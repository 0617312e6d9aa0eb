package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One scan the scheduler has started.
 *
 * @param trigger {@code schedule}, or {@code manual:<who>} for an on-demand scan
 * @param scheduledAt the cron time the scan was due at, or when it was asked for
 * @param instanceId the replica running it
 * @param requestId unique per scan; for an on-demand scan, the id {@link
 *     ScanScheduler#triggerNow(String)} returned
 */
public record ScanRequest(
    String trigger, Instant scheduledAt, String instanceId, String requestId) {

  public static final String SCHEDULE = "schedule";
  public static final String MANUAL_PREFIX = "manual:";

  public ScanRequest {
    requireNonNull(trigger, "trigger is null");
    requireNonNull(scheduledAt, "scheduledAt is null");
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(requestId, "requestId is null");
  }

  public boolean isManual() {
    return trigger.startsWith(MANUAL_PREFIX);
  }
}
