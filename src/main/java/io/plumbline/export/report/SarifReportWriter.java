package io.plumbline.export.report;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code findings.sarif}: SARIF 2.1.0 as GitHub code scanning takes it. The driver lists every rule
 * that ran; results are the FAIL findings, and the WAIVED ones with an external suppression
 * carrying the waiver's justification. PASS and UNKNOWN are not results (UNKNOWN reads are reported
 * as tool notifications of the invocation instead).
 *
 * <p>Code scanning rejects a result without a physical location, and estate resources have no file.
 * A finding located at a baseline {@code file:line} points there; any other points at a stable
 * pseudo-path naming the resource ({@code estate/workspace/<id>/<type>/<id>}), with the Terraform
 * address or resource address as its logical location.
 */
public final class SarifReportWriter implements ReportWriter {

  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String FINGERPRINT_KEY = "plumbline/v1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern FILE_LINE = Pattern.compile("([^\\s\\[\\]\"]+):(\\d+)");

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public String fileName() {
    return "findings.sarif";
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    out.write(JsonReportWriter.pretty(document(model)));
  }

  static ObjectNode document(ReportModel model) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "plumbline");
    driver.put("version", model.toolVersion());
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (RuleMetadata rule : model.rules()) {
      ruleIndex.put(rule.id(), rules.size());
      rules.add(rule(rule, model.frameworks(rule.id())));
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    invocation.put("startTimeUtc", model.snapshot().takenAt().toString());
    invocation.put("endTimeUtc", model.evaluatedAt().toString());
    if (!model.snapshot().coverageGaps().isEmpty()) {
      ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
      for (Coverage gap : model.snapshot().coverageGaps()) {
        ObjectNode notification = notifications.addObject();
        notification.put("level", "warning");
        notification
            .putObject("message")
            .put(
                "text",
                "incomplete read, its findings are UNKNOWN: "
                    + gap.scope()
                    + " "
                    + gap.resourceType()
                    + ": "
                    + gap.reason().map(Object::toString).orElse(""));
        notification.putObject("descriptor").put("id", "coverage-gap");
      }
    }
    Map<String, WaiverStatus> waivers = new HashMap<>();
    model.waivers().forEach(status -> waivers.put(status.waiver().id(), status));
    ArrayNode results = run.putArray("results");
    for (Finding finding : model.findings()) {
      if (finding.verdict() == Verdict.FAIL || finding.verdict() == Verdict.WAIVED) {
        results.add(
            result(
                finding,
                ruleIndex.getOrDefault(finding.ruleId(), -1),
                finding.waiver().map(waivers::get)));
      }
    }
    ObjectNode properties = run.putObject("properties");
    properties.put("snapshotId", model.snapshot().id());
    properties.put("snapshotTakenAt", model.snapshot().takenAt().toString());
    properties.put("snapshotContentHash", model.snapshot().contentHash());
    properties.put("snapshotComplete", model.snapshot().isComplete());
    properties.put("rulePack", model.rulePack());
    return root;
  }

  private static ObjectNode rule(RuleMetadata rule, List<String> frameworks) {
    ObjectNode node = NODES.objectNode();
    node.put("id", rule.id());
    node.put("name", name(rule.title()));
    node.putObject("shortDescription").put("text", rule.title());
    node.putObject("fullDescription").put("text", rule.rationale());
    String terraform =
        rule.terraformResource().map(type -> "\n\nTerraform resource: " + type).orElse("");
    ObjectNode help = node.putObject("help");
    help.put("text", rule.remediation() + terraform);
    help.put(
        "markdown",
        "**Remediation.** "
            + rule.remediation()
            + rule.terraformResource()
                .map(type -> "\n\nTerraform resource: `" + type + "`")
                .orElse("")
            + "\n\n**Why.** "
            + rule.rationale());
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ObjectNode properties = node.putObject("properties");
    properties.put("severity", rule.severity().label());
    securitySeverity(rule.severity())
        .ifPresent(score -> properties.put("security-severity", score));
    Set<String> tags = new LinkedHashSet<>();
    tags.add("security");
    tags.add("compliance");
    tags.add(rule.resourceType());
    tags.addAll(frameworks);
    ArrayNode tagArray = properties.putArray("tags");
    tags.forEach(tagArray::add);
    properties.put("resourceType", rule.resourceType());
    return node;
  }

