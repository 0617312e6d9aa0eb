package io.plumbline.scheduler;

import static java.util.Objects.requireNonNull;

/**
 * The acknowledgement of an on-demand scan request.
 *
 * @param requestId the id the scan will run under ({@link ScanRequest#requestId()})
 * @param coalesced true when an on-demand scan was already waiting to start and this request was
 *     folded into it; {@code requestId} is then that scan's id
 */
public record OnDemandScan(String requestId, boolean coalesced) {

  public OnDemandScan {
    requireNonNull(requestId, "requestId is null");
  }
}
