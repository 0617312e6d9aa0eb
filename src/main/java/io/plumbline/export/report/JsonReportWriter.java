package io.plumbline.export.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.Waiver;
import io.plumbline.policy.WaiverStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code findings.json}: every finding with its verdict, and around them the snapshot judged, the
 * gate, counts, coverage gaps, waivers and the rules that ran. Absent values are {@code null}, so
 * every finding has every field.
 */
public final class JsonReportWriter implements ReportWriter {

  /** Version of this document's shape; raised when a field changes meaning or goes away. */
  public static final int REPORT_VERSION = 1;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter PRETTY =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  /**
   * Streams the document: everything but the findings is small and built as a tree, the findings
   * (hundreds of thousands of PASS verdicts on a large estate) are written one by one, so the
   * report never has to fit in memory as a whole.
   */
  @Override
  public String format() {
    return "json";
  }

  @Override
  public String fileName() {
    return "findings.json";
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    ObjectNode head = head(model);
    try (JsonGenerator generator = PRETTY.createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      generator.writeStartObject();
      for (Map.Entry<String, JsonNode> field : head.properties()) {
        generator.writeFieldName(field.getKey());
        generator.writeTree(field.getValue());
      }
      generator.writeFieldName("findings");
      generator.writeStartArray();
      for (Finding finding : model.findings()) {
        generator.writeTree(finding(finding));
      }
      generator.writeEndArray();
      generator.writeEndObject();
    }
    out.write('\n');
  }

  /** Pretty-printed JSON as every JSON output of plumbline writes it (two spaces, LF). */
  public static String pretty(JsonNode node) throws IOException {
    return PRETTY.writeValueAsString(node) + "\n";
  }

  static ObjectNode document(ReportModel model) {
    ObjectNode root = head(model);
    ArrayNode findings = root.putArray("findings");
    model.findings().forEach(finding -> findings.add(finding(finding)));
    return root;
  }

