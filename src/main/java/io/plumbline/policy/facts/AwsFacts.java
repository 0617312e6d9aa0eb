package io.plumbline.policy.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Facts from AWS IAM resources and from the account-level provisioning (MWS) resources of a
 * Databricks account: resource type -> the facts one resource gives. Workspaces ({@code
 * databricks_mws_workspaces}) and their identity assignments are Databricks facts ({@link
 * DatabricksFacts}).
 *
 * <p>Inline policies are read from the role ({@code aws_iam_role}'s {@code inline_policies}), not
 * from {@code aws_iam_role_policy}, which repeats them: one fact per statement, never two.
 */
final class AwsFacts {

  static final Map<String, Function<Resource, List<Fact>>> BY_TYPE =
      Map.of(
          "aws_iam_role",
          IamRole::facts,
          "aws_iam_policy",
          AwsFacts::managedPolicyStatements,
          "databricks_mws_networks",
          resource -> List.of(MwsNetwork.of(resource)));

  private AwsFacts() {}

  /** One fact per statement of the managed policy's default version. */
  private static List<Fact> managedPolicyStatements(Resource resource) {
    ResourceRef ref = ResourceRef.of(resource);
    String arn = resource.attributes().path("arn").asText(resource.id());
    String name = resource.attributes().path("name").asText("");
    List<IamStatement> statements = IamStatement.of(resource.attributes().get("policy"));
    List<Fact> facts = new ArrayList<>();
    for (int index = 0; index < statements.size(); index++) {
      facts.add(IamPolicyStatement.managed(ref, arn, name, index, statements.get(index)));
    }
    return facts;
  }

  /** A text attribute, "" when absent or null; numbers as their digits. */
  static String text(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
  }

  /** A list of strings; a single value as a list of one; absent or null as empty. */
  static List<String> strings(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return List.of();
    }
    List<String> strings = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(item -> strings.add(item.asText()));
    } else {
      strings.add(value.asText());
    }
    return List.copyOf(strings);
  }

  static Map<String, String> stringMap(JsonNode value) {
    Map<String, String> map = new TreeMap<>();
    if (value != null && value.isObject()) {
      value.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
    }
    return map;
  }

  /**
   * An ISO-8601 instant (as the IAM collector writes dates) or epoch milliseconds, as epoch
   * milliseconds; -1 when absent. A date that does not parse is absent too: it is evidence of
   * nothing a rule could judge.
   */
  static long epochMillis(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return -1;
    }
    if (value.isNumber()) {
      return value.asLong();
    }
    try {
      return Instant.parse(value.asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
