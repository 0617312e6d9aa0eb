package io.plumbline.store;

import static io.plumbline.store.Scans.day;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan killed mid-write (the JVM recording it destroyed while its transaction is open) leaves the
 * store as it was: the chain verifies, and the next scan records every finding once.
 */
abstract class StoreCrashContract {

  private static final int FIRST_SCAN_FAILING = 1_000;
  private static final int KILLED_SCAN_FAILING = 8_000;

  protected abstract TestDatabase database();

  @ParameterizedTest
  @ValueSource(strings = {"findings written", "lifecycles written"})
  void aScanKilledMidWriteLeavesTheStoreConsistentAndTheNextScanCompletes(String killPhase)
      throws Exception {
    StoreSettings settings = database().freshStore();
    try (Store store = Store.open(settings)) {
      store.record(Scans.large("scan-1", day(0), FIRST_SCAN_FAILING));
    }

    List<String> childOutput = killMidWrite(settings, "scan-2", killPhase);
    assertThat(childOutput).contains("waiting").doesNotContain("recorded");

    try (Store store = Store.open(settings)) {
      VerifyResult afterCrash = store.verify();
      assertThat(afterCrash.intact()).as(afterCrash.describe()).isTrue();
      assertThat(store.scans(Optional.empty()))
          .extracting(ScanSummary::scanId)
          .containsExactly("scan-1");
      assertThat(count(store, "SELECT COUNT(*) FROM findings")).isEqualTo(FIRST_SCAN_FAILING);
      assertThat(count(store, "SELECT COUNT(*) FROM lifecycle_events"))
          .isEqualTo(FIRST_SCAN_FAILING);
      assertThat(count(store, "SELECT COUNT(*) FROM snapshots")).isEqualTo(1);
      assertThat(store.lifecycles(LifecycleFilter.all())).hasSize(FIRST_SCAN_FAILING);

      ScanReceipt next = store.record(Scans.large("scan-2", day(1), KILLED_SCAN_FAILING));

      assertThat(next.seq()).isEqualTo(2);
      Map<LifecycleEventKind, Long> events =
          next.events().stream()
              .collect(Collectors.groupingBy(LifecycleEvent::kind, Collectors.counting()));
      assertThat(events)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  LifecycleEventKind.PERSISTING, (long) FIRST_SCAN_FAILING,
                  LifecycleEventKind.NEW, (long) (KILLED_SCAN_FAILING - FIRST_SCAN_FAILING)));
      List<Lifecycle> lifecycles = store.lifecycles(LifecycleFilter.all());
      assertThat(lifecycles).hasSize(KILLED_SCAN_FAILING).allMatch(Lifecycle::isOpen);
      assertThat(
              lifecycles.stream().filter(lifecycle -> lifecycle.firstSeenScan().equals("scan-1")))
          .hasSize(FIRST_SCAN_FAILING);
      assertThat(count(store, "SELECT COUNT(*) FROM findings WHERE scan_id = 'scan-2'"))
          .isEqualTo(KILLED_SCAN_FAILING);
      assertThat(
              count(
                  store,
                  "SELECT COUNT(DISTINCT fingerprint) FROM findings WHERE scan_id = 'scan-2'"))
          .isEqualTo(KILLED_SCAN_FAILING);
      VerifyResult afterNext = store.verify();
      assertThat(afterNext.intact()).as(afterNext.describe()).isTrue();
      assertThat(afterNext.scansChecked()).isEqualTo(2);
    }
  }

  /** Runs {@link CrashingRecorder} and kills its JVM once it waits inside the transaction. */
  private static List<String> killMidWrite(StoreSettings settings, String scanId, String phase)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingRecorder.class.getName(),
                settings.jdbcUrl(),
                scanId,
                day(1).toString(),
                Integer.toString(KILLED_SCAN_FAILING),
                phase)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                  if (line.equals("waiting")) {
                    return;
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      waiting.get(180, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    }
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private static long count(Store store, String sql) throws SQLException {
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
