package io.plumbline.auditor;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The settings of period reports: the remediation SLOs ({@code plumbline.report.slo.*}) and the
 * longest gap between scans the schedule allows ({@code plumbline.report.max-scan-gap}, default
 * 25h: a daily schedule with an hour's slack).
 */
public record ReportSettings(Slos slos, Duration maxScanGap) {

  public static final Duration DEFAULT_MAX_SCAN_GAP = Duration.ofHours(25);

  public static ReportSettings from(Function<String, Optional<String>> lookup) {
    Duration gap =
        lookup
            .apply("plumbline.report.max-scan-gap")
            .map(value -> Slos.parse("plumbline.report.max-scan-gap", value))
            .orElse(DEFAULT_MAX_SCAN_GAP);
    return new ReportSettings(Slos.from(lookup), gap);
  }

  /** From the application's configuration (properties, environment, application.properties). */
  public static ReportSettings fromConfig() {
    var config = ConfigProvider.getConfig();
    return from(key -> config.getOptionalValue(key, String.class));
  }
}