  private static ObjectNode result(Finding finding, int ruleIndex, Optional<WaiverStatus> waiver) {
    ObjectNode node = NODES.objectNode();
    node.put("ruleId", finding.ruleId());
    if (ruleIndex >= 0) {
      node.put("ruleIndex", ruleIndex);
    }
    node.put("kind", "fail");
    node.put("level", level(finding.severity()));
    node.putObject("message").put("text", finding.message());
    node.putArray("locations").add(location(finding));
    node.putObject("partialFingerprints").put(FINGERPRINT_KEY, finding.fingerprint());
    if (finding.verdict() == Verdict.WAIVED) {
      ObjectNode suppression = node.putArray("suppressions").addObject();
      suppression.put("kind", "external");
      suppression.put("status", "accepted");
      suppression.put("justification", justification(finding, waiver));
    }
    ObjectNode properties = node.putObject("properties");
    properties.put("verdict", finding.verdict().name());
    properties.put("severity", finding.severity().label());
    properties.put("resourceType", finding.resourceType());
    properties.put("scope", finding.scope().toString());
    properties.put("resourceId", finding.resourceId());
    finding.attribute().ifPresent(attribute -> properties.put("attribute", attribute));
    finding.waiver().ifPresent(id -> properties.put("waiver", id));
    properties.set("evidence", finding.evidence());
    return node;
  }

  private static String justification(Finding finding, Optional<WaiverStatus> status) {
    String id = finding.waiver().orElse("");
    if (status.isEmpty()) {
      return "waiver " + id;
    }
    Waiver waiver = status.get().waiver();
    return "waiver "
        + id
        + " ("
        + waiver.owner()
        + ", "
        + waiver.ticket()
        + ", until "
        + waiver.expires()
        + "): "
        + waiver.justification();
  }

  static ObjectNode location(Finding finding) {
    ObjectNode location = NODES.objectNode();
    ObjectNode physical = location.putObject("physicalLocation");
    Optional<Matcher> fileLine =
        finding.location().map(FILE_LINE::matcher).filter(Matcher::matches);
    if (fileLine.isPresent()) {
      physical.putObject("artifactLocation").put("uri", path(fileLine.get().group(1)));
      physical.putObject("region").put("startLine", Integer.parseInt(fileLine.get().group(2)));
    } else {
      physical.putObject("artifactLocation").put("uri", pseudoPath(finding));
      physical.putObject("region").put("startLine", 1);
    }
    ArrayNode logical = location.putArray("logicalLocations");
    if (finding.location().isPresent() && fileLine.isEmpty()) {
      logical
          .addObject()
          .put("fullyQualifiedName", finding.location().get())
          .put("kind", "resource");
    }
    logical
        .addObject()
        .put("fullyQualifiedName", finding.resourceAddress())
        .put("kind", "resource");
    return location;
  }

  /** A stable, repository-relative pseudo-path for a resource that has no file. */
  static String pseudoPath(Finding finding) {
    List<String> segments = new ArrayList<>();
    segments.add("estate");
    segments.add(finding.scope().kind().label());
    segments.add(finding.scope().id());
    segments.add(finding.resourceType());
    segments.add(finding.resourceId());
    return String.join("/", segments.stream().map(SarifReportWriter::encode).toList());
  }

  private static String path(String file) {
    String normalised = file.replace('\\', '/');
    while (normalised.startsWith("./")) {
      normalised = normalised.substring(2);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : normalised.split("/", -1)) {
      segments.add(encode(segment));
    }
    return String.join("/", segments);
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte value : segment.getBytes(StandardCharsets.UTF_8)) {
      char character = (char) (value & 0xff);
      if ((character >= 'A' && character <= 'Z')
          || (character >= 'a' && character <= 'z')
          || (character >= '0' && character <= '9')
          || character == '-'
          || character == '.'
          || character == '_'
          || character == '~') {
        out.append(character);
      } else {
        out.append('%').append(String.format("%02X", value & 0xff));
      }
    }
    return out.toString();
  }

  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub's score bands: critical above 9, high 7 to 8.9, medium 4 to 6.9, low below 4. */
  private static Optional<String> securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> Optional.of("9.5");
      case HIGH -> Optional.of("8.0");
      case MEDIUM -> Optional.of("5.5");
      case LOW -> Optional.of("3.0");
      case INFO -> Optional.empty();
    };
  }

  /** A SARIF rule name: the title in UpperCamelCase, letters and digits only. */
  private static String name(String title) {
    StringBuilder name = new StringBuilder();
    for (String word : title.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return name.toString();
  }
}
