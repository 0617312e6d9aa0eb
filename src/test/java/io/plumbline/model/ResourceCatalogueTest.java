package io.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.baseline.BaselineKind;
import io.plumbline.collect.ApiNames;
import io.plumbline.sandbox.DemoScans;
import io.plumbline.sandbox.EstateLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the one home of every resource type: what the collectors write must be what it
 * declares, and what derives from it (baseline sections, metric names) must say the same.
 */
class ResourceCatalogueTest {

  private static Snapshot reference;

  @BeforeAll
  static void scanTheReferenceEstate() {
    reference = DemoScans.scan(EstateLoader.loadDefault());
  }

  @Test
  void everyCollectedResourceIsOfADeclaredType() {
    Set<String> undeclared = new TreeSet<>();
    for (Resource resource : reference.resources()) {
      if (ResourceCatalogue.find(resource.type()).isEmpty()) {
        undeclared.add(resource.type());
      }
    }
    assertThat(undeclared).isEmpty();
  }

  @Test
  void everyCollectedAttributeIsDeclaredWithItsShape() {
    Map<String, String> wrong = new TreeMap<>();
    for (Resource resource : reference.resources()) {
      ResourceType type = ResourceCatalogue.get(resource.type());
      resource
          .attributes()
          .properties()
          .forEach(
              field -> {
                String where = resource.type() + "." + field.getKey();
                Attribute declared = type.attribute(field.getKey()).orElse(null);
                if (declared == null) {
                  wrong.put(where, "not declared");
                } else if (!field.getValue().isNull()
                    && !shape(field.getValue()).equals(declared.type().jsonType())) {
                  wrong.put(
                      where,
                      "declared " + declared.type().label() + ", sent " + shape(field.getValue()));
                }
              });
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyResourceIdIsItsDeclaredIdAttributesJoinedByABar() {
    for (Resource resource : reference.resources()) {
      assertThat(resource.id())
          .as(resource.address())
          .isEqualTo(ResourceCatalogue.get(resource.type()).id(resource.attributes()));
    }
  }

  @Test
  void theReferenceEstateHasEveryTypeTheSandboxServes() {
    Set<String> collected = new TreeSet<>();
    reference.resources().forEach(resource -> collected.add(resource.type()));
    // the reference estate has no private access settings, VPC endpoints or customer-managed keys
    Set<String> declared = new TreeSet<>();
    ResourceCatalogue.ALL.forEach(type -> declared.add(type.name()));
    declared.removeAll(
        Set.of(
            "databricks_mws_private_access_settings",
            "databricks_mws_vpc_endpoint",
            "databricks_mws_customer_managed_keys"));
    assertThat(collected).containsAll(declared);
  }

  @Test
  void baselineKindsAreTheTypesWithABaselineSection() {
    assertThat(
            Arrays.stream(BaselineKind.values())
                .filter(kind -> kind.permissionKind().isEmpty())
                .map(BaselineKind::type)
                .toList())
        .containsExactlyInAnyOrderElementsOf(ResourceCatalogue.baselined());
    // the permissions of each object kind have a section of their own
    assertThat(
            Arrays.stream(BaselineKind.values())
                .flatMap(kind -> kind.permissionKind().stream())
                .toList())
        .containsExactlyElementsOf(ResourceCatalogue.PERMISSION_KINDS);
    for (BaselineKind kind : BaselineKind.values()) {
      assertThat(BaselineKind.byKey(kind.key())).contains(kind);
    }
  }

  @Test
  void defaultModesFollowTheMigrationTable() {
    assertThat(ResourceCatalogue.USER.baseline().orElseThrow().defaultMode(MigrationType.FULL))
        .isEqualTo(ManagementMode.EXTERNAL);
    assertThat(
            ResourceCatalogue.GROUP_MEMBER
                .baseline()
                .orElseThrow()
                .defaultMode(MigrationType.STRUCTURAL))
        .isEqualTo(ManagementMode.SUBSET);
    assertThat(
            ResourceCatalogue.PERMISSIONS
                .baseline()
                .orElseThrow()
                .defaultMode(MigrationType.STRUCTURAL))
        .isEqualTo(ManagementMode.OBSERVE);
    assertThat(
            ResourceCatalogue.CATALOG.baseline().orElseThrow().defaultMode(MigrationType.PARTIAL))
        .isEqualTo(ManagementMode.EXACT);
  }

  @Test
  void everyDeclaredCallIsNamedByTheNameItDeclares() {
    for (ResourceType type : ResourceCatalogue.ALL) {
      for (ApiCall call : type.apiCalls()) {
        String expected =
            (call.path().isEmpty() ? "aws." : call.accountApi() ? "account." : "workspace.")
                + call.metricName();
        String actual =
            call.path().isEmpty()
                ? ApiNames.awsAction(call.call())
                : ApiNames.databricks(call.path().replace("{", "").replace("}", ""));
        assertThat(actual).as(call.call()).isEqualTo(expected);
      }
    }
  }

  @Test
  void metricNamesAreDerivedFromThePath() {
    assertThat(ApiCall.rest("GET /api/2.0/preview/scim/v2/ServicePrincipals").metricName())
        .isEqualTo("scim.service_principals");
    assertThat(ApiCall.rest("GET /api/2.0/policies/clusters/list").metricName())
        .isEqualTo("policies.clusters");
    assertThat(
            ApiCall.rest("GET /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastore")
                .metricName())
        .isEqualTo("workspaces.metastore");
    assertThat(ApiCall.aws("iam:GetAccountAuthorizationDetails").metricName())
        .isEqualTo("iam.get_account_authorization_details");
  }

  @Test
  void volatileAttributesAreUseNotConfiguration() {
    assertThat(ResourceCatalogue.TOKEN.volatileAttributes()).containsExactly("last_used_day");
    assertThat(ResourceCatalogue.IAM_ROLE.volatileAttributes()).containsExactly("role_last_used");
    assertThat(
            ResourceCatalogue.ALL.stream()
                .filter(type -> !type.volatileAttributes().isEmpty())
                .map(ResourceType::name)
                .toList())
        .containsExactly("databricks_token", "aws_iam_role");
  }

  @Test
  void aCompositeIdNeedsEveryPart() {
    JsonNode partial =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .put("group_id", "7400");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ResourceCatalogue.GROUP_MEMBER.id(partial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group member without member_id");
    assertThat(
            ResourceCatalogue.GROUP_MEMBER.id(
                ((com.fasterxml.jackson.databind.node.ObjectNode) partial.deepCopy())
                    .put("member_id", "7401")))
        .isEqualTo("7400|7401");
    assertThat(List.of(ResourceCatalogue.WORKSPACE_CONF.id(partial))).containsExactly("_");
  }

  private static String shape(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : "object";
  }
}
