package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode render() throws IOException {
    StringWriter out = new StringWriter();
    new JsonReportWriter().write(ReportFixtures.model(), out);
    return JSON.readTree(out.toString());
  }

  @Test
  void everyFindingOfEveryVerdictHasEveryField() throws IOException {
    JsonNode findings = render().path("findings");

    assertThat(findings).hasSize(ReportFixtures.model().findings().size());
    for (JsonNode finding : findings) {
      assertThat(finding.fieldNames())
          .toIterable()
          .containsExactly(
              "verdict",
              "rule_id",
              "severity",
              "resource_type",
              "scope",
              "resource_id",
              "attribute",
              "message",
              "evidence",
              "fingerprint",
              "location",
              "waiver");
    }
    assertThat(findings.findValuesAsText("verdict")).contains("PASS", "FAIL", "UNKNOWN", "WAIVED");
  }

  @Test
  void theSummaryGateCoverageGapsAndWaiversAreThere() throws IOException {
    JsonNode root = render();

    assertThat(root.at("/gate/fail_on").asText()).isEqualTo("high");
    assertThat(root.at("/gate/failed").asBoolean()).isTrue();
    // critical trust + high token; the waived token and the medium/low failures do not count
    assertThat(root.at("/gate/failing_findings").asInt()).isEqualTo(2);
    assertThat(root.at("/summary/by_verdict/FAIL").asInt()).isEqualTo(4);
    assertThat(root.at("/summary/fail_by_severity/critical").asInt()).isEqualTo(1);
    assertThat(root.at("/snapshot/complete").asBoolean()).isFalse();
    assertThat(root.at("/coverage_gaps/0/http_status").asInt()).isEqualTo(503);
    assertThat(root.path("waivers").findValuesAsText("state"))
        .containsExactly("active", "expiring", "expired");
    assertThat(root.at("/rules/0/frameworks/0").asText()).isEqualTo("NIST 800-53 AC-6");
  }
}
