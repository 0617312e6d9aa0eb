package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --format ocsf} against the OCSF 1.2.0 definitions (class 2003 resolved with its parents
 * and objects) and {@code --format oscal} against the OSCAL 1.0.6 assessment-results JSON schema,
 * both from ../shared/schemas/.
 */
class StandardFormatsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OcsfSchema OCSF = new OcsfSchema(OcsfSchema.locate());

  private static List<JsonNode> ocsf(ReportModel model) throws IOException {
    StringWriter out = new StringWriter();
    new OcsfReportWriter().write(model, out);
    List<JsonNode> events = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  @Test
  void everyFindingIsAValidOcsfComplianceFindingEventOnItsOwnLine() throws IOException {
    ReportModel model = ReportFixtures.model();
    List<JsonNode> events = ocsf(model);
    assertThat(events).hasSize(model.findings().size());
    assertThat(OCSF.classUid("compliance_finding")).isEqualTo(2003);
    for (JsonNode event : events) {
      assertThat(OCSF.validate(event, "compliance_finding")).as(event.toString()).isEmpty();
    }
  }

  @Test
  void verdictsMapToComplianceStatusAndAWaiverSuppressesWithItsReason() throws IOException {
    ReportModel model = ReportFixtures.model();
    List<JsonNode> events = ocsf(model);
    for (int index = 0; index < events.size(); index++) {
      Finding finding = model.findings().get(index);
      JsonNode event = events.get(index);
      assertThat(event.path("finding_info").path("uid").asText()).isEqualTo(finding.fingerprint());
      int expected =
          switch (finding.verdict()) {
            case PASS -> 1;
            case FAIL, WAIVED -> 3;
            case UNKNOWN -> 2;
          };
      assertThat(event.at("/compliance/status_id").asInt())
          .as(finding.toString())
          .isEqualTo(expected);
      List<String> requirements = new ArrayList<>();
      event.at("/compliance/requirements").forEach(node -> requirements.add(node.asText()));
      assertThat(requirements).containsExactlyElementsOf(model.frameworks(finding.ruleId()));
      if (finding.verdict() == Verdict.WAIVED) {
        assertThat(event.path("status_id").asInt()).isEqualTo(3);
        assertThat(event.path("status").asText()).isEqualTo("Suppressed");
        assertThat(event.path("status_detail").asText()).contains(finding.waiver().orElseThrow());
      }
    }
    assertThat(events)
        .anySatisfy(event -> assertThat(event.at("/compliance/status_id").asInt()).isEqualTo(2));
    assertThat(events)
        .anySatisfy(event -> assertThat(event.path("status").asText()).isEqualTo("Suppressed"));
    // a Terraform address where the finding has one
    assertThat(events)
        .anySatisfy(
            event ->
                assertThat(event.at("/resource/data/terraform_address").asText()).isNotBlank());
  }

  @Test
  void theOcsfCheckCatchesAMissingRequiredAttributeAWrongTypeAndAnUnknownEnumId()
      throws IOException {
    JsonNode event = ocsf(ReportFixtures.model()).get(0);
    ObjectNode missing = OcsfSchema.copy(event);
    ((ObjectNode) missing.path("compliance")).remove("standards");
    assertThat(OCSF.validate(missing, "compliance_finding"))
        .contains("compliance.standards: required");
    ObjectNode badType = OcsfSchema.copy(event);
    badType.put("time", "yesterday");
    assertThat(OCSF.validate(badType, "compliance_finding"))
        .anyMatch(problem -> problem.startsWith("time: expected"));
    ObjectNode badEnum = OcsfSchema.copy(event);
    ((ObjectNode) badEnum.path("compliance")).put("status_id", 7);
    assertThat(OCSF.validate(badEnum, "compliance_finding"))
        .anyMatch(
            problem -> problem.startsWith("compliance.status_id: 7 is not one of its enum ids"));
    ObjectNode unknown = OcsfSchema.copy(event);
    unknown.put("plumbline_verdict", "FAIL");
    assertThat(OCSF.validate(unknown, "compliance_finding")).isNotEmpty();
  }

  static Set<ValidationMessage> validateOscal(JsonNode document) throws IOException {
    Path file = OcsfSchema.locate().resolveSibling("oscal-assessment-results-1.0.6.schema.json");
    JsonNode schemaNode = JSON.readTree(Files.readString(file));
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersionDetector.detect(schemaNode))
            .getSchema(schemaNode, SchemaValidatorsConfig.builder().build());
    return schema.validate(document);
  }

  private static JsonNode oscal(ReportModel model) throws IOException {
    StringWriter out = new StringWriter();
    new OscalReportWriter().write(model, out);
    return JSON.readTree(out.toString());
  }

  @Test
  void theOscalDocumentIsValidDeterministicAndNeverSatisfiesAnUnknownControl() throws IOException {
    ReportModel model = ReportFixtures.model();
    JsonNode document = oscal(model);
    assertThat(validateOscal(document)).isEmpty();
    assertThat(oscal(model)).isEqualTo(document);

    JsonNode result = document.at("/assessment-results/results/0");
    long unknown = model.findings(Verdict.UNKNOWN).size();
    assertThat(unknown).isPositive();
    List<String> unknownObservations = new ArrayList<>();
    result
        .path("observations")
        .forEach(
            observation -> {
              for (JsonNode prop : observation.path("props")) {
                if (prop.path("name").asText().equals("verdict")
                    && prop.path("value").asText().equals("UNKNOWN")) {
                  unknownObservations.add(observation.path("uuid").asText());
                }
              }
            });
    assertThat(unknownObservations).hasSize((int) unknown);
    // no satisfied finding rests on an UNKNOWN observation
    result
        .path("findings")
        .forEach(
            finding -> {
              if (finding.at("/target/status/state").asText().equals("satisfied")) {
                finding
                    .path("related-observations")
                    .forEach(
                        related ->
                            assertThat(unknownObservations)
                                .doesNotContain(related.path("observation-uuid").asText()));
              }
            });
    assertThat(result.path("findings"))
        .anySatisfy(
            finding ->
                assertThat(finding.at("/target/status/state").asText()).isEqualTo("not-satisfied"));
  }

  @Test
  void theOscalCheckWouldCatchAnInvalidDocument() throws IOException {
    ObjectNode document = (ObjectNode) oscal(ReportFixtures.model());
    ((ObjectNode) document.at("/assessment-results/results/0/observations/0"))
        .put("uuid", "not-a-uuid");
    assertThat(validateOscal(document)).isNotEmpty();
  }
}
