package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.WaiverState;
import java.time.LocalDate;
import java.util.List;

/**
 * A waiver as it stood at one scan: what it said and which failing findings it covered.
 *
 * @param source where it is declared, {@code file:line}
 * @param fingerprints the findings it waived or, once expired, would have waived
 */
public record AppliedWaiver(
    String waiverId,
    WaiverState state,
    LocalDate expires,
    String owner,
    String ticket,
    String justification,
    String source,
    List<String> fingerprints) {

  public AppliedWaiver {
    requireNonNull(waiverId, "waiverId is null");
    requireNonNull(state, "state is null");
    requireNonNull(expires, "expires is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(ticket, "ticket is null");
    requireNonNull(justification, "justification is null");
    requireNonNull(source, "source is null");
    fingerprints = fingerprints.stream().sorted().toList();
  }
}