  /** The document without its findings. */
  private static ObjectNode head(ReportModel model) {
    ObjectNode root = NODES.objectNode();
    root.put("report_version", REPORT_VERSION);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "plumbline");
    tool.put("version", model.toolVersion());
    root.put("evaluated_at", model.evaluatedAt().toString());
    root.put("rule_pack", model.rulePack());
    root.set("snapshot", snapshot(model.snapshot()));
    root.set("gate", gate(model));
    root.set("summary", summary(model));
    ArrayNode gaps = root.putArray("coverage_gaps");
    model.snapshot().coverageGaps().forEach(gap -> gaps.add(coverage(gap)));
    ArrayNode waivers = root.putArray("waivers");
    model.waivers().forEach(status -> waivers.add(waiver(status)));
    ArrayNode rules = root.putArray("rules");
    model.rules().forEach(rule -> rules.add(rule(rule, model.frameworks(rule.id()))));
    return root;
  }

  private static ObjectNode snapshot(SnapshotSummary snapshot) {
    ObjectNode node = NODES.objectNode();
    node.put("id", snapshot.id());
    node.put("taken_at", snapshot.takenAt().toString());
    node.put("content_hash", snapshot.contentHash());
    node.put("resources", snapshot.resourceCount());
    node.put("complete", snapshot.isComplete());
    node.put("coverage_reads", snapshot.coverageReads());
    node.put("coverage_failed", snapshot.coverageGaps().size());
    return node;
  }

  private static ObjectNode gate(ReportModel model) {
    ObjectNode node = NODES.objectNode();
    node.put("fail_on", model.failOn().map(Severity::label).orElse(null));
    node.put("failed", model.gateFailed());
    node.put("failing_findings", model.gateFailures().size());
    return node;
  }

  private static ObjectNode summary(ReportModel model) {
    ObjectNode node = NODES.objectNode();
    ObjectNode byVerdict = node.putObject("by_verdict");
    for (Verdict verdict : Verdict.values()) {
      byVerdict.put(verdict.name(), model.countsByVerdict().getOrDefault(verdict, 0L));
    }
    node.set("fail_by_severity", bySeverity(model.failuresBySeverity()));
    ArrayNode byScope = node.putArray("by_scope");
    for (ScopeCounts counts : model.countsByScope()) {
      ObjectNode row = byScope.addObject();
      row.put("scope", counts.scope().toString());
      row.put("name", counts.name().orElse(null));
      row.put("fail", counts.failures());
      row.set("fail_by_severity", bySeverity(counts.failuresBySeverity()));
      row.put("unknown", counts.unknown());
      row.put("waived", counts.waived());
      row.put("pass", counts.passed());
    }
    return node;
  }

  private static ObjectNode bySeverity(Map<Severity, Long> counts) {
    ObjectNode node = NODES.objectNode();
    for (Severity severity : Severity.values()) {
      node.put(severity.label(), counts.getOrDefault(severity, 0L));
    }
    return node;
  }

  static ObjectNode coverage(Coverage coverage) {
    ObjectNode node = NODES.objectNode();
    node.put("scope", coverage.scope().toString());
    node.put("resource_type", coverage.resourceType());
    coverage
        .reason()
        .ifPresent(
            reason -> {
              if (reason.httpStatus().isPresent()) {
                node.put("http_status", reason.httpStatus().getAsInt());
              } else {
                node.putNull("http_status");
              }
              node.put("error_code", reason.errorCode());
              node.put("message", reason.message());
              node.put("attempts", reason.attempts());
            });
    return node;
  }

  private static ObjectNode waiver(WaiverStatus status) {
    Waiver waiver = status.waiver();
    ObjectNode node = NODES.objectNode();
    node.put("id", waiver.id());
    node.put("state", status.state().name().toLowerCase(Locale.ROOT));
    node.put("rule", waiver.rule());
    node.put("scope", waiver.scope().orElse(null));
    node.put("resource", waiver.resource().orElse(null));
    node.put("attribute", waiver.attribute().orElse(null));
    node.put("justification", waiver.justification());
    node.put("owner", waiver.owner());
    node.put("ticket", waiver.ticket());
    node.put("expires", waiver.expires().toString());
    node.put("days_left", status.daysLeft());
    node.put("source", waiver.source());
    ArrayNode findings = node.putArray("findings");
    status.findings().forEach(findings::add);
    return node;
  }

  /**
   * A rule as {@code plumbline rules --format json} and the report list it: id, title, severity,
   * resource type, rationale, remediation, Terraform resource and framework references.
   */
  public static ObjectNode rule(RuleMetadata rule, List<String> frameworks) {
    ObjectNode node = NODES.objectNode();
    node.put("id", rule.id());
    node.put("title", rule.title());
    node.put("severity", rule.severity().label());
    node.put("resource_type", rule.resourceType());
    node.put("rationale", rule.rationale());
    node.put("remediation", rule.remediation());
    node.put("terraform", rule.terraformResource().orElse(null));
    ArrayNode references = node.putArray("frameworks");
    frameworks.forEach(references::add);
    return node;
  }

  static ObjectNode finding(Finding finding) {
    ObjectNode node = NODES.objectNode();
    node.put("verdict", finding.verdict().name());
    node.put("rule_id", finding.ruleId());
    node.put("severity", finding.severity().label());
    node.put("resource_type", finding.resourceType());
    node.put("scope", finding.scope().toString());
    node.put("resource_id", finding.resourceId());
    node.put("attribute", text(finding.attribute()));
    node.put("message", finding.message());
    node.set("evidence", finding.evidence());
    node.put("fingerprint", finding.fingerprint());
    node.put("location", text(finding.location()));
    node.put("waiver", text(finding.waiver()));
    return node;
  }

  private static String text(Optional<String> value) {
    return value.orElse(null);
  }
}
