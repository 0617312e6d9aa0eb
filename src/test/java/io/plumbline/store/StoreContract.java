package io.plumbline.store;

import static io.plumbline.store.Scans.day;
import static io.plumbline.store.Scans.finding;
import static io.plumbline.store.Scans.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Drift;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Secret;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store test, run on H2 ({@link StoreOnH2Test}) and PostgreSQL ({@link StoreOnPostgresTest}).
 */
abstract class StoreContract {

  private static final long WORKSPACE = 1001;
  private static final long OTHER_WORKSPACE = 1002;
  private static final String QUARTZ_TABLES =
      "db/quartz/" + Migrations.VENDOR + "/V100__quartz_tables.sql";

  private StoreSettings settings;
  private Store store;

  protected abstract TestDatabase database();

  @BeforeEach
  void openFreshStore() {
    settings = database().freshStore();
    store = Store.open(settings);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- migrations -------------------------------------------------------------------------------

  @Test
  void openingAnEmptyDatabaseCreatesTheSchemaAndReopeningMigratesNothing() throws Exception {
    store.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
    store.close();

    store = Store.open(settings);

    assertThat(
            query(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                    + " WHERE \"version\" IS NOT NULL"))
        .containsExactly(
            List.of("1", "true"),
            List.of("2", "true"),
            List.of("3", "true"),
            List.of("100", "true"));
    assertThat(store.scans(Optional.empty()))
        .extracting(ScanSummary::scanId)
        .containsExactly("scan-1");
    assertThat(store.verify().intact()).isTrue();
  }

  @Test
  void aStoreAnEarlierReleaseMigratedGetsTheLaterStoreMigrationsBelowQuartzsWhenOpened() {
    // releases before V2 migrated V1 and Quartz's V100; V2 and V3 then come below the applied
    // version (this code cannot write a scan as those releases did: scans.rules_hash is V3's)
    StoreSettings earlier = database().freshStore();
    try (Store previous = Store.open(earlier, List.of(Migrations.FILES.get(0), QUARTZ_TABLES))) {
      assertThat(query(previous, "SELECT COUNT(*) FROM scans")).containsExactly(List.of("0"));
    }

    try (Store upgraded = Store.open(earlier)) {
      upgraded.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
      assertThat(
              query(
                  upgraded,
                  "SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                      + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
          .containsExactly(
              List.of("1", "true"),
              List.of("100", "true"),
              List.of("2", "true"),
              List.of("3", "true"));
      assertThat(query(upgraded, "SELECT COUNT(*) FROM alert_notifications"))
          .containsExactly(List.of("0"));
      assertThat(upgraded.scans(Optional.empty()))
          .extracting(ScanSummary::scanId)
          .containsExactly("scan-1");
      assertThat(upgraded.verify().intact()).isTrue();
    }
  }

  @Test
  void aScanRecordsItsRulePackAndPoliciesByHashOnceAndTheChainCoversTheHashes() throws Exception {
    EvaluationInputs inputs =
        EvaluationInputs.of(
            Map.of("tokens.drl", "package rules;"), Map.of("waivers/ci.yaml", "waivers: []"));
    store.record(
        scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1")))
            .withInputs(inputs));
    store.record(
        scan("scan-2", day(1), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1")))
            .withInputs(inputs));
    // a scan recorded without them hashes its row as scans before migration V3 did
    store.record(scan("scan-3", day(2), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));

    ScanSummary first = store.scan("scan-1").orElseThrow();
    assertThat(first.rulesHash()).contains(inputs.rulesHash());
    assertThat(first.policiesHash()).contains(inputs.policiesHash());
    assertThat(store.scan("scan-3").orElseThrow().rulesHash()).isEmpty();
    assertThat(store.inputs(inputs.rulesHash())).contains(inputs.rules());
    assertThat(store.inputs(inputs.policiesHash())).contains(inputs.policies());
    assertThat(query("SELECT COUNT(*) FROM evaluation_inputs")).containsExactly(List.of("2"));
    assertThat(store.verify().intact()).isTrue();

    execute(
        "UPDATE scans SET rules_hash = '"
            + EvaluationInputs.hash(Map.of("tokens.drl", "package other;"))
            + "' WHERE scan_id = 'scan-2'");
    VerifyResult tampered = store.verify();
    assertThat(tampered.broken().orElseThrow().scanId()).contains("scan-2");
    assertThat(tampered.broken().orElseThrow().problem()).isEqualTo("row changed");
  }

  @Test
  void anEmptyStoreHasNoScansAndAnIntactChain() {
    assertThat(store.scans(Optional.empty())).isEmpty();
    assertThat(store.latest()).isEmpty();
    VerifyResult result = store.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.scansChecked()).isZero();
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  @Test
  void aFindingGoesFromNewThroughPersistingUnknownAndResolvedToReopened() {
    Finding failing = finding(Verdict.FAIL, WORKSPACE, "tok-1");
    String fingerprint = failing.fingerprint();

    ScanReceipt first = store.record(scan("scan-1", day(0), List.of(failing)));
    ScanReceipt second = store.record(scan("scan-2", day(1), List.of(failing)));
    ScanReceipt third =
        store.record(scan("scan-3", day(2), List.of(finding(Verdict.UNKNOWN, WORKSPACE, "tok-1"))));
    Lifecycle whileUnknown = onlyLifecycle();
    ScanReceipt fourth =
        store.record(scan("scan-4", day(3), List.of(finding(Verdict.PASS, WORKSPACE, "tok-1"))));
    Lifecycle whileResolved = onlyLifecycle();
    ScanReceipt fifth = store.record(scan("scan-5", day(4), List.of(failing)));

    assertThat(List.of(first, second, third, fourth, fifth))
        .extracting(receipt -> receipt.events().get(0).kind(), ScanReceipt::seq)
        .containsExactly(
            tuple(LifecycleEventKind.NEW, 1L),
            tuple(LifecycleEventKind.PERSISTING, 2L),
            tuple(LifecycleEventKind.UNKNOWN, 3L),
            tuple(LifecycleEventKind.RESOLVED, 4L),
            tuple(LifecycleEventKind.REOPENED, 5L));
    assertThat(first.alerting()).hasSize(1);
    assertThat(second.alerting()).isEmpty();
    assertThat(fifth.alerting())
        .extracting(LifecycleEvent::fingerprint)
        .containsExactly(fingerprint);

    assertThat(whileUnknown.state()).isEqualTo(LifecycleState.OPEN);
    assertThat(whileUnknown.lastVerdict()).contains(Verdict.UNKNOWN);
    assertThat(whileUnknown.lastSeenScan()).isEqualTo("scan-2");
    assertThat(whileResolved.state()).isEqualTo(LifecycleState.RESOLVED);
    assertThat(whileResolved.resolvedScan()).contains("scan-4");
    assertThat(whileResolved.resolvedAt()).contains(day(3).truncatedTo(ChronoUnit.MICROS));

    Lifecycle reopened = onlyLifecycle();
    assertThat(reopened.state()).isEqualTo(LifecycleState.OPEN);
    assertThat(reopened.reopenCount()).isEqualTo(1);
    assertThat(reopened.firstSeenScan()).isEqualTo("scan-1");
    assertThat(reopened.firstSeenAt()).isEqualTo(day(0).truncatedTo(ChronoUnit.MICROS));
    assertThat(reopened.lastSeenScan()).isEqualTo("scan-5");
    assertThat(reopened.resolvedAt()).isEmpty();

    assertThat(store.history(fingerprint))
        .extracting(LifecycleEvent::seq, LifecycleEvent::kind, LifecycleEvent::verdict)
        .containsExactly(
            tuple(1L, LifecycleEventKind.NEW, Optional.of(Verdict.FAIL)),
            tuple(2L, LifecycleEventKind.PERSISTING, Optional.of(Verdict.FAIL)),
            tuple(3L, LifecycleEventKind.UNKNOWN, Optional.of(Verdict.UNKNOWN)),
            tuple(4L, LifecycleEventKind.RESOLVED, Optional.of(Verdict.PASS)),
            tuple(5L, LifecycleEventKind.REOPENED, Optional.of(Verdict.FAIL)));
    assertThat(store.history(fingerprint).get(0).finding()).contains(failing);
    assertThat(store.scan("scan-4").orElseThrow().resolvedCount()).isEqualTo(1);
    assertThat(store.scan("scan-1").orElseThrow().newCount()).isEqualTo(1);
    assertThat(store.verify().intact()).isTrue();
  }

  @Test
  void aFindingThatVanishesWhileItsReadFailedStaysOpenAsUnknown() {
    Finding failing = finding(Verdict.FAIL, OTHER_WORKSPACE, "tok-9");
    store.record(scan("scan-1", day(0), List.of(failing)));

    // the token list of the workspace failed (429): the finding is gone, and proves nothing
    Snapshot throttled = Scans.snapshot(day(1), List.of(Scans.failed(OTHER_WORKSPACE)), List.of());
    ScanReceipt afterFailedRead = store.record(scan("scan-2", day(1), throttled, List.of()));
    // the workspace was not read at all this time (no coverage row)
    Snapshot notRead = Scans.snapshot(day(2), List.of(Scans.complete(WORKSPACE)), List.of());
    ScanReceipt afterNoRead = store.record(scan("scan-3", day(2), notRead, List.of()));

    assertThat(afterFailedRead.events())
        .extracting(LifecycleEvent::kind, LifecycleEvent::verdict)
        .containsExactly(tuple(LifecycleEventKind.UNKNOWN, Optional.empty()));
    assertThat(afterNoRead.events())
        .extracting(LifecycleEvent::kind)
        .containsExactly(LifecycleEventKind.UNKNOWN);
    assertThat(onlyLifecycle().state()).isEqualTo(LifecycleState.OPEN);
    assertThat(onlyLifecycle().lastVerdict()).isEmpty();
    assertThat(store.scan("scan-2").orElseThrow().status()).isEqualTo(ScanStatus.INCOMPLETE);
    assertThat(store.scan("scan-2").orElseThrow().failedCoverageCount()).isEqualTo(1);
    assertThat(store.coverageByScope("scan-2"))
        .containsExactly(new ScopeCoverage(Scope.workspace(OTHER_WORKSPACE), 0, 1));
    assertThat(store.coverageByScope("scan-2").get(0).ratio()).isZero();
    assertThat(store.coverageByScope("scan-3"))
        .containsExactly(new ScopeCoverage(Scope.workspace(WORKSPACE), 1, 1));

    // read completely and gone: now it is resolved
    Snapshot readCompletely =
        Scans.snapshot(day(3), List.of(Scans.complete(OTHER_WORKSPACE)), List.of());
    ScanReceipt resolved = store.record(scan("scan-4", day(3), readCompletely, List.of()));

    assertThat(resolved.events())
        .extracting(LifecycleEvent::kind)
        .containsExactly(LifecycleEventKind.RESOLVED);
    assertThat(onlyLifecycle().state()).isEqualTo(LifecycleState.RESOLVED);
  }

  @Test
  void aWaivedFindingStaysOpenAndAlertsNobody() {
    store.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
    ScanReceipt waived =
        store.record(scan("scan-2", day(1), List.of(finding(Verdict.WAIVED, WORKSPACE, "tok-1"))));
    ScanReceipt newAndWaived =
        store.record(
            scan(
                "scan-3",
                day(2),
                List.of(
                    finding(Verdict.WAIVED, WORKSPACE, "tok-1"),
                    finding(Verdict.WAIVED, WORKSPACE, "tok-2"))));

    assertThat(waived.events())
        .extracting(LifecycleEvent::kind, LifecycleEvent::waived)
        .containsExactly(tuple(LifecycleEventKind.PERSISTING, true));
    assertThat(newAndWaived.events(LifecycleEventKind.NEW)).hasSize(1);
    assertThat(newAndWaived.alerting()).isEmpty();
    assertThat(store.lifecycles(LifecycleFilter.open()))
        .extracting(Lifecycle::resourceId, Lifecycle::waived)
        .containsExactlyInAnyOrder(tuple("tok-1", true), tuple("tok-2", true));
  }

  @Test
  void anAbortedScanIsChainedButTouchesNoLifecycle() {
    store.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));

    ScanReceipt aborted =
        store.record(
            ScanRecord.withoutSnapshot(
                "scan-2", day(1), day(1).plusSeconds(3), ScanStatus.ABORTED, "shutting down"));

    assertThat(aborted.seq()).isEqualTo(2);
    assertThat(aborted.events()).isEmpty();
    assertThat(store.snapshot("scan-2")).isEmpty();
    assertThat(store.scan("scan-2").orElseThrow().error()).contains("shutting down");
    assertThat(store.latest()).map(ScanSummary::scanId).contains("scan-2");
    // what the next scan is diffed against, and what gauges show, is the scan before it
    assertThat(store.latestWithSnapshot()).map(ScanSummary::scanId).contains("scan-1");
    assertThat(onlyLifecycle().state()).isEqualTo(LifecycleState.OPEN);
    assertThat(onlyLifecycle().lastSeenScan()).isEqualTo("scan-1");
    assertThat(store.verify().intact()).isTrue();
  }

  // ---- what comes back --------------------------------------------------------------------------

  @Test
  void theSnapshotCountsAndFindingsComeBackAsTheyWereRecorded() {
    List<Finding> findings =
        List.of(
            finding(Verdict.FAIL, WORKSPACE, "tok-1"),
            finding(Verdict.WAIVED, WORKSPACE, "tok-2"),
            finding(Verdict.UNKNOWN, OTHER_WORKSPACE, "tok-3"),
            finding(Verdict.PASS, OTHER_WORKSPACE, "tok-4"),
            finding("TEST-TOK-002", Verdict.PASS, OTHER_WORKSPACE, "tok-4"));
    ScanRecord recorded = scan("scan-1", day(0), findings);

    store.record(recorded);

    Snapshot snapshot = store.snapshot("scan-1").orElseThrow();
    assertThat(snapshot).isEqualTo(recorded.snapshot().orElseThrow());
    ScanSummary summary = store.scan("scan-1").orElseThrow();
    assertThat(summary.contentHash()).contains(snapshot.contentHash());
    assertThat(summary.resourceCount()).isEqualTo(5);
    assertThat(summary.findingsByVerdict())
        .containsEntry(Verdict.PASS, 2L)
        .containsEntry(Verdict.FAIL, 1L)
        .containsEntry(Verdict.WAIVED, 1L)
        .containsEntry(Verdict.UNKNOWN, 1L);
    assertThat(summary.startedAt()).isEqualTo(day(0).truncatedTo(ChronoUnit.MICROS));
    assertThat(store.findings("scan-1", FindingFilter.all()))
        .extracting(StoredFinding::finding)
        .containsExactlyInAnyOrder(findings.get(0), findings.get(1), findings.get(2));
    assertThat(query("SELECT rule_id, passed FROM pass_counts ORDER BY rule_id"))
        .containsExactly(List.of("TEST-TOK-001", "1"), List.of("TEST-TOK-002", "1"));
  }

  @Test
  void findingsAreFilteredByVerdictSeverityRuleScopeAndFirstSeen() {
    store.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
    store.record(
        scan(
            "scan-2",
            day(1),
            List.of(
                finding(Verdict.FAIL, WORKSPACE, "tok-1"),
                finding(Verdict.FAIL, OTHER_WORKSPACE, "tok-2"),
                finding("TEST-OTHER", Verdict.UNKNOWN, OTHER_WORKSPACE, "tok-3"))));

    assertThat(ids(FindingFilter.all())).containsExactly("tok-1", "tok-2", "tok-3");
    assertThat(ids(FindingFilter.all().withVerdicts(Verdict.UNKNOWN))).containsExactly("tok-3");
    assertThat(ids(FindingFilter.all().withScope(Scope.workspace(OTHER_WORKSPACE))))
        .containsExactly("tok-2", "tok-3");
    assertThat(ids(FindingFilter.all().withRule("TEST-OTHER"))).containsExactly("tok-3");
    assertThat(ids(FindingFilter.all().withMinimumSeverity(Severity.HIGH)))
        .containsExactly("tok-1", "tok-2", "tok-3");
    assertThat(ids(FindingFilter.all().withMinimumSeverity(Severity.CRITICAL))).isEmpty();
    assertThat(ids(FindingFilter.all().withFirstSeenSince(day(1)))).containsExactly("tok-2");
    assertThat(store.findings("scan-2", FindingFilter.all()))
        .extracting(stored -> stored.finding().resourceId(), StoredFinding::event)
        .containsExactly(
            tuple("tok-3", Optional.empty()), // report order: rule id before scope
            tuple("tok-1", Optional.of(LifecycleEventKind.PERSISTING)),
            tuple("tok-2", Optional.of(LifecycleEventKind.NEW)));
    assertThat(store.lifecycles(LifecycleFilter.all().withScope(Scope.workspace(OTHER_WORKSPACE))))
        .extracting(Lifecycle::resourceId)
        .containsExactly("tok-2");
    assertThatThrownBy(() -> FindingFilter.all().withVerdicts(Verdict.PASS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PASS findings are not stored");
  }

  @Test
  void driftWaiversAndReportsComeBackAsTheyWereRecorded(@TempDir Path directory) throws Exception {
    ScanRecord first = scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1")));
    store.record(first);
    Snapshot before = first.snapshot().orElseThrow();
    Snapshot after =
        Scans.snapshot(
            day(1), List.of(Scans.complete(WORKSPACE)), List.of(Scans.token(WORKSPACE, "tok-2")));
    Change changed =
        new Change(
            ChangeKind.CHANGED,
            "databricks_workspace_conf",
            Scope.workspace(WORKSPACE),
            "workspace_conf",
            List.of(
                new AttributeChange(
                    "/enableIpAccessLists", TextNode.valueOf("true"), TextNode.valueOf("false")),
                new AttributeChange(
                    "/maxTokenLifetimeDays", MissingNode.getInstance(), IntNode.valueOf(90)),
                new AttributeChange("/note", NullNode.getInstance(), MissingNode.getInstance())),
            Optional.empty());
    Change added =
        new Change(
            ChangeKind.ADDED,
            Scans.TOKEN,
            Scope.workspace(WORKSPACE),
            "tok-2",
            List.of(),
            Optional.empty());
    Change unknown =
        new Change(
            ChangeKind.UNKNOWN,
            Scans.TOKEN,
            Scope.workspace(OTHER_WORKSPACE),
            "tok-7",
            List.of(),
            Optional.of("429 REQUEST_LIMIT_EXCEEDED: throttled (4 attempts)"));
    Drift drift =
        new Drift(
            before.id(),
            after.id(),
            List.of(unknown, changed, added),
            List.of(
                new ChangeGroup(
                    "changed databricks_workspace_conf /enableIpAccessLists",
                    ChangeKind.CHANGED,
                    "databricks_workspace_conf",
                    "enableIpAccessLists true -> false",
                    changed.attributes(),
                    List.of(changed)),
                new ChangeGroup(
                    "added databricks_token",
                    ChangeKind.ADDED,
                    Scans.TOKEN,
                    "1 token added",
                    List.of(),
                    List.of(added))));
    Path report = Files.writeString(directory.resolve("findings.json"), "{\"findings\": []}\n");
    ReportFile reportFile = ReportFile.of("json", report, day(1).plusSeconds(100));
    AppliedWaiver waiver =
        new AppliedWaiver(
            "WVR-CI",
            WaiverState.EXPIRING,
            LocalDate.parse("2026-12-10"),
            "platform@example.com",
            "PLAT-1",
            "CI token until OAuth",
            "policies/waivers/tokens.yaml:3",
            List.of("b0", "a1"));

    store.record(
        ScanRecord.of(
            "scan-2",
            day(1),
            day(1).plusSeconds(99),
            after,
            List.of(),
            Optional.of(drift),
            List.of(waiver),
            List.of(reportFile)));

    assertThat(store.drift("scan-2")).contains(drift);
    assertThat(store.drift("scan-1")).isEmpty();
    assertThat(store.waivers("scan-2")).containsExactly(waiver);
    assertThat(store.waivers("scan-2").get(0).fingerprints()).containsExactly("a1", "b0");
    assertThat(store.reports("scan-2")).containsExactly(reportFile);
    assertThat(reportFile.sha256())
        .isEqualTo(
            "sha256:"
                + java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(report))));
    assertThat(store.verify().intact()).isTrue();
  }

  // ---- tamper evidence --------------------------------------------------------------------------

  @Test
  void verifyNamesAChangedFindingsRowAsTheFirstBrokenLink() throws Exception {
    recordFourScans();

    execute("UPDATE findings SET message = 'nothing to see' WHERE scan_id = 'scan-2'");

    assertBrokenAt(2, Optional.of("scan-2"), "findings changed");
  }

  @Test
  void verifyNamesAChangedScanRow() throws Exception {
    recordFourScans();

    execute("UPDATE scans SET fail_count = 0 WHERE seq = 3");

    assertBrokenAt(3, Optional.of("scan-3"), "row changed");
  }

  @Test
  void verifyNamesADeletedMiddleScan() throws Exception {
    recordFourScans();

    execute("DELETE FROM scans WHERE seq = 2");

    assertBrokenAt(2, Optional.empty(), "scan 2 missing (seq gap: seq 3 follows seq 1)");
  }

  @Test
  void verifyNamesADeletedLatestScan() throws Exception {
    recordFourScans();

    execute("DELETE FROM scans WHERE seq = 4");

    assertBrokenAt(4, Optional.empty(), "scan 4 missing (the chain head is at seq 4)");
  }

  @Test
  void verifyNamesAChangedSnapshotBlobAndAChangedLifecycleEvent() throws Exception {
    recordFourScans();
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement("UPDATE snapshots SET data = ? WHERE scan_id = 'scan-3'")) {
      update.setBytes(1, new byte[] {31, -117, 8, 0});
      update.executeUpdate();
    }
    execute(
        "UPDATE lifecycle_events SET event = 'RESOLVED' WHERE scan_id = 'scan-2' AND event = 'NEW'");

    assertBrokenAt(2, Optional.of("scan-2"), "lifecycle events changed");
    execute(
        "UPDATE lifecycle_events SET event = 'NEW' WHERE scan_id = 'scan-2' AND event = 'RESOLVED'");
    assertBrokenAt(3, Optional.of("scan-3"), "snapshot data changed");
  }

  @Test
  void aChangedRowWhoseHashWasRecomputedBreaksTheNextLink() throws Exception {
    recordFourScans();
    execute("UPDATE scans SET error = 'rewritten' WHERE seq = 2");
    Object[] row;
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(Table.SCANS.selectSql("seq = 2"));
        ResultSet result = query.executeQuery()) {
      result.next();
      row = Table.SCANS.read(result);
    }
    execute("UPDATE scans SET row_hash = '" + ScanWriter.rowHash(row) + "' WHERE seq = 2");

    assertBrokenAt(3, Optional.of("scan-3"), "prev_hash does not match the row hash of seq 2");
  }

