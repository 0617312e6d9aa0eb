package io.plumbline.audit;

import io.plumbline.policy.RuleMetadata;
import io.plumbline.store.Store;
import java.util.List;

/**
 * The running service as its REST API sees it: the store it records scans in, the rule pack in
 * force, and scan requests. Each method throws {@link ServiceNotRunningException} while the service
 * is not running.
 */
public interface RunningService {

  Store store();

  List<RuleMetadata> rules();

  /** Asks for a scan now and returns the request's id; it runs when no other scan runs. */
  String requestScan(String requestedBy);
}
