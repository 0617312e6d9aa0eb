package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Finding;
import java.util.Optional;

/**
 * A finding as stored for a scan, with what that scan did to its lifecycle (absent for an UNKNOWN
 * finding that was never open).
 */
public record StoredFinding(String scanId, Finding finding, Optional<LifecycleEventKind> event) {

  public StoredFinding {
    requireNonNull(scanId, "scanId is null");
    requireNonNull(finding, "finding is null");
    requireNonNull(event, "event is null");
  }
}
