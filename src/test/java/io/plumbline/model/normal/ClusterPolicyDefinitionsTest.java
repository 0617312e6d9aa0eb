package io.plumbline.model.normal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ClusterPolicyDefinitionsTest {

  private static JsonNode normalise(String definition) {
    return ClusterPolicyDefinitions.normalise(definition);
  }

  @Test
  void keyOrderAndWhitespaceDoNotMatter() {
    assertThat(
            normalise(
                "{\"spark_version\":{\"type\":\"unlimited\"},\"autotermination_minutes\":{\"value\":20,\"type\":\"fixed\"}}"))
        .isEqualTo(
            normalise(
                "{ \"autotermination_minutes\": {\"type\": \"fixed\", \"value\": 20},\n \"spark_version\": {\"type\": \"unlimited\"} }"));
    assertThat(
            normalise("{\"b\":{\"type\":\"unlimited\"},\"a\":{\"type\":\"unlimited\"}}")
                .fieldNames()
                .next())
        .isEqualTo("a");
  }

  @Test
  void aOneValueAllowlistIsTheFixedValueItForces() {
    assertThat(normalise("{\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"m5d.large\"]}}"))
        .isEqualTo(normalise("{\"node_type_id\":{\"type\":\"fixed\",\"value\":\"m5d.large\"}}"));
    assertThat(
            normalise(
                "{\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"m5d.large\",\"m5d.large\"],\"defaultValue\":\"m5d.large\"}}"))
        .isEqualTo(normalise("{\"node_type_id\":{\"type\":\"fixed\",\"value\":\"m5d.large\"}}"));
  }

  @Test
  void anOptionalOneValueAllowlistAlsoAllowsNoValueAndStaysAnAllowlist() {
    JsonNode normalised =
        normalise(
            "{\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"m5d.large\"],\"isOptional\":true}}");
    assertThat(normalised.at("/node_type_id/type").asText()).isEqualTo("allowlist");
  }

  @Test
  void allowlistAndBlocklistValuesAreSets() {
    assertThat(
            normalise(
                "{\"spark_version\":{\"type\":\"blocklist\",\"values\":[\"b\",\"a\",\"b\"]},\"num_workers\":{\"type\":\"allowlist\",\"values\":[4,2,2.0]}}"))
        .isEqualTo(
            normalise(
                "{\"spark_version\":{\"type\":\"blocklist\",\"values\":[\"a\",\"b\"]},\"num_workers\":{\"type\":\"allowlist\",\"values\":[2,4]}}"));
    assertThat(
            normalise("{\"x\":{\"type\":\"allowlist\",\"values\":[10,9,\"9\"]}}")
                .at("/x/values")
                .toString())
        .isEqualTo("[9,10,\"9\"]");
  }

  @Test
  void defaultFlagsAndIntegralDecimalsCompareEqualToTheirAbsence() {
    assertThat(
            normalise(
                "{\"dbus_per_hour\":{\"type\":\"range\",\"maxValue\":10.0,\"hidden\":false,\"isOptional\":false}}"))
        .isEqualTo(normalise("{\"dbus_per_hour\":{\"type\":\"range\",\"maxValue\":10}}"));
    assertThat(
            normalise("{\"a\":{\"type\":\"fixed\",\"value\":20,\"hidden\":true}}")
                .at("/a/hidden")
                .asBoolean())
        .isTrue();
  }

  @Test
  void meaningfulChangesStayVisible() {
    assertThat(normalise("{\"a\":{\"type\":\"fixed\",\"value\":20}}"))
        .isNotEqualTo(normalise("{\"a\":{\"type\":\"fixed\",\"value\":240}}"));
    assertThat(normalise("{\"a\":{\"type\":\"fixed\",\"value\":20}}"))
        .isNotEqualTo(normalise("{\"a\":{\"type\":\"fixed\",\"value\":\"20\"}}"));
  }

  @Test
  void definitionsThatAreNotObjectsAreKeptVerbatimAndEmptyOnesAreNull() {
    assertThat(normalise("not json").asText()).isEqualTo("not json");
    assertThat(normalise("[1]").isTextual()).isTrue();
    assertThat(normalise("").isNull()).isTrue();
    assertThat(normalise(null).isNull()).isTrue();
  }
}
