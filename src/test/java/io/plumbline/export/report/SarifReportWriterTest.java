package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SARIF output against the OASIS SARIF 2.1.0 schema (a copy of {@code
 * ../shared/schemas/sarif-schema-2.1.0.json} in the test resources) and against what GitHub code
 * scanning needs: rules in the driver, a physical location on every result, fingerprints.
 */
class SarifReportWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode render(ReportModel model) throws IOException {
    StringWriter out = new StringWriter();
    new SarifReportWriter().write(model, out);
    return JSON.readTree(out.toString());
  }

  static Set<ValidationMessage> validate(JsonNode sarif) throws IOException {
    JsonNode schemaNode;
    try (InputStream in =
        SarifReportWriterTest.class
            .getClassLoader()
            .getResourceAsStream("schemas/sarif-schema-2.1.0.json")) {
      assertThat(in).as("schemas/sarif-schema-2.1.0.json on the test classpath").isNotNull();
      schemaNode = JSON.readTree(in);
    }
    // the schema declares its own draft ($schema); validate with that draft
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersionDetector.detect(schemaNode))
            .getSchema(schemaNode, SchemaValidatorsConfig.builder().build());
    return schema.validate(sarif);
  }

  @Test
  void theOutputIsValidSarif210() throws IOException {
    JsonNode sarif = render(ReportFixtures.model());

    assertThat(validate(sarif)).isEmpty();
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
  }

  @Test
  void theSchemaCheckWouldCatchAnInvalidDocument() throws IOException {
    JsonNode sarif = render(ReportFixtures.model());
    ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0"))
        .put("level", "catastrophic");

    assertThat(validate(sarif)).isNotEmpty();
  }

  @Test
  void theDriverListsEveryRuleWithDescriptionsHelpLevelAndTags() throws IOException {
    JsonNode rules = render(ReportFixtures.model()).at("/runs/0/tool/driver/rules");

    assertThat(rules).hasSize(5);
    JsonNode trust = rules.get(0);
    assertThat(trust.path("id").asText()).isEqualTo("DBX-IAM-003");
    assertThat(trust.at("/shortDescription/text").asText())
        .isEqualTo("Cross-account trust requires sts:ExternalId");
    assertThat(trust.at("/fullDescription/text").asText()).contains("confused deputy");
    assertThat(trust.at("/help/text").asText()).contains("Restore the sts:ExternalId");
    assertThat(trust.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(trust.at("/properties/severity").asText()).isEqualTo("critical");
    assertThat(trust.at("/properties/security-severity").asText()).isEqualTo("9.5");
    assertThat(texts(trust.at("/properties/tags")))
        .contains("security", "aws_iam_role", "NIST 800-53 AC-6");
  }

  @Test
  void resultsAreTheFailuresAndTheWaivedFindingsAsSuppressions() throws IOException {
    JsonNode results = render(ReportFixtures.model()).at("/runs/0/results");

    assertThat(results).hasSize(5); // 4 FAIL + 1 WAIVED; PASS and UNKNOWN are not results
    List<String> verdicts = new ArrayList<>();
    for (JsonNode result : results) {
      verdicts.add(result.at("/properties/verdict").asText());
      assertThat(result.at("/partialFingerprints/" + "plumbline~1v1").asText()).hasSize(24);
      assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
          .isNotBlank();
      assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
    }
    assertThat(verdicts).containsOnly("FAIL", "WAIVED");
    JsonNode waived =
        results.findParents("ruleId").stream()
            .filter(result -> result.at("/properties/verdict").asText().equals("WAIVED"))
            .findFirst()
            .orElseThrow();
    assertThat(waived.at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(waived.at("/suppressions/0/justification").asText())
        .contains("WVR-2026-001")
        .contains("CI deploy token");
  }

  @Test
  void aBaselineFileLineIsThePhysicalLocationAndATerraformAddressALogicalOne() throws IOException {
    JsonNode results = render(ReportFixtures.model()).at("/runs/0/results");

    JsonNode conf = result(results, "DBX-WS-004");
    assertThat(conf.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("policies/baselines/prod.yaml");
    assertThat(conf.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(42);

    JsonNode trust = result(results, "DBX-IAM-003");
    assertThat(trust.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo("module.prod.module.cloud.aws_iam_role.cross_account");
    assertThat(trust.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo(
            "estate/aws/111122223333/aws_iam_role/"
                + "arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdatabricks-cross-account-prod");
    assertThat(trust.path("level").asText()).isEqualTo("error");
  }

  @Test
  void aCoverageGapIsAToolNotification() throws IOException {
    JsonNode notifications =
        render(ReportFixtures.model()).at("/runs/0/invocations/0/toolExecutionNotifications");

    assertThat(notifications).hasSize(1);
    assertThat(notifications.at("/0/message/text").asText())
        .contains("workspace:1000000000000202 databricks_token")
        .contains("503");
  }

  private static JsonNode result(JsonNode results, String ruleId) {
    for (JsonNode result : results) {
      if (result.path("ruleId").asText().equals(ruleId)) {
        return result;
      }
    }
    throw new AssertionError("no result of " + ruleId);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
