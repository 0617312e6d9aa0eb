package io.plumbline.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.store.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Open findings a scan could not see. A resource whose read failed is not in the snapshot, so no
 * rule judges it and its failing finding would silently drop out of the scan's reports, while the
 * store keeps it open as UNKNOWN. These findings put it back in the reports as UNKNOWN, under its
 * own fingerprint, saying which read failed and since when it has been open.
 */
final class UnseenFindings {

  private UnseenFindings() {}

  /**
   * @param open the open lifecycles before this scan
   * @param judged the fingerprints this scan's evaluation gave a verdict
   */
  static List<Finding> of(List<Lifecycle> open, Snapshot snapshot, Set<String> judged) {
    List<Finding> unseen = new ArrayList<>();
    for (Lifecycle lifecycle : open) {
      if (!lifecycle.isOpen() || judged.contains(lifecycle.fingerprint())) {
        continue;
      }
      Optional<Coverage> read = snapshot.coverage(lifecycle.scope(), lifecycle.resourceType());
      if (read.map(Coverage::isComplete).orElse(false)) {
        continue; // read completely and gone: the store resolves it
      }
      unseen.add(finding(lifecycle, read));
    }
    return unseen;
  }

  private static Finding finding(Lifecycle lifecycle, Optional<Coverage> read) {
    String why =
        read.map(
                coverage ->
                    lifecycle.resourceType()
                        + " in "
                        + lifecycle.scope()
                        + " was not read completely ("
                        + coverage.reason().map(Object::toString).orElse("no reason recorded")
                        + ")")
            .orElse(lifecycle.scope() + " was not read");
    ObjectNode evidence = JsonNodeFactory.instance.objectNode();
    read.ifPresent(
        coverage -> {
          ObjectNode row = evidence.putArray("incomplete_coverage").addObject();
          row.put("scope", coverage.scope().toString());
          row.put("resource_type", coverage.resourceType());
          row.put("reason", coverage.reason().map(Object::toString).orElse(""));
        });
    ObjectNode open = evidence.putObject("open_since");
    open.put("scan_id", lifecycle.firstSeenScan());
    open.put("at", lifecycle.firstSeenAt().toString());
    open.put("last_seen_scan_id", lifecycle.lastSeenScan());
    lifecycle.lastVerdict().ifPresent(verdict -> open.put("last_verdict", verdict.name()));
    return new Finding(
        lifecycle.ruleId(),
        lifecycle.severity(),
        Verdict.UNKNOWN,
        lifecycle.resourceType(),
        lifecycle.scope(),
        lifecycle.resourceId(),
        lifecycle.attribute(),
        "not judged: "
            + why
            + "; open since scan "
            + lifecycle.firstSeenScan()
            + ", last seen failing in scan "
            + lifecycle.lastSeenScan(),
        evidence,
        lifecycle.fingerprint(),
        Optional.empty(),
        Optional.empty());
  }
}
