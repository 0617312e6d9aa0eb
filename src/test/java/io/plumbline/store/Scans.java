package io.plumbline.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Finding;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Fingerprints;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Hand-built snapshots, findings and scans for store tests. */
final class Scans {

  static final Instant DAY_ZERO = Instant.parse("2026-11-01T06:00:00.123456789Z");
  static final String TOKEN = "databricks_token";
  static final String RULE = "TEST-TOK-001";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Scans() {}

  static Instant day(int day) {
    return DAY_ZERO.plus(Duration.ofDays(day));
  }

  /** A token resource in a workspace. */
  static Resource token(long workspace, String id) {
    return new Resource(
        TOKEN,
        id,
        Scope.workspace(workspace),
        NODES.objectNode().put("expiry_time", -1).put("created_by", "ana@example.com"));
  }

  static Coverage complete(long workspace) {
    return Coverage.complete(Scope.workspace(workspace), TOKEN);
  }

  static Coverage failed(long workspace) {
    return Coverage.failed(
        Scope.workspace(workspace),
        TOKEN,
        new FailureReason(OptionalInt.of(429), "REQUEST_LIMIT_EXCEEDED", "throttled", 4));
  }

  static Snapshot snapshot(Instant takenAt, List<Coverage> coverage, List<Resource> resources) {
    return SnapshotCodec.create(
        takenAt,
        coverage,
        resources,
        new CollectionStats(
            12, 1, 0, Duration.ofMillis(2310), Map.of("databricks-account 200", 12L)));
  }

  static Finding finding(Verdict verdict, long workspace, String tokenId) {
    return finding(RULE, verdict, workspace, tokenId);
  }

  static Finding finding(String rule, Verdict verdict, long workspace, String tokenId) {
    Scope scope = Scope.workspace(workspace);
    ObjectNode evidence = NODES.objectNode();
    evidence.put("expected", "an expiry").putNull("actual_expiry");
    evidence.putArray("owners").add("ana@example.com").add("ci@example.com");
    return new Finding(
        rule,
        Severity.HIGH,
        verdict,
        TOKEN,
        scope,
        tokenId,
        Optional.of("expiry_time"),
        "token " + tokenId + " never expires",
        evidence,
        Fingerprints.of(rule, TOKEN, scope.toString(), tokenId, Optional.of("expiry_time")),
        Optional.of("policies/baselines/tokens.yaml:12"),
        verdict == Verdict.WAIVED ? Optional.of("WVR-CI") : Optional.empty());
  }

  /** A scan of one workspace's tokens, every read complete, judged as given. */
  static ScanRecord scan(String scanId, Instant startedAt, List<Finding> findings) {
    List<Resource> resources = new ArrayList<>();
    findings.forEach(
        finding ->
            resources.add(token(Long.parseLong(finding.scope().id()), finding.resourceId())));
    List<Coverage> coverage =
        findings.stream()
            .map(finding -> Long.parseLong(finding.scope().id()))
            .distinct()
            .map(Scans::complete)
            .toList();
    return scan(scanId, startedAt, snapshot(startedAt, coverage, resources), findings);
  }

  /**
   * A scan of {@code failing} never-expiring tokens spread over 100 workspaces, all failing, and as
   * many passing ones: the same tokens (and fingerprints) for the same count, whoever builds it.
   */
  static ScanRecord large(String scanId, Instant startedAt, int failing) {
    List<Finding> findings = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<Coverage> coverage = new ArrayList<>();
    for (long workspace = 1000; workspace < 1100; workspace++) {
      coverage.add(complete(workspace));
    }
    for (int index = 0; index < failing; index++) {
      long workspace = 1000 + index % 100;
      String failingId = "tok-" + index;
      String passingId = "tok-ok-" + index;
      resources.add(token(workspace, failingId));
      resources.add(token(workspace, passingId));
      findings.add(finding(Verdict.FAIL, workspace, failingId));
      findings.add(finding(Verdict.PASS, workspace, passingId));
    }
    return scan(scanId, startedAt, snapshot(startedAt, coverage, resources), findings);
  }

  static ScanRecord scan(
      String scanId, Instant startedAt, Snapshot snapshot, List<Finding> findings) {
    return ScanRecord.of(
        scanId,
        startedAt,
        startedAt.plusSeconds(95),
        snapshot,
        findings,
        Optional.empty(),
        List.of(),
        List.of());
  }
}
