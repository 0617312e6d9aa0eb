package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The baseline schema says what a baseline file may hold; the declarations say what each section
 * is. They must agree: every declared section has a mode key, and an item of a generically compared
 * section declares exactly the declaration's attributes (and its Terraform address).
 */
class BaselineSchemaDeclarationsTest {

  private static JsonNode schema() throws Exception {
    try (InputStream in =
        BaselineSchemaDeclarationsTest.class
            .getClassLoader()
            .getResourceAsStream("schemas/baseline.schema.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void everyDeclaredSectionHasAModeKeyAndNothingElseDoes() throws Exception {
    Set<String> modeKeys = new TreeSet<>();
    schema().at("/$defs/modes/properties").fieldNames().forEachRemaining(modeKeys::add);
    Set<String> declared = new TreeSet<>();
    ResourceCatalogue.baselined()
        .forEach(type -> declared.add(type.baseline().orElseThrow().key()));
    ResourceCatalogue.PERMISSION_KINDS.forEach(kind -> declared.add(kind.section().key()));
    assertThat(modeKeys).isEqualTo(declared);
  }

  @Test
  void genericSectionsDeclareTheirItemsAttributes() throws Exception {
    JsonNode schema = schema();
    Map<String, String> disagreements = new TreeMap<>();
    for (BaselineKind kind : BaselineKind.values()) {
      if (!kind.generic()) {
        continue;
      }
      ResourceType type = kind.type();
      for (JsonNode definition : schema.path("$defs")) {
        JsonNode section = definition.path("properties").path(kind.key());
        JsonNode reference = section.path("additionalProperties").path("$ref");
        if (!reference.isTextual()) {
          continue;
        }
        JsonNode item = schema.at(reference.asText().substring(1));
        Set<String> properties = new TreeSet<>();
        item.path("properties").fieldNames().forEachRemaining(properties::add);
        properties.remove("terraform");
        Set<String> attributes = new TreeSet<>(kind.section().attributes());
        if (!properties.equals(attributes)) {
          disagreements.put(
              kind.key() + " (" + reference.asText() + ")",
              "schema " + properties + ", declaration " + attributes);
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }
}
