package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.Attribute;
import io.plumbline.model.ScopeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lists served from the declarations, and the estate schema they read, agree. */
class DeclaredListsTest {

  private static JsonNode schema;

  @BeforeAll
  static void loadTheEstateSchema() throws IOException {
    try (InputStream input =
        DeclaredListsTest.class
            .getClassLoader()
            .getResourceAsStream("sandbox/estate.schema.json")) {
      schema = new ObjectMapper().readTree(input);
    }
  }

  @Test
  void everyFieldAnEstateEntryMayHoldIsADeclaredAttributeOrOneTheApiAlsoSends() {
    List<String> strays = new ArrayList<>();
    for (DeclaredLists.Listing listing : DeclaredLists.all()) {
      List<String> known = new ArrayList<>(listing.alsoSends());
      // an object's grants: the permissions API serves them (WorkspaceObjectsApi), not its list
      known.add("permissions");
      listing.type().attributes().forEach(a -> known.add(listing.apiField(a.name())));
      entryProperties(listing)
          .fieldNames()
          .forEachRemaining(
              field -> {
                if (!known.contains(field)) {
                  strays.add(listing.section() + "." + field);
                }
              });
    }
    assertThat(strays).isEmpty();
  }

  @Test
  void theSchemaGivesEachDeclaredAttributeItsDeclaredType() {
    List<String> mismatches = new ArrayList<>();
    for (DeclaredLists.Listing listing : DeclaredLists.all()) {
      JsonNode properties = entryProperties(listing);
      for (Attribute attribute : listing.type().attributes()) {
        JsonNode property = properties.get(listing.apiField(attribute.name()));
        if (property == null) {
          continue;
        }
        Optional<String> type = jsonType(property);
        if (type.isPresent() && !compatible(type.get(), attribute.type().jsonType())) {
          mismatches.add(
              listing.section()
                  + "."
                  + attribute.name()
                  + ": schema "
                  + type.get()
                  + ", declared "
                  + attribute.type().jsonType());
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void eachListingAnswersTheCallItsDeclarationReads() {
    for (DeclaredLists.Listing listing : DeclaredLists.all()) {
      assertThat(listing.call().method()).isEqualTo("GET");
      assertThat(listing.type().read(listing.scope())).isPresent();
      assertThat(listing.call().accountApi())
          .as(listing.type().name())
          .isEqualTo(listing.scope() == ScopeKind.ACCOUNT);
    }
  }

  @Test
  void aGlobalInitScriptIsServedWithItsNameAndNeverABody() {
    Estate estate = EstateLoader.loadDefault();
    Estate.Workspace prod =
        estate.workspaces().stream()
            .filter(workspace -> workspace.name().equals("prod"))
            .findFirst()
            .orElseThrow();
    DeclaredLists.Listing scripts =
        DeclaredLists.WORKSPACE.stream()
            .filter(listing -> listing.section().equals("global_init_scripts"))
            .findFirst()
            .orElseThrow();

    JsonNode item =
        DeclaredLists.item(
            scripts,
            new DeclaredLists.Context(estate, Optional.of(prod)),
            "install-monitoring-agent",
            prod.item().path("global_init_scripts").path("install-monitoring-agent"));

    assertThat(item.path("name").asText()).isEqualTo("install-monitoring-agent");
    assertThat(item.path("script_id").asText()).isEqualTo("B05F8E3C2A7D1964");
    assertThat(item.path("created_by").asText()).isEqualTo("c6f87718-6d76-407e-881e-d162ae2eb154");
    assertThat(item.has("script")).isFalse();
  }

  private static JsonNode entryProperties(DeclaredLists.Listing listing) {
    JsonNode section =
        listing.scope() == ScopeKind.WORKSPACE
            ? schema.at("/$defs/workspace/properties/" + listing.section())
            : schema.at("/properties/" + listing.section());
    assertThat(section.isMissingNode()).as("schema section %s", listing.section()).isFalse();
    return resolve(section.path("additionalProperties")).path("properties");
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      current = schema.at(current.path("$ref").asText().substring(1));
    }
    return current;
  }

  /** The JSON type a property's schema allows, when it names one. */
  private static Optional<String> jsonType(JsonNode property) {
    JsonNode resolved = resolve(property);
    if (resolved.path("type").isTextual()) {
      return Optional.of(resolved.path("type").asText());
    }
    JsonNode values = resolved.has("enum") ? resolved.path("enum") : resolved.path("const");
    if (values.isArray() && values.size() > 0 && values.get(0).isTextual() || values.isTextual()) {
      return Optional.of("string");
    }
    return Optional.empty();
  }

  private static boolean compatible(String schemaType, String declaredType) {
    return schemaType.equals(declaredType)
        || Map.of("integer", "number").getOrDefault(schemaType, "").equals(declaredType);
  }
}
