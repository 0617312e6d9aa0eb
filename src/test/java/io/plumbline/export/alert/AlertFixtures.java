package io.plumbline.export.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Findings and events as the store hands them over. */
final class AlertFixtures {

  static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

  private AlertFixtures() {}

  static Finding ipAccessListsOff(long workspaceId) {
    return finding("DBX-WS-001", Severity.HIGH, Verdict.FAIL, workspaceId, "workspace-conf");
  }

  static Finding finding(
      String ruleId, Severity severity, Verdict verdict, long workspaceId, String resourceId) {
    return new Finding(
        ruleId,
        severity,
        verdict,
        "workspace_conf",
        Scope.workspace(workspaceId),
        resourceId,
        Optional.of("enableIpAccessLists"),
        "IP access lists are disabled",
        JsonNodeFactory.instance.objectNode().put("expected", true).put("actual", false),
        ruleId + "-" + workspaceId + "-" + resourceId,
        Optional.empty(),
        verdict == Verdict.WAIVED ? Optional.of("waiver-1") : Optional.empty());
  }

  static FindingEvent event(Transition transition, Finding finding) {
    return new FindingEvent(transition, finding, Optional.empty(), Optional.empty());
  }

  static FindingEvent drifted(
      Transition transition, Finding finding, String whatChanged, String cause) {
    return new FindingEvent(transition, finding, Optional.of(whatChanged), Optional.of(cause));
  }

  static FindingEvent changed(Transition transition, Finding finding, String whatChanged) {
    return new FindingEvent(transition, finding, Optional.of(whatChanged), Optional.empty());
  }

  /** A first notification with every optional part present, as the dispatcher builds it. */
  static Alert firingAlert(String fingerprint) {
    return new Alert(
        fingerprint,
        AlertStatus.FIRING,
        Transition.NEW,
        "DBX-WS-001",
        Severity.HIGH,
        Scope.workspace(1001),
        "workspace_conf",
        "workspace-conf",
        "IP access lists are disabled",
        Optional.of("enableIpAccessLists: true -> false"),
        "drift:workspace_conf:enableIpAccessLists:true->false",
        Optional.of(URI.create("https://runbooks.example.com/plumbline/DBX-WS-001")),
        Optional.of(URI.create("https://plumbline.example.com/findings")),
        START,
        START.plus(Duration.ofHours(12)));
  }

  static ScanEvents scan(String scanId, Instant at, FindingEvent... events) {
    return new ScanEvents(scanId, at, List.of(events));
  }
}
