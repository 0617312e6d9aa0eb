package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DefaultEstateTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode declared;

  @BeforeAll
  static void loadDefaultEstate() throws IOException {
    try (InputStream input =
        DefaultEstateTest.class.getResourceAsStream("/sandbox/default-estate.yaml")) {
      assertThat(input).as("default estate on the classpath").isNotNull();
      declared = YAML.readTree(input);
    }
  }

  /** The estate schema from the classpath, reporting instance locations as JSON Pointers. */
  static JsonSchema estateSchema() {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SchemaLocation.of("classpath:sandbox/estate.schema.json"), config);
  }

  static List<String> schemaErrors(JsonNode estate) {
    return estateSchema().validate(estate).stream().map(DefaultEstateTest::describe).toList();
  }

  private static String describe(ValidationMessage message) {
    return message.getInstanceLocation() + ": " + message.getMessage();
  }

  @Test
  void defaultEstateSatisfiesTheSchema() {
    assertThat(schemaErrors(declared)).isEmpty();
  }

  @Test
  void defaultEstateHasNoIntegrityProblems() {
    assertThat(EstateIntegrity.check(declared)).isEmpty();
  }

  @Test
  void defaultEstateDeclaresDevQaAndProdWithDistinctIds() {
    JsonNode workspaces = declared.path("workspaces");
    assertThat(fieldNames(workspaces)).containsExactly("dev", "qa", "prod");
    assertThat(
            fieldNames(workspaces).stream().map(name -> workspaces.path(name).path("workspace_id")))
        .allMatch(JsonNode::isIntegralNumber)
        .extracting(JsonNode::asLong)
        .doesNotHaveDuplicates();
    for (String name : List.of("dev", "qa", "prod")) {
      JsonNode workspace = workspaces.path(name);
      assertThat(workspace.path("metastore_assignment").path("metastore_id").asText())
          .as("metastore of %s", name)
          .isEqualTo(
              declared.path("metastores").path("example-us-east-1").path("metastore_id").asText());
      assertThat(workspace.path("custom_tags").path("tier").asText()).isIn("dev", "prod");
      assertThat(workspace.path("cluster_policies").has("fair_use"))
          .as("fair_use in %s", name)
          .isTrue();
    }
  }

  @Test
  void defaultEstateCarriesTheDemoDriftsInOrder() {
    assertThat(
            StreamSupport.stream(declared.path("drift").spliterator(), false)
                .map(drift -> drift.path("id").asText()))
        .containsExactly(
            "prod-admin-user-added",
            "qa-policy-autotermination-raised",
            "prod-results-download-enabled",
            "workspace-without-metastore",
            "cross-account-trust-external-id-removed",
            "token-without-expiry",
            "instance-profile-s3-star",
            "unknown-group",
            "init-script-added-by-hand",
            "job-runs-as-user",
            "users-manage-job",
            "cluster-restart-granted-in-structural-qa",
            "repo-from-unapproved-host",
            "security-group-ssh-open",
            "peering-to-unknown-account",
            "root-bucket-public-access-block-removed");
    assertThat(declared.path("drift")).allMatch(drift -> !drift.path("applied").asBoolean());
  }

  @Test
  void liveEstateAfterTheDriftsIsStillValid() {
    JsonNode live = applyDrifts(declared);

    assertThat(schemaErrors(live)).isEmpty();
    assertThat(EstateIntegrity.check(live)).isEmpty();
    assertThat(fieldNames(live.path("workspaces")))
        .containsExactly("dev", "qa", "prod", "sandbox-ml");
  }

  /**
   * Each drift must show up as exactly one violation of an invariant that the declared state keeps,
   * so that rules written against the default estate find these and nothing else.
   */
  @Test
  void declaredStateKeepsTheInvariantsThatEachDriftBreaks() {
    JsonNode live = applyDrifts(declared);

    assertThat(usersDirectlyInAdmins(declared)).isEmpty();
    assertThat(usersDirectlyInAdmins(live)).containsExactly("prod:kara.singh@example.com");

    assertThat(autoterminationValues(declared)).containsOnly(20);
    assertThat(autoterminationValues(live)).containsExactlyInAnyOrder(20, 240, 20, 20);

    assertThat(resultsDownloadingEnabled(declared)).isEmpty();
    assertThat(resultsDownloadingEnabled(live)).containsExactly("prod");

    assertThat(workspacesWithoutMetastore(declared)).isEmpty();
    assertThat(workspacesWithoutMetastore(live)).containsExactly("sandbox-ml");

    assertThat(databricksTrustWithoutExternalId(declared)).isEmpty();
    assertThat(databricksTrustWithoutExternalId(live)).containsExactly("dev-cross-account");

    assertThat(tokensWithoutExpiry(declared)).isEmpty();
    assertThat(tokensWithoutExpiry(live)).hasSize(1);

    assertThat(rolesAllowingS3OnEverything(declared)).isEmpty();
    assertThat(rolesAllowingS3OnEverything(live)).containsExactly("qa-data-engineering");

    assertThat(ingressOpenToTheInternet(declared)).isEmpty();
    assertThat(ingressOpenToTheInternet(live)).containsExactly("22");
    assertThat(ingressOpenToTheInternetOn(live, 22)).containsExactly("sg-62983475eb46c5296");

    assertThat(peeringOwners(declared)).isEmpty();
    assertThat(peeringOwners(live)).containsExactly("444455556666");

    assertThat(bucketsWithoutFullPublicAccessBlock(declared)).isEmpty();
    assertThat(bucketsWithoutFullPublicAccessBlock(live)).containsExactly("example-qa-root");

    assertThat(fieldNames(live.path("groups")))
        .containsAll(fieldNames(declared.path("groups")))
        .hasSize(fieldNames(declared.path("groups")).size() + 1)
        .contains("adhoc-marketing-analysts");
  }

  @Test
  void schemaRejectsAMisspelledFieldNamingWhereItIs() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("workspaces").path("dev")).put("workspce_status", "RUNNING");

    assertThat(schemaErrors(estate))
        .singleElement()
        .asString()
        .startsWith("/workspaces/dev:")
        .contains("workspce_status");
  }

  @Test
  void schemaRejectsAWorkspaceIdWrittenAsAString() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("workspaces").path("qa")).put("workspace_id", "1000000000000202");

    assertThat(schemaErrors(estate))
        .singleElement()
        .asString()
        .startsWith("/workspaces/qa/workspace_id:")
        .contains("integer");
  }

  @Test
  void schemaRejectsAnUnknownWorkspaceConfKey() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("workspaces").path("prod").path("workspace_conf"))
        .put("enableResultsDownload", "true");

    assertThat(schemaErrors(estate))
        .singleElement()
        .asString()
        .startsWith("/workspaces/prod/workspace_conf:")
        .contains("enableResultsDownload");
  }

  @Test
  void schemaRejectsAnAssignmentOfTwoPrincipalsAtTheSecondOne() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("workspaces").path("qa").path("permission_assignments").path(1))
        .put("user", "emma.schmidt@example.com");

    assertThat(schemaErrors(estate))
        .singleElement()
        .asString()
        .startsWith("/workspaces/qa/permission_assignments/1/group:");
  }

  @Test
  void integrityReportsAGroupMemberThatIsNoUser() {
    ObjectNode estate = declared.deepCopy();
    ((ArrayNode) estate.path("groups").path("data-engineers").path("members").path("users"))
        .add("bob@example.com");

    assertThat(EstateIntegrity.check(estate))
        .containsExactly(
            new EstateProblem(
                "/groups/data-engineers/members/users/8",
                "group member \"bob@example.com\" is not a user of the account (users)"));
  }

  @Test
  void integrityReportsADuplicateWorkspaceIdAtItsSecondUse() {
    ObjectNode estate = declared.deepCopy();
    long devId = estate.path("workspaces").path("dev").path("workspace_id").asLong();
    ((ObjectNode) estate.path("workspaces").path("qa")).put("workspace_id", devId);

    assertThat(EstateIntegrity.check(estate))
        .contains(
            new EstateProblem(
                "/workspaces/qa/workspace_id",
                "duplicate workspace_id "
                    + devId
                    + ": already used at /workspaces/dev/workspace_id"));
  }

  @Test
  void integrityReportsAMembershipCycleOnce() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("groups").path("data-scientists").path("members"))
        .putArray("groups")
        .add("engineering");

    assertThat(EstateIntegrity.check(estate))
        .containsExactly(
            new EstateProblem(
                "/groups/engineering/members/groups/1",
                "group member \"data-scientists\" closes a membership cycle:"
                    + " \"data-scientists\" -> \"engineering\" -> \"data-scientists\""));
  }

  @Test
  void integrityEscapesMapKeysInPointers() {
    ObjectNode estate = declared.deepCopy();
    ObjectNode group = ((ObjectNode) estate.path("groups")).putObject("finance/risk~ops");
    group.put("id", "7200000000000077");
    group.putObject("members").putArray("service_principals").add("nobody");

    assertThat(EstateIntegrity.check(estate))
        .containsExactly(
            new EstateProblem(
                "/groups/finance~1risk~0ops/members/service_principals/0",
                "group member \"nobody\" is not a service principal of the account"
                    + " (service_principals)"));
  }

  @Test
  void integrityReportsReferencesToIamObjectsThatDoNotExist() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode) estate.path("credentials").path("qa-cross-account"))
        .put("role_arn", "arn:aws:iam::111122223333:role/qa-cross-acount");
    ((ArrayNode)
            estate.path("iam").path("instance_profiles").path("prod-data-analytics").path("roles"))
        .set(0, TextNode.valueOf("prod-analytics"));

    assertThat(EstateIntegrity.check(estate))
        .containsExactlyInAnyOrder(
            new EstateProblem(
                "/credentials/qa-cross-account/role_arn",
                "role_arn \"arn:aws:iam::111122223333:role/qa-cross-acount\" is not a role of"
                    + " iam.roles"),
            new EstateProblem(
                "/iam/instance_profiles/prod-data-analytics/roles/0",
                "instance profile role \"prod-analytics\" is not a role of iam.roles"),
            new EstateProblem(
                "/workspaces/prod/instance_profiles/prod-data-analytics/iam_role_arn",
                "iam_role_arn \"arn:aws:iam::111122223333:role/prod-data-analytics\" is not the"
                    + " role of instance profile"
                    + " \"arn:aws:iam::111122223333:instance-profile/prod-data-analytics\""
                    + " (its role is \"prod-analytics\")"));
  }

  @Test
  void integrityReportsATokenOwnedByNobody() {
    ObjectNode estate = declared.deepCopy();
    ObjectNode token =
        (ObjectNode) estate.path("workspaces").path("dev").path("tokens").elements().next();
    token.put("owner_id", 42L);

    assertThat(EstateIntegrity.check(estate))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.pointer())
                  .startsWith("/workspaces/dev/tokens/")
                  .endsWith("/owner_id");
              assertThat(problem.message())
                  .isEqualTo(
                      "owner_id 42 is not the id of a user or service principal of the account");
            });
  }

  @Test
  void integrityReportsAGlobalInitScriptCreatedByNobodyAndADuplicateScriptId() {
    ObjectNode estate = declared.deepCopy();
    ObjectNode scripts =
        (ObjectNode) estate.path("workspaces").path("qa").path("global_init_scripts");
    String qaScriptId = scripts.path("install-monitoring-agent").path("script_id").asText();
    ObjectNode copy = scripts.putObject("copy");
    copy.put("script_id", qaScriptId).put("enabled", false).put("position", 1);
    copy.put("created_by", "nobody@example.com");

    assertThat(EstateIntegrity.check(estate))
        .containsExactlyInAnyOrder(
            new EstateProblem(
                "/workspaces/qa/global_init_scripts/copy/script_id",
                "duplicate script_id \""
                    + qaScriptId
                    + "\": already used at"
                    + " /workspaces/qa/global_init_scripts/install-monitoring-agent/script_id"),
            new EstateProblem(
                "/workspaces/qa/global_init_scripts/copy/created_by",
                "created_by \"nobody@example.com\" is neither a user (users) nor a service"
                    + " principal's applicationId (service_principals)"));
  }

  @Test
  void theSameScriptIdInTwoWorkspacesIsNoProblem() {
    ObjectNode estate = declared.deepCopy();
    JsonNode devScript =
        estate
            .path("workspaces")
            .path("dev")
            .path("global_init_scripts")
            .path("install-monitoring-agent");
    ((ObjectNode)
            estate
                .path("workspaces")
                .path("qa")
                .path("global_init_scripts")
                .path("install-monitoring-agent"))
        .set("script_id", devScript.path("script_id"));

    assertThat(EstateIntegrity.check(estate)).isEmpty();
  }

  @Test
  void integrityChecksADeclaredAttributeHasItsDeclaredType() {
    ObjectNode estate = declared.deepCopy();
    ((ObjectNode)
            estate
                .path("workspaces")
                .path("prod")
                .path("global_init_scripts")
                .path("install-monitoring-agent"))
        .put("position", "first");

    assertThat(EstateIntegrity.check(estate))
        .containsExactly(
            new EstateProblem(
                "/workspaces/prod/global_init_scripts/install-monitoring-agent/position",
                "position \"first\" is not a number (databricks_global_init_script.position)"));
  }

  // ---- the invariants the drifts break ----

  private static List<String> usersDirectlyInAdmins(JsonNode estate) {
    List<String> found = new ArrayList<>();
    for (String workspace : fieldNames(estate.path("workspaces"))) {
      estate
          .path("workspaces")
          .path(workspace)
          .path("groups")
          .path("admins")
          .path("members")
          .path("users")
          .forEach(user -> found.add(workspace + ":" + user.asText()));
    }
    return found;
  }

  private static List<Integer> autoterminationValues(JsonNode estate) {
    List<Integer> values = new ArrayList<>();
    estate
        .path("workspaces")
        .forEach(
            workspace ->
                values.add(
                    workspace
                        .path("cluster_policies")
                        .path("fair_use")
                        .path("definition")
                        .path("autotermination_minutes")
                        .path("value")
                        .asInt()));
    return values;
  }

  private static List<String> resultsDownloadingEnabled(JsonNode estate) {
    return fieldNames(estate.path("workspaces")).stream()
        .filter(
            name ->
                estate
                    .path("workspaces")
                    .path(name)
                    .path("workspace_conf")
                    .path("enableResultsDownloading")
                    .asText()
                    .equals("true"))
        .toList();
  }

  private static List<String> workspacesWithoutMetastore(JsonNode estate) {
    return fieldNames(estate.path("workspaces")).stream()
        .filter(
            name -> !estate.path("workspaces").path(name).path("metastore_assignment").isObject())
        .toList();
  }

  private static List<String> databricksTrustWithoutExternalId(JsonNode estate) {
    JsonNode roles = estate.path("iam").path("roles");
    return fieldNames(roles).stream()
        .filter(
            name -> {
              for (JsonNode statement :
                  roles.path(name).path("assume_role_policy").path("Statement")) {
                boolean trustsDatabricks =
                    statement.path("Principal").path("AWS").asText().contains(":414351767826:");
                boolean hasExternalId =
                    statement.path("Condition").path("StringEquals").has("sts:ExternalId");
                if (trustsDatabricks && !hasExternalId) {
                  return true;
                }
              }
              return false;
            })
        .toList();
  }

  private static List<String> tokensWithoutExpiry(JsonNode estate) {
    List<String> found = new ArrayList<>();
    estate
        .path("workspaces")
        .forEach(
            workspace ->
                workspace
                    .path("tokens")
                    .properties()
                    .forEach(
                        token -> {
                          if (token.getValue().path("expiry_time").asLong() == -1) {
                            found.add(token.getKey());
                          }
                        }));
    return found;
  }

  private static List<String> rolesAllowingS3OnEverything(JsonNode estate) {
    JsonNode roles = estate.path("iam").path("roles");
    return fieldNames(roles).stream()
        .filter(
            name -> {
              for (JsonNode document : roles.path(name).path("inline_policies")) {
                for (JsonNode statement : document.path("Statement")) {
                  if (texts(statement.path("Action")).contains("s3:*")
                      && texts(statement.path("Resource")).contains("*")) {
                    return true;
                  }
                }
              }
              return false;
            })
        .toList();
  }

  /** The first ports of ingress rules open to 0.0.0.0/0 or ::/0, other than 443. */
  private static List<String> ingressOpenToTheInternet(JsonNode estate) {
    List<String> ports = new ArrayList<>();
    for (JsonNode group : estate.path("ec2").path("security_groups")) {
      for (JsonNode rule : group.path("ingress")) {
        if (rule.path("cidr_ipv4").asText().equals("0.0.0.0/0")
            || rule.path("cidr_ipv6").asText().equals("::/0")) {
          ports.add(rule.path("from_port").asText());
        }
      }
    }
    return ports.stream().filter(port -> !port.equals("443")).toList();
  }

  private static List<String> ingressOpenToTheInternetOn(JsonNode estate, int port) {
    List<String> groups = new ArrayList<>();
    estate
        .path("ec2")
        .path("security_groups")
        .properties()
        .forEach(
            group -> {
              for (JsonNode rule : group.getValue().path("ingress")) {
                if (rule.path("cidr_ipv4").asText().equals("0.0.0.0/0")
                    && rule.path("from_port").asInt() <= port
                    && rule.path("to_port").asInt() >= port) {
                  groups.add(group.getKey());
                }
              }
            });
    return groups;
  }

  /** Owners of peered VPCs other than the estate's own AWS account. */
  private static List<String> peeringOwners(JsonNode estate) {
    String own = estate.path("account").path("aws_account_id").asText();
    List<String> owners = new ArrayList<>();
    for (JsonNode peering : estate.path("ec2").path("vpc_peering_connections")) {
      for (String side : List.of("requester", "accepter")) {
        String owner = peering.path(side).path("owner_id").asText(own);
        if (!owner.equals(own)) {
          owners.add(owner);
        }
      }
    }
    return owners;
  }

  private static List<String> bucketsWithoutFullPublicAccessBlock(JsonNode estate) {
    JsonNode buckets = estate.path("s3").path("buckets");
    return fieldNames(buckets).stream()
        .filter(
            name -> {
              JsonNode block = buckets.path(name).path("public_access_block");
              return !(block.path("block_public_acls").asBoolean()
                  && block.path("block_public_policy").asBoolean()
                  && block.path("ignore_public_acls").asBoolean()
                  && block.path("restrict_public_buckets").asBoolean());
            })
        .toList();
  }

  private static List<String> texts(JsonNode stringOrList) {
    List<String> values = new ArrayList<>();
    if (stringOrList.isArray()) {
      stringOrList.forEach(value -> values.add(value.asText()));
    } else if (stringOrList.isTextual()) {
      values.add(stringOrList.asText());
    }
    return values;
  }

  static List<String> fieldNames(JsonNode map) {
    List<String> names = new ArrayList<>();
    map.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- a minimal JSON Patch (add, remove, replace), enough for the default drifts ----

  /**
   * Applies the drift patches to a copy. The sandbox loader has its own implementation; this one
   * exists so that the default estate's patches are checked without depending on it.
   */
  static JsonNode applyDrifts(JsonNode estate) {
    ObjectNode live = estate.deepCopy();
    for (JsonNode drift : estate.path("drift")) {
      for (JsonNode operation : drift.path("patch")) {
        applyOperation(live, operation);
      }
    }
    return live;
  }

  private static void applyOperation(ObjectNode document, JsonNode operation) {
    String op = operation.path("op").asText();
    List<String> tokens = pointerTokens(operation.path("path").asText());
    assertThat(tokens).as("patch path %s", operation.path("path")).isNotEmpty();
    JsonNode parent = document;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      parent = parent.isArray() ? parent.path(Integer.parseInt(token)) : parent.path(token);
    }
    String last = tokens.get(tokens.size() - 1);
    assertThat(parent.isContainerNode()).as("parent of %s", operation.path("path")).isTrue();
    JsonNode value = operation.path("value").deepCopy();
    if (parent.isObject()) {
      ObjectNode object = (ObjectNode) parent;
      switch (op) {
        case "add" -> object.set(last, value);
        case "replace" -> {
          assertThat(object.has(last)).as("replace target %s", operation.path("path")).isTrue();
          object.set(last, value);
        }
        case "remove" -> {
          assertThat(object.has(last)).as("remove target %s", operation.path("path")).isTrue();
          object.remove(last);
        }
        default -> throw new AssertionError("unsupported op " + op);
      }
    } else {
      ArrayNode array = (ArrayNode) parent;
      switch (op) {
        case "add" -> {
          if (last.equals("-")) {
            array.add(value);
          } else {
            array.insert(Integer.parseInt(last), value);
          }
        }
        case "replace" -> array.set(Integer.parseInt(last), value);
        case "remove" -> array.remove(Integer.parseInt(last));
        default -> throw new AssertionError("unsupported op " + op);
      }
    }
  }

  private static List<String> pointerTokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    for (String token : pointer.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }
}
