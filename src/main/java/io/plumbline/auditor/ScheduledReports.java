package io.plumbline.auditor;

import static java.util.Objects.requireNonNull;

import io.plumbline.store.Store;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduled period report of {@code serve} ({@code plumbline.report.schedule}): at each firing,
 * the previous calendar month's report for every framework, built from the store and kept in it
 * with its SHA-256 ({@code period_reports}), once per period however many replicas fire.
 */
public final class ScheduledReports {

  /** Quartz cron of the default schedule: the 1st of each month at 06:00 UTC. */
  public static final String DEFAULT_SCHEDULE = "0 0 6 1 * ?";

  static final Set<PeriodReportWriter.Format> FORMATS =
      EnumSet.of(
          PeriodReportWriter.Format.PDF,
          PeriodReportWriter.Format.HTML,
          PeriodReportWriter.Format.JSON);

  private final Store store;
  private final ReportSettings settings;
  private final String toolVersion;

  public ScheduledReports(Store store, ReportSettings settings, String toolVersion) {
    this.store = requireNonNull(store, "store is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.toolVersion = requireNonNull(toolVersion, "toolVersion is null");
  }

  /** What one firing stored: the report id and its formats, or nothing when it existed already. */
  public record Written(String reportId, Period period, List<Store.StoredReport> files) {}

  /** Builds and stores the previous month's report; empty when it was stored already. */
  public Optional<Written> run(Instant now) {
    Period period = Period.previousMonth(now);
    String reportId = "period-" + period.label() + "-all";
    boolean exists =
        store.storedReports().stream().anyMatch(report -> report.reportId().equals(reportId));
    if (exists) {
      return Optional.empty();
    }
    PeriodReport report =
        new PeriodReportBuilder(
                store,
                settings.slos(),
                settings.maxScanGap(),
                Optional.empty(),
                toolVersion,
                "plumbline serve (plumbline.report.schedule)")
            .build(period, PeriodReportBuilder.ALL, now);
    List<Store.StoredReport> files = new ArrayList<>();
    for (PeriodReportWriter.Format format : FORMATS) {
      byte[] bytes = PeriodReportWriter.render(report, format);
      Store.StoredReport stored =
          new Store.StoredReport(
              reportId,
              format.label(),
              period.from(),
              period.to(),
              PeriodReportBuilder.ALL,
              now,
              sha256(bytes),
              bytes.length,
              format.mediaType());
      if (store.storeReport(stored, bytes)) {
        files.add(stored);
      }
    }
    return files.isEmpty() ? Optional.empty() : Optional.of(new Written(reportId, period, files));
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
