package io.plumbline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.store.AppliedWaiver;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.ReportFile;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.StoredFinding;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The views of stored scans, findings, lifecycles, waivers, reports and rules that the REST API
 * (/api/v1) and the CLI ({@code plumbline history --format json}) both print: snake_case keys,
 * ISO-8601 times, lower-case enum values. They are a contract with API clients, kept apart from the
 * domain records so that those can change freely.
 */
public final class Views {

  /**
   * How these shapes are written outside the service (the service's mapper is configured alike).
   */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private Views() {}

  public record Scan(
      String scanId,
      long seq,
      Instant startedAt,
      Instant finishedAt,
      String status,
      String error,
      String snapshotId,
      String contentHash,
      long resources,
      long failedReads,
      Map<String, Long> findings,
      Map<String, Long> events,
      String rowHash) {

    public static Scan of(ScanSummary summary) {
      Map<String, Long> findings = new LinkedHashMap<>();
      for (Verdict verdict : Verdict.values()) {
        findings.put(lower(verdict), summary.findings(verdict));
      }
      Map<String, Long> events = new LinkedHashMap<>();
      for (LifecycleEventKind kind : LifecycleEventKind.values()) {
        events.put(lower(kind), summary.events(kind));
      }
      return new Scan(
          summary.scanId(),
          summary.seq(),
          summary.startedAt(),
          summary.finishedAt(),
          lower(summary.status()),
          summary.error().orElse(null),
          summary.snapshotId().orElse(null),
          summary.contentHash().orElse(null),
          summary.resourceCount(),
          summary.failedCoverageCount(),
          findings,
          events,
          summary.rowHash());
    }
  }

  public record FindingView(
      String fingerprint,
      String ruleId,
      String severity,
      String verdict,
      String resourceType,
      String scope,
      String resourceId,
      String attribute,
      String message,
      JsonNode evidence,
      String location,
      String waiver,
      String event) {

    public static FindingView of(StoredFinding stored) {
      Finding finding = stored.finding();
      return new FindingView(
          finding.fingerprint(),
          finding.ruleId(),
          lower(finding.severity()),
          lower(finding.verdict()),
          finding.resourceType(),
          finding.scope().toString(),
          finding.resourceId(),
          finding.attribute().orElse(null),
          finding.message(),
          finding.evidence(),
          finding.location().orElse(null),
          finding.waiver().orElse(null),
          stored.event().map(Views::lower).orElse(null));
    }
  }

  public record LifecycleView(
      String fingerprint,
      String ruleId,
      String severity,
      String resourceType,
      String scope,
      String resourceId,
      String attribute,
      String state,
      boolean waived,
      String lastVerdict,
      String firstSeenScan,
      Instant firstSeenAt,
      String lastSeenScan,
      Instant lastSeenAt,
      String resolvedScan,
      Instant resolvedAt,
      int reopenCount,
      List<Event> history) {

    public static LifecycleView of(Lifecycle lifecycle, List<LifecycleEvent> history) {
      return new LifecycleView(
          lifecycle.fingerprint(),
          lifecycle.ruleId(),
          lower(lifecycle.severity()),
          lifecycle.resourceType(),
          lifecycle.scope().toString(),
          lifecycle.resourceId(),
          lifecycle.attribute().orElse(null),
          lower(lifecycle.state()),
          lifecycle.waived(),
          lifecycle.lastVerdict().map(Views::lower).orElse(null),
          lifecycle.firstSeenScan(),
          lifecycle.firstSeenAt(),
          lifecycle.lastSeenScan(),
          lifecycle.lastSeenAt(),
          lifecycle.resolvedScan().orElse(null),
          lifecycle.resolvedAt().orElse(null),
          lifecycle.reopenCount(),
          history.stream().map(Event::of).toList());
    }
  }

  public record Event(String scanId, long seq, Instant at, String event, String verdict) {
    public static Event of(LifecycleEvent event) {
      return new Event(
          event.scanId(),
          event.seq(),
          event.at(),
          lower(event.kind()),
          event.verdict().map(Views::lower).orElse(null));
    }
  }

  public record Waiver(
      String id,
      String state,
      LocalDate expires,
      String owner,
      String ticket,
      String justification,
      String source,
      List<String> fingerprints) {
    public static Waiver of(AppliedWaiver waiver) {
      return new Waiver(
          waiver.waiverId(),
          lower(waiver.state()),
          waiver.expires(),
          waiver.owner(),
          waiver.ticket(),
          waiver.justification(),
          waiver.source(),
          waiver.fingerprints());
    }
  }

  public record Report(
      String format, String sha256, long sizeBytes, Instant writtenAt, String href) {
    public static Report of(String scanId, ReportFile file) {
      return new Report(
          file.format(),
          file.sha256(),
          file.sizeBytes(),
          file.writtenAt(),
          "/api/v1/scans/" + scanId + "/reports/" + file.format());
    }
  }

  public record Rule(
      String id,
      String title,
      String severity,
      String resourceType,
      List<String> requires,
      List<String> joins,
      String rationale,
      String remediation,
      String terraformResource,
      String source) {
    public static Rule of(RuleMetadata rule) {
      return new Rule(
          rule.id(),
          rule.title(),
          lower(rule.severity()),
          rule.resourceType(),
          rule.requires(),
          rule.joins(),
          rule.rationale(),
          rule.remediation(),
          rule.terraformResource().orElse(null),
          rule.source());
    }
  }

  public static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
