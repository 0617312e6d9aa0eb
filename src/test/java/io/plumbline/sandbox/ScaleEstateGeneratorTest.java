package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleEstateGeneratorTest {

  private static final Scale LARGE = new Scale(200, 2_000, 20_000);

  @Test
  void sameSeedGivesTheSameEstateAndAnotherSeedAnother() {
    ObjectNode first = ScaleEstateGenerator.generate(Scale.DEFAULT, 42);
    ObjectNode second = ScaleEstateGenerator.generate(Scale.DEFAULT, 42);
    ObjectNode other = ScaleEstateGenerator.generate(Scale.DEFAULT, 43);

    assertThat(first.toString()).isEqualTo(second.toString());
    assertThat(first).isEqualTo(second);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void generatedEstateHasTheRequestedCounts() {
    ObjectNode estate = ScaleEstateGenerator.generate(new Scale(7, 120, 900), 1);

    assertThat(estate.path("workspaces").size()).isEqualTo(7);
    assertThat(estate.path("groups").size()).isEqualTo(120);
    assertThat(estate.path("users").size()).isEqualTo(900);
  }

  @Test
  void everyWorkspaceHasTensOfJobsAndHundredsOfNotebooks() {
    ObjectNode estate = ScaleEstateGenerator.generate(new Scale(7, 120, 900), 1);

    assertThat(estate.path("spark_versions").size()).isPositive();
    for (JsonNode workspace : estate.path("workspaces")) {
      assertThat(workspace.path("jobs").size()).isBetween(10, 40);
      long notebooks = 0;
      for (JsonNode object : workspace.path("workspace_objects")) {
        if (object.path("object_type").asText().equals("NOTEBOOK")) {
          notebooks++;
        }
      }
      assertThat(notebooks).isBetween(100L, 400L);
      assertThat(workspace.path("repos").size()).isPositive();
      assertThat(workspace.path("secret_scopes").size()).isPositive();
      assertThat(workspace.path("sql_warehouses").size()).isEqualTo(1);
      assertThat(workspace.path("instance_pools").size()).isEqualTo(1);
      assertThat(workspace.path("serving_endpoints").size()).isEqualTo(1);
      assertThat(workspace.path("token_permissions").size()).isEqualTo(1);
    }
  }

  @Test
  void smallAndMediumEstatesPassSchemaAndIntegrity() {
    for (Scale scale : List.of(Scale.DEFAULT, new Scale(1, 1, 1), new Scale(25, 300, 4_000))) {
      ObjectNode estate = ScaleEstateGenerator.generate(scale, 7);

      assertThat(DefaultEstateTest.schemaErrors(estate)).as("schema errors at %s", scale).isEmpty();
      assertThat(EstateIntegrity.check(estate)).as("integrity problems at %s", scale).isEmpty();
    }
  }

  @Test
  void largeEstateIsGeneratedQuicklyAndIsSound() {
    long started = System.nanoTime();
    ObjectNode estate = ScaleEstateGenerator.generate(LARGE, 2024);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(estate.path("workspaces").size()).isEqualTo(200);
    assertThat(estate.path("groups").size()).isEqualTo(2_000);
    assertThat(estate.path("users").size()).isEqualTo(20_000);

    long checkStarted = System.nanoTime();
    assertThat(EstateIntegrity.check(estate)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - checkStarted))
        .isLessThan(Duration.ofSeconds(2));
    assertThat(DefaultEstateTest.schemaErrors(estate)).isEmpty();
  }

  @Test
  void groupSizesAreHeavyTailedAndWithinTheDirectMembersCap() {
    ObjectNode estate = ScaleEstateGenerator.generate(LARGE, 99);

    List<Integer> sizes = new ArrayList<>();
    estate.path("groups").forEach(group -> sizes.add(directMembers(group)));
    sizes.sort(null);

    assertThat(sizes.get(sizes.size() - 1)).isLessThanOrEqualTo(1_500);
    assertThat(sizes.get(sizes.size() / 2)).as("median").isBetween(5, 50);
    assertThat(sizes.stream().filter(size -> size >= 5 && size <= 50).count())
        .as("groups of 5 to 50")
        .isGreaterThan(sizes.size() / 2);
    assertThat(sizes.stream().filter(size -> size >= 100 && size < 1_000).count())
        .as("groups in the hundreds")
        .isBetween(5L, 200L);
    assertThat(sizes.stream().filter(size -> size >= 1_000).count())
        .as("groups in the thousands")
        .isBetween(1L, 10L);
    assertThat(estate.path("groups").findValues("groups")).as("nested groups").isNotEmpty();
  }

  @Test
  void noWorkspaceSeesMoreThanTenThousandPrincipals() {
    ObjectNode estate = ScaleEstateGenerator.generate(LARGE, 5);

    estate
        .path("workspaces")
        .properties()
        .forEach(
            workspace ->
                assertThat(visiblePrincipals(estate, workspace.getValue()))
                    .as("principals of %s", workspace.getKey())
                    .isLessThanOrEqualTo(10_000));
  }

  @Test
  void scaleParsesAnySubsetOfKeys() {
    assertThat(Scale.parse("workspaces=200,groups=2000,users=20000"))
        .isEqualTo(new Scale(200, 2_000, 20_000));
    assertThat(Scale.parse(" users = 10 , workspaces=1")).isEqualTo(new Scale(1, 50, 10));
    assertThat(Scale.parse("groups=10")).isEqualTo(new Scale(3, 10, 200));
    assertThat(Scale.parse("")).isEqualTo(Scale.DEFAULT);
  }

  @Test
  void scaleRejectsAValueThatIsNotANumber() {
    assertThatThrownBy(() -> Scale.parse("workspaces=abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid scale part \"workspaces=abc\": workspaces must be a positive integer, got"
                + " \"abc\"");
  }

  @Test
  void scaleRejectsAnUnknownKey() {
    assertThatThrownBy(() -> Scale.parse("foo=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid scale part \"foo=1\": unknown key \"foo\", expected one of workspaces, groups,"
                + " users");
  }

  @Test
  void scaleRejectsMalformedAndOutOfRangeParts() {
    assertThatThrownBy(() -> Scale.parse("workspaces")).hasMessageContaining("expected key=value");
    assertThatThrownBy(() -> Scale.parse("users=0"))
        .hasMessageContaining("users must be a positive integer, got \"0\"");
    assertThatThrownBy(() -> Scale.parse("users=1,users=2"))
        .hasMessageContaining("users is given more than once");
    assertThatThrownBy(() -> Scale.parse("groups=6000"))
        .hasMessageContaining("groups must be at most 5000");
  }

  private static int directMembers(JsonNode group) {
    JsonNode members = group.path("members");
    return members.path("users").size()
        + members.path("groups").size()
        + members.path("service_principals").size();
  }

  /** Distinct users and service principals reachable from a workspace's assignments. */
  private static int visiblePrincipals(JsonNode estate, JsonNode workspace) {
    Set<String> principals = new HashSet<>();
    Set<String> seenGroups = new HashSet<>();
    List<JsonNode> pending = new ArrayList<>();
    for (JsonNode assignment : workspace.path("permission_assignments")) {
      if (assignment.has("user")) {
        principals.add("user:" + assignment.path("user").asText());
      }
      if (assignment.has("service_principal")) {
        principals.add("sp:" + assignment.path("service_principal").asText());
      }
      if (assignment.has("group") && seenGroups.add(assignment.path("group").asText())) {
        pending.add(estate.path("groups").path(assignment.path("group").asText()));
      }
    }
    while (!pending.isEmpty()) {
      JsonNode members = pending.remove(pending.size() - 1).path("members");
      members.path("users").forEach(user -> principals.add("user:" + user.asText()));
      members
          .path("service_principals")
          .forEach(principal -> principals.add("sp:" + principal.asText()));
      for (JsonNode child : members.path("groups")) {
        if (seenGroups.add(child.asText())) {
          pending.add(estate.path("groups").path(child.asText()));
        }
      }
    }
    return principals.size();
  }
}
