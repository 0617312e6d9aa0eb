package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.model.ResourceCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plumbline types}: the catalogue as a rule author reads it. */
class TypesCommandTest {

  @Test
  void jsonListsEveryDeclaredTypeWithTheFieldsARuleAuthorNeeds() throws Exception {
    InProcessCli.Outcome outcome = InProcessCli.run("types", "--format", "json");

    assertThat(outcome.exitCode()).isZero();
    JsonNode types = new ObjectMapper().readTree(outcome.out());
    assertThat(types.isArray()).isTrue();
    List<String> names = new ArrayList<>();
    types.forEach(type -> names.add(type.path("name").asText()));
    assertThat(names)
        .containsExactlyElementsOf(
            ResourceCatalogue.ALL.stream().map(type -> type.name()).toList());
    for (JsonNode type : types) {
      assertThat(type.fieldNames())
          .toIterable()
          .as(type.path("name").asText())
          .contains(
              "name",
              "scope",
              "id_attributes",
              "attributes",
              "volatile",
              "terraform",
              "api_calls",
              "permissions");
    }
  }

  @Test
  void aGlobalInitScriptIsAWorkspaceTypeReadByAWorkspaceAdmin() throws Exception {
    InProcessCli.Outcome outcome =
        InProcessCli.run("types", "--format", "json", "databricks_global_init_script");

    JsonNode type = new ObjectMapper().readTree(outcome.out()).get(0);
    assertThat(type.path("scope").asText()).isEqualTo("workspace");
    assertThat(type.path("id_attributes").toString()).isEqualTo("[\"script_id\"]");
    assertThat(type.path("attributes").toString())
        .contains("{\"name\":\"enabled\",\"type\":\"boolean\"}")
        .contains("{\"name\":\"position\",\"type\":\"number\"}")
        .doesNotContain("content");
    assertThat(type.path("terraform").toString()).isEqualTo("[\"databricks_global_init_script\"]");
    assertThat(type.path("api_calls").toString())
        .isEqualTo("[\"GET /api/2.0/global-init-scripts\"]");
    assertThat(type.path("permissions").toString()).isEqualTo("[\"workspace admin\"]");
  }

  @Test
  void volatileAttributesAndIamPermissionsAreListed() throws Exception {
    JsonNode types =
        new ObjectMapper()
            .readTree(
                InProcessCli.run("types", "--format=json", "databricks_token", "aws_iam_role")
                    .out());

    assertThat(types.get(0).path("volatile").toString()).isEqualTo("[\"last_used_day\"]");
    assertThat(types.get(1).path("scope").asText()).isEqualTo("aws");
    assertThat(types.get(1).path("permissions").toString())
        .isEqualTo("[\"iam:GetAccountAuthorizationDetails\",\"iam:ListRoles\",\"iam:GetRole\"]");
  }

  @Test
  void textShowsOneBlockAType() {
    InProcessCli.Outcome outcome = InProcessCli.run("types", "databricks_group_member");

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out())
        .startsWith("databricks_group_member (group member)\n")
        .contains("  scope       account,workspace\n")
        .contains("  id          group_id|member_id\n")
        .contains("  volatile    -\n");
  }

  @Test
  void anUnknownTypeIsAUsageError() {
    InProcessCli.Outcome outcome = InProcessCli.run("types", "databricks_jobz");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err().lines().findFirst().orElseThrow())
        .startsWith("plumbline: unknown resource type \"databricks_jobz\": expected one of");
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    InProcessCli.Outcome outcome = InProcessCli.run("types", "--format", "yaml");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .startsWith("plumbline: invalid --format \"yaml\": expected text, json or markdown");
  }

  @Test
  void theReferencePageIsTheMarkdownOutput() throws Exception {
    String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/resource-types.md"));

    assertThat(page)
        .as(
            "docs/resource-types.md is stale: bin/plumbline types --format markdown > docs/resource-types.md")
        .isEqualTo(InProcessCli.run("types", "--format", "markdown").out());
  }
}
