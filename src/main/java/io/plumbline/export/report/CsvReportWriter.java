package io.plumbline.export.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Finding;
import io.plumbline.policy.RuleMetadata;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code findings.csv}: one row per finding, every verdict, in RFC 4180 form (CRLF line ends, a
 * field with a comma, quote or line break quoted, quotes doubled). A field that a spreadsheet would
 * run as a formula (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an
 * apostrophe: resource names and messages come from the estate, not from us.
 */
public final class CsvReportWriter implements ReportWriter {

  static final List<String> COLUMNS =
      List.of(
          "verdict",
          "severity",
          "rule_id",
          "rule_title",
          "resource_type",
          "scope",
          "scope_name",
          "resource_id",
          "attribute",
          "message",
          "evidence",
          "location",
          "waiver",
          "fingerprint");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public String fileName() {
    return "findings.csv";
  }

  @Override
  public String mediaType() {
    return "text/csv";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    row(out, COLUMNS);
    for (Finding finding : model.findings()) {
      row(
          out,
          List.of(
              finding.verdict().name(),
              finding.severity().label(),
              finding.ruleId(),
              model.rule(finding.ruleId()).map(RuleMetadata::title).orElse(""),
              finding.resourceType(),
              finding.scope().toString(),
              model.snapshot().name(finding.scope()).orElse(""),
              finding.resourceId(),
              finding.attribute().orElse(""),
              finding.message(),
              finding.evidence().isEmpty() ? "" : JSON.writeValueAsString(finding.evidence()),
              finding.location().orElse(""),
              finding.waiver().orElse(""),
              finding.fingerprint()));
    }
  }

  private static void row(Writer out, List<String> fields) throws IOException {
    for (int index = 0; index < fields.size(); index++) {
      if (index > 0) {
        out.write(',');
      }
      out.write(field(fields.get(index)));
    }
    out.write("\r\n");
  }

  static String field(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
