package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@link Store#verify} found walking the hash chain.
 *
 * @param scansChecked scans whose rows were recomputed (up to the first broken link)
 * @param anchorSeq the last scan retention pruned (0 when none was): the chain starts after it
 * @param headSeq the last scan recorded, according to the chain head
 * @param headHash that scan's row hash: recording it somewhere else (a ticket, an evidence bundle)
 *     is what makes a rewrite of the whole chain detectable
 * @param broken the first broken link, when there is one
 */
public record VerifyResult(
    long scansChecked, long anchorSeq, long headSeq, String headHash, Optional<BrokenLink> broken) {

  public VerifyResult {
    requireNonNull(headHash, "headHash is null");
    requireNonNull(broken, "broken is null");
  }

  public boolean intact() {
    return broken.isEmpty();
  }

  /** One line for people: "intact: ..." or "broken at seq 7 (scan X): findings changed". */
  public String describe() {
    return broken
        .map(BrokenLink::describe)
        .orElseGet(
            () ->
                "intact: "
                    + scansChecked
                    + (scansChecked == 1 ? " scan" : " scans")
                    + " checked"
                    + (anchorSeq > 0 ? " after the retention anchor at seq " + anchorSeq : "")
                    + ", head seq "
                    + headSeq
                    + " "
                    + headHash);
  }

  /**
   * The first place where the stored rows do not hash to the chain.
   *
   * @param scanId absent when the scan at {@code seq} is missing
   * @param problem what does not match, e.g. "findings changed", "prev_hash does not match"
   */
  public record BrokenLink(long seq, Optional<String> scanId, String problem) {

    public BrokenLink {
      requireNonNull(scanId, "scanId is null");
      requireNonNull(problem, "problem is null");
    }

    public String describe() {
      return "broken at seq "
          + seq
          + scanId.map(id -> " (scan " + id + ")").orElse("")
          + ": "
          + problem;
    }
  }
}