  // ---- retention --------------------------------------------------------------------------------

  @Test
  void retentionByCountKeepsTheNewestScansAndTheChainStillVerifies() {
    Finding failing = finding(Verdict.FAIL, WORKSPACE, "tok-1");
    for (int day = 0; day < 5; day++) {
      store.record(scan("scan-" + (day + 1), day(day), List.of(failing)));
    }
    store.close();
    store = Store.open(settings.withRetention(Duration.ofDays(400), OptionalInt.of(2)));

    int pruned = store.applyRetention(day(5));

    assertThat(pruned).isEqualTo(3);
    assertThat(store.scans(Optional.empty())).extracting(ScanSummary::seq).containsExactly(4L, 5L);
    VerifyResult result = store.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.anchorSeq()).isEqualTo(3);
    // the lifecycle still names the scan that first saw it, pruned since
    assertThat(onlyLifecycle().firstSeenScan()).isEqualTo("scan-1");
    assertThat(store.history(failing.fingerprint()))
        .extracting(LifecycleEvent::seq)
        .containsExactly(4L, 5L);

    ScanReceipt next = store.record(scan("scan-6", day(6), List.of(failing)));
    assertThat(next.seq()).isEqualTo(6);
    assertThat(next.events())
        .extracting(LifecycleEvent::kind)
        .containsExactly(LifecycleEventKind.PERSISTING);
    assertThat(store.verify().intact()).isTrue();
    assertThat(store.applyRetention(day(6))).isEqualTo(1);
    assertThat(store.verify().intact()).isTrue();
  }

  @Test
  void retentionByAgePrunesOldScansButNeverTheLatest() throws Exception {
    for (int day = 0; day < 4; day++) {
      store.record(
          scan("scan-" + (day + 1), day(day), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
    }
    store.close();
    store = Store.open(settings.withRetention(Duration.ofDays(2), OptionalInt.empty()));

    assertThat(store.applyRetention(day(3).plus(Duration.ofHours(1)))).isEqualTo(2);
    assertThat(store.scans(Optional.empty()))
        .extracting(ScanSummary::scanId)
        .containsExactly("scan-3", "scan-4");
    assertThat(store.verify().intact()).isTrue();

    assertThat(store.applyRetention(day(400))).isEqualTo(1);
    assertThat(store.scans(Optional.empty()))
        .extracting(ScanSummary::scanId)
        .containsExactly("scan-4");
    assertThat(store.verify().intact()).isTrue();
    assertThat(query("SELECT COUNT(*) FROM findings")).containsExactly(List.of("1"));

    // a tamperer who deletes the first remaining scan is still caught
    execute("DELETE FROM scans WHERE seq = 4");
    assertBrokenAt(4, Optional.empty(), "scan 4 missing (the chain head is at seq 4)");
  }

  // ---- failures and concurrency -----------------------------------------------------------------

  @Test
  void aWriteThatFailsHalfwayLeavesNothingBehind() throws Exception {
    Finding failing = finding(Verdict.FAIL, WORKSPACE, "tok-1");
    store.record(scan("scan-1", day(0), List.of(failing)));
    // a rule id longer than its column: the database refuses the findings batch, mid-transaction
    Finding tooLong = finding("R".repeat(300), Verdict.FAIL, WORKSPACE, "tok-2");
    List<String> phases = new ArrayList<>();

    assertThatThrownBy(
            () ->
                store.record(
                    scan("scan-2", day(1), List.of(failing, tooLong)),
                    (phase, count, took) -> phases.add(phase)))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("cannot record scan scan-2")
        .extracting(error -> ((PlumblineException) error).kind())
        .isEqualTo(ErrorKind.EXTERNAL);

    assertThat(phases).contains("snapshot written").doesNotContain("findings written");
    assertThat(store.scans(Optional.empty()))
        .extracting(ScanSummary::scanId)
        .containsExactly("scan-1");
    assertThat(query("SELECT COUNT(*) FROM findings")).containsExactly(List.of("1"));
    assertThat(query("SELECT COUNT(*) FROM snapshots")).containsExactly(List.of("1"));
    assertThat(query("SELECT COUNT(*) FROM lifecycle_events")).containsExactly(List.of("1"));
    assertThat(query("SELECT head_seq FROM chain_head")).containsExactly(List.of("1"));
    assertThat(store.verify().intact()).isTrue();

    ScanReceipt retried = store.record(scan("scan-2", day(1), List.of(failing)));
    assertThat(retried.seq()).isEqualTo(2);
    assertThat(retried.events())
        .extracting(LifecycleEvent::kind)
        .containsExactly(LifecycleEventKind.PERSISTING);
    assertThat(store.lifecycles(LifecycleFilter.all())).hasSize(1);
  }

  @Test
  void aScanIdIsRecordedOnlyOnce() {
    store.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));

    assertThatThrownBy(
            () ->
                store.record(
                    scan("scan-1", day(1), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scan scan-1 is already stored (seq 1)");
    assertThat(store.verify().intact()).isTrue();
  }

  @Test
  void twoStoresRecordingAtOnceGetConsecutiveSeqsAndOneChain() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try (Store other = Store.open(settings)) {
      List<Future<ScanReceipt>> receipts = new ArrayList<>();
      for (int index = 0; index < 10; index++) {
        Store writer = index % 2 == 0 ? store : other;
        int day = index;
        receipts.add(
            writers.submit(
                () ->
                    writer.record(
                        scan(
                            "scan-" + day,
                            day(day),
                            List.of(
                                finding(Verdict.FAIL, WORKSPACE, "tok-shared"),
                                finding(Verdict.FAIL, WORKSPACE, "tok-" + day))))));
      }
      List<Long> seqs = new ArrayList<>();
      for (Future<ScanReceipt> receipt : receipts) {
        seqs.add(receipt.get().seq());
      }
      assertThat(seqs).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    } finally {
      writers.shutdownNow();
    }
    VerifyResult result = store.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    String shared = finding(Verdict.FAIL, WORKSPACE, "tok-shared").fingerprint();
    assertThat(store.history(shared))
        .extracting(LifecycleEvent::kind)
        .containsExactly(
            LifecycleEventKind.NEW,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING,
            LifecycleEventKind.PERSISTING);
    assertThat(store.lifecycles(LifecycleFilter.all())).hasSize(11);
  }

  @Test
  void thePasswordAppearsInNoLogLineErrorOrDescription() {
    String password = "hunter2-do-not-print";
    List<String> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(
                String.valueOf(record.getMessage())
                    + " "
                    + java.util.Arrays.toString(record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      StoreSettings withPassword =
          database()
              .freshStore()
              .withCredentials(
                  database().name().equals("H2") ? "sa" : "postgres", Secret.of(password));
      try (Store secured = Store.open(withPassword)) {
        secured.record(scan("scan-1", day(0), List.of(finding(Verdict.FAIL, WORKSPACE, "tok-1"))));
        secured.applyRetention(day(1));
        assertThat(secured.verify().describe()).doesNotContain(password);
        assertThat(secured.toString()).doesNotContain(password);
      }
      StoreSettings unreachable =
          StoreSettings.of("jdbc:postgresql://127.0.0.1:1/plumbline?user=x&password=" + password)
              .withCredentials("x", Secret.of(password));
      assertThatThrownBy(() -> Store.open(unreachable))
          .isInstanceOf(PlumblineException.class)
          .hasMessageContaining(
              "cannot open the store jdbc:postgresql://127.0.0.1:1/plumbline?user=x&password=****")
          .message()
          .doesNotContain(password);
      assertThat(withPassword.toString()).doesNotContain(password);
    } finally {
      root.removeHandler(capture);
    }
    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(password));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private void recordFourScans() {
    Finding one = finding(Verdict.FAIL, WORKSPACE, "tok-1");
    Finding two = finding(Verdict.FAIL, WORKSPACE, "tok-2");
    store.record(scan("scan-1", day(0), List.of(one)));
    store.record(scan("scan-2", day(1), List.of(one, two)));
    store.record(scan("scan-3", day(2), List.of(two)));
    store.record(scan("scan-4", day(3), List.of(two)));
    VerifyResult untouched = store.verify();
    assertThat(untouched.intact()).as(untouched.describe()).isTrue();
    assertThat(untouched.scansChecked()).isEqualTo(4);
  }

  private void assertBrokenAt(long seq, Optional<String> scanId, String problem) {
    VerifyResult result = store.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.broken())
        .get()
        .extracting(
            VerifyResult.BrokenLink::seq,
            VerifyResult.BrokenLink::scanId,
            VerifyResult.BrokenLink::problem)
        .containsExactly(seq, scanId, problem);
  }

  private Lifecycle onlyLifecycle() {
    List<Lifecycle> lifecycles = store.lifecycles(LifecycleFilter.all());
    assertThat(lifecycles).hasSize(1);
    return lifecycles.get(0);
  }

  private List<String> ids(FindingFilter filter) {
    return store.findings("scan-2", filter).stream()
        .map(stored -> stored.finding().resourceId())
        .sorted()
        .toList();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  private List<List<String>> query(String sql) {
    return query(store, sql);
  }

  private static List<List<String>> query(Store store, String sql) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int width = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= width; column++) {
          row.add(String.valueOf(result.getObject(column)));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
