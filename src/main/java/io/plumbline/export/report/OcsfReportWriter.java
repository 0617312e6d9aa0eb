package io.plumbline.export.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Finding;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.WaiverStatus;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code findings.ocsf.jsonl}: OCSF 1.2.0 Compliance Finding events (class_uid 2003), one JSON
 * object per line, one per finding. {@code compliance.status_id} is 1 Pass or 3 Fail; UNKNOWN is 2
 * Warning ("did not yield a result due to missing information"); a WAIVED finding keeps its real
 * result (Fail) with the finding's {@code status_id} 3 Suppressed and the waiver's reason. The
 * framework controls are {@code compliance.requirements} (and their frameworks {@code standards});
 * the resource carries its Terraform address when the finding has one.
 */
public final class OcsfReportWriter implements ReportWriter {

  static final String OCSF_VERSION = "1.2.0";
  static final int CATEGORY_UID = 2;
  static final int CLASS_UID = 2003;
  static final int ACTIVITY_CREATE = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FILE_LINE = Pattern.compile("[^\\s]+:\\d+");

  @Override
  public String format() {
    return "ocsf";
  }

  @Override
  public String fileName() {
    return "findings.ocsf.jsonl";
  }

  @Override
  public String mediaType() {
    return "application/x-ndjson";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    Map<String, WaiverStatus> waivers = new TreeMap<>();
    model.waivers().forEach(status -> waivers.put(status.waiver().id(), status));
    for (Finding finding : model.findings()) {
      out.write(JSON.writeValueAsString(event(model, finding, waivers)));
      out.write('\n');
    }
  }

  /** One Compliance Finding event. */
  public static ObjectNode event(
      ReportModel model, Finding finding, Map<String, WaiverStatus> waivers) {
    Optional<RuleMetadata> rule = model.rule(finding.ruleId());
    ObjectNode event = JSON.createObjectNode();
    event.put("activity_id", ACTIVITY_CREATE).put("activity_name", "Create");
    event.put("category_uid", CATEGORY_UID).put("category_name", "Findings");
    event.put("class_uid", CLASS_UID).put("class_name", "Compliance Finding");
    event.put("type_uid", (long) CLASS_UID * 100 + ACTIVITY_CREATE);
    event.put("type_name", "Compliance Finding: Create");
    event.put("time", model.evaluatedAt().toEpochMilli());
    event.put("severity_id", severityId(finding.severity()));
    event.put("severity", severityCaption(finding.severity()));
    event.put("message", finding.message());

    ObjectNode metadata = event.putObject("metadata");
    metadata.put("version", OCSF_VERSION);
    metadata.put("uid", finding.fingerprint());
    metadata.put("log_name", "plumbline findings");
    metadata
        .putObject("product")
        .put("name", "plumbline")
        .put("vendor_name", "plumbline")
        .put("version", model.toolVersion());
    metadata.putArray("labels").add("rule_pack:" + model.rulePack());

    ObjectNode info = event.putObject("finding_info");
    info.put("uid", finding.fingerprint());
    info.put("title", rule.map(RuleMetadata::title).orElse(finding.ruleId()));
    rule.ifPresent(metadataOf -> info.put("desc", metadataOf.rationale()));
    info.putArray("types").add(finding.ruleId());
    info.put("product_uid", finding.ruleId());

    List<String> references = model.frameworks(finding.ruleId());
    Set<String> standards = new LinkedHashSet<>();
    references.forEach(reference -> standards.add(standardOf(reference)));
    if (standards.isEmpty()) {
      standards.add("plumbline");
    }
    ObjectNode compliance = event.putObject("compliance");
    ArrayNode standardList = compliance.putArray("standards");
    standards.forEach(standardList::add);
    ArrayNode requirements = compliance.putArray("requirements");
    references.forEach(requirements::add);
    compliance.put("control", finding.ruleId());
    switch (finding.verdict()) {
      case PASS -> compliance.put("status_id", 1).put("status", "Pass");
      case FAIL, WAIVED -> compliance.put("status_id", 3).put("status", "Fail");
      case UNKNOWN ->
          compliance
              .put("status_id", 2)
              .put("status", "Warning")
              .put("status_detail", "not judged: " + finding.message());
    }

    if (finding.verdict() == Verdict.WAIVED) {
      event.put("status_id", 3).put("status", "Suppressed");
      String waiverId = finding.waiver().orElse("");
      WaiverStatus waiver = waivers.get(waiverId);
      event.put(
          "status_detail",
          waiver == null
              ? "waived by " + waiverId
              : "waived by "
                  + waiverId
                  + " until "
                  + waiver.waiver().expires()
                  + " (owner "
                  + waiver.waiver().owner()
                  + ", ticket "
                  + waiver.waiver().ticket()
                  + "): "
                  + waiver.waiver().justification());
    } else if (finding.verdict() != Verdict.PASS) {
      event.put("status_id", 1).put("status", "New");
    }

    ObjectNode resource = event.putObject("resource");
    resource.put("uid", finding.resourceAddress());
    resource.put("name", finding.resourceId());
    resource.put("type", finding.resourceType());
    ObjectNode data = resource.putObject("data");
    data.put("scope", finding.scope().toString());
    finding.attribute().ifPresent(attribute -> data.put("attribute", attribute));
    terraformAddress(finding).ifPresent(address -> data.put("terraform_address", address));
    List<String> terraformTypes =
        ResourceCatalogue.find(finding.resourceType())
            .map(type -> type.terraformTypes())
            .orElse(List.of());
    if (!terraformTypes.isEmpty()) {
      data.put("terraform_type", terraformTypes.get(0));
    }
    finding.location().ifPresent(location -> data.put("location", location));

    rule.ifPresent(
        metadataOf -> {
          if (!metadataOf.remediation().isBlank()) {
            event.putObject("remediation").put("desc", metadataOf.remediation());
          }
        });
    ObjectNode unmapped = event.putObject("unmapped");
    unmapped.put("verdict", finding.verdict().name());
    unmapped.set("evidence", finding.evidence());
    return event;
  }

  /** The framework of a reference: {@code nist-800-53} of {@code nist-800-53:AC-2}. */
  static String standardOf(String reference) {
    int colon = reference.indexOf(':');
    if (colon > 0) {
      return reference.substring(0, colon);
    }
    int space = reference.lastIndexOf(' ');
    return space > 0 ? reference.substring(0, space) : reference;
  }

  /** A finding's location when it is a Terraform address rather than a baseline file:line. */
  static Optional<String> terraformAddress(Finding finding) {
    return finding.location().filter(location -> !FILE_LINE.matcher(location).matches());
  }

  static int severityId(Severity severity) {
    return switch (severity) {
      case INFO -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
    };
  }

  static String severityCaption(Severity severity) {
    return switch (severity) {
      case INFO -> "Informational";
      case LOW -> "Low";
      case MEDIUM -> "Medium";
      case HIGH -> "High";
      case CRITICAL -> "Critical";
    };
  }
}
