package io.plumbline.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.store.Store;
import io.plumbline.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled report of serve: the previous month's, kept in the store with its hashes, once per
 * period. Run on a copy of the four-scan store (the shared one stays as built).
 */
class ScheduledReportsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void theFirstOfNextMonthStoresThisMonthsReportOnceWithItsHashes() throws Exception {
    AuditorStore estate = AuditorStore.shared();
    Path copy = directory.resolve("plumbline.mv.db");
    Files.copy(estate.directory.resolve("store/plumbline.mv.db"), copy);
    Instant firing =
        YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
    try (Store store =
        Store.open(StoreSettings.of("jdbc:h2:file:" + directory.resolve("plumbline")))) {
      ScheduledReports schedule =
          new ScheduledReports(store, ReportSettings.from(key -> Optional.empty()), "test");
      ScheduledReports.Written written = schedule.run(firing).orElseThrow();
      assertThat(written.period().label()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
      assertThat(written.files())
          .extracting(Store.StoredReport::format)
          .containsExactlyInAnyOrder("pdf", "html", "json");

      List<Store.StoredReport> listed = store.storedReports();
      assertThat(listed).hasSize(3);
      for (Store.StoredReport report : listed) {
        byte[] bytes = store.storedReport(report.reportId(), report.format()).orElseThrow();
        assertThat(ScheduledReports.sha256(bytes)).isEqualTo(report.sha256());
        assertThat((long) bytes.length).isEqualTo(report.sizeBytes());
      }
      JsonNode json = JSON.readTree(store.storedReport(written.reportId(), "json").orElseThrow());
      assertThat(json.path("cadence").path("scans")).hasSize(4);
      assertThat(json.path("cover").path("generated_by").asText())
          .contains("plumbline.report.schedule");

      // a second firing (another replica, or a restart) stores nothing more
      assertThat(schedule.run(firing.plusSeconds(30))).isEmpty();
      assertThat(store.storedReports()).hasSize(3);
    }
  }
}
