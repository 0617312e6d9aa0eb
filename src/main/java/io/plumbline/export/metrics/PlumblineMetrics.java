package io.plumbline.export.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.policy.RuleMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The plumbline_* series on /q/metrics. Names and labels are relied upon by alert rules and
 * dashboards (docs/metrics.md): change them only together with deploy/prometheus/.
 *
 * <p>Counters count what this process did; gauges show the latest stored scan, whichever replica
 * ran it, so every replica reports the same posture.
 */
@ApplicationScoped
public class PlumblineMetrics {

  /** The values of the {@code result} label of plumbline_scans_total. */
  public enum ScanResult {
    SUCCESS("success"),
    INCOMPLETE("incomplete"),
    FAILED("failed"),
    ABORTED("aborted");

    private final String label;

    ScanResult(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final MeterRegistry registry;
  private final Timer scanDuration;
  private final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);
  private final MultiGauge findings;
  private final MultiGauge workspaceFindings;
  private final MultiGauge driftChanges;
  private final MultiGauge coverage;
  private final MultiGauge waiversExpiring;

  @Inject
  public PlumblineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.scanDuration =
        Timer.builder("plumbline.scan.duration")
            .description("Duration of scans run by this replica, collection to stored result")
            // the buckets docs/metrics.md documents, from a one-second sandbox scan to two hours
            .serviceLevelObjectives(
                seconds(1),
                seconds(5),
                seconds(15),
                seconds(30),
                seconds(60),
                seconds(120),
                seconds(300),
                seconds(600),
                seconds(900),
                seconds(1200),
                seconds(1800),
                seconds(2700),
                seconds(3600),
                seconds(5400),
                seconds(7200))
            .register(registry);
    Gauge.builder(
            "plumbline.scan.last.success.timestamp.seconds", lastSuccess, AtomicReference::get)
        .description(
            "Unix time at which the latest completed scan (success or incomplete) finished")
        .register(registry);
    for (ScanResult result : ScanResult.values()) {
      scans(result); // every result appears at 0, so rate() and increase() see the first one
    }
    findings = multiGauge("plumbline.findings", "Open findings by severity, rule and verdict");
    workspaceFindings =
        multiGauge("plumbline.workspace.findings", "Open FAIL findings by workspace and severity");
    driftChanges =
        multiGauge("plumbline.drift.changes", "Changes in the latest scan against the one before");
    coverage =
        multiGauge(
            "plumbline.collection.coverage.ratio",
            "Complete reads over attempted reads in the latest scan, by workspace");
    waiversExpiring =
        multiGauge("plumbline.waivers.expiring", "Waivers in force that expire within a window");
  }

  public void scanFinished(ScanResult result, Duration duration, Instant finishedAt) {
    scans(result).increment();
    // an incomplete scan stored its snapshot and findings: it is not stale, only partial; failed
    // and aborted scans stop early, and their durations would only pull the histogram down
    if (result == ScanResult.SUCCESS || result == ScanResult.INCOMPLETE) {
      scanDuration.record(duration);
      lastSuccess.set((double) finishedAt.getEpochSecond());
    }
  }

  /**
   * Sets the last-success gauge from the store: when a replica starts, and whenever a newer scan is
   * stored, by this replica or another, so that every replica reports the same time.
   */
  public void lastSuccessfulScan(Instant finishedAt) {
    lastSuccess.set((double) finishedAt.getEpochSecond());
  }

  /** Counts a scan's API calls; keys are "API STATUS" as in the snapshot's collection stats. */
  public void apiCalls(Map<String, Long> callsByApiAndStatus) {
    callsByApiAndStatus.forEach(
        (key, count) -> {
          int space = key.lastIndexOf(' ');
          String api = space < 0 ? key : key.substring(0, space);
          String status = space < 0 ? "unknown" : key.substring(space + 1);
          Counter.builder("plumbline.api.requests")
              .description("Databricks and AWS API calls made by scans, by API and HTTP status")
              .tags("api", api, "status", status)
              .register(registry)
              .increment(count);
          if (status.equals("429")) {
            throttled(api).increment(count);
          }
        });
  }

  public void publish(Posture posture) {
    findings.register(
        posture.openFindings().stream()
            .map(
                row ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "severity",
                            row.severity(),
                            "rule",
                            row.rule(),
                            "verdict",
                            row.verdict()),
                        row.count()))
            .toList(),
        true);
    workspaceFindings.register(
        posture.workspaceFindings().stream()
            .map(
                row ->
                    MultiGauge.Row.of(
                        Tags.of("workspace", row.workspace(), "severity", row.severity()),
                        row.count()))
            .toList(),
        true);
    driftChanges.register(rows("kind", posture.driftChanges()), true);
    coverage.register(rows("workspace", posture.coverageRatio()), true);
    waiversExpiring.register(rows("within", posture.waiversExpiring()), true);
  }

  /**
   * Exports plumbline_api_throttled_total at 0 for every API the collectors declare, so that the
   * first throttle of an API is an increase that alert rules can see.
   */
  public void apis(java.util.Collection<String> names) {
    names.forEach(this::throttled);
  }

  /**
   * Exports plumbline_findings_new_total at 0 for every rule of the pack, so that the first new
   * finding of a rule is an increase that alert rules can see.
   */
  public void rules(List<RuleMetadata> rules) {
    rules.forEach(rule -> newFindings(rule.id(), rule.severity()));
  }

  /** Counts findings that became open in a scan: new ones and reopened ones. */
  public void findingsOpened(List<Finding> findings) {
    findings.forEach(finding -> newFindings(finding.ruleId(), finding.severity()).increment());
  }

  private Counter newFindings(String rule, Severity severity) {
    return Counter.builder("plumbline.findings.new")
        .description("FAIL findings that became open (new or reopened), by severity and rule")
        .tags("severity", severity.name().toLowerCase(Locale.ROOT), "rule", rule)
        .register(registry);
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private Counter throttled(String api) {
    return Counter.builder("plumbline.api.throttled")
        .description("API calls answered 429 (throttled), by API")
        .tags("api", api)
        .register(registry);
  }

  private Counter scans(ScanResult result) {
    return Counter.builder("plumbline.scans")
        .description("Scans run by this replica, by result")
        .tags("result", result.label())
        .register(registry);
  }

  private MultiGauge multiGauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  private static List<MultiGauge.Row<?>> rows(String label, Map<String, ? extends Number> values) {
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(
            entry -> MultiGauge.Row.of(Tags.of(label, entry.getKey()), entry.getValue()))
        .toList();
  }
}
