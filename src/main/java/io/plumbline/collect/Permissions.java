package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the collector needs to be allowed, generated from the resource types collectors declare
 * (never written by hand a second time): the least-privilege IAM policy of the collector's AWS
 * role, and the Databricks role each API call needs.
 */
public final class Permissions {

  public static final String POLICY_VERSION = "2012-10-17";
  public static final String STATEMENT_ID = "PlumblineCollectorReadOnly";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two-space indents, {@code "key": value}, as IAM policies are usually written. */
  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private Permissions() {}

  /**
   * The IAM policy that allows exactly the actions the specs declare: one Allow statement, actions
   * sorted and distinct, on every resource (the collector reads account-wide lists, which IAM
   * authorises only on {@code *}).
   */
  public static ObjectNode awsIamPolicy(List<ResourceTypeSpec> specs) {
    Set<String> actions = new TreeSet<>();
    for (ResourceTypeSpec spec : requireNonNull(specs, "specs is null")) {
      actions.addAll(spec.iamActions());
    }
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("no resource type declares an IAM action");
    }
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", POLICY_VERSION);
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", STATEMENT_ID);
    statement.put("Effect", "Allow");
    ArrayNode list = statement.putArray("Action");
    actions.forEach(list::add);
    statement.put("Resource", "*");
    return policy;
  }

  /** {@link #awsIamPolicy} as a file holds it: indented JSON ending in a newline. */
  public static String awsIamPolicyText(List<ResourceTypeSpec> specs) {
    try {
      return JSON.writer(PRINTER).writeValueAsString(awsIamPolicy(specs)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the IAM policy", e);
    }
  }

  /** One Databricks API call, the least role that may make it, and what it reads. */
  public record DatabricksCall(String apiCall, String role, List<String> resourceTypes) {
    public DatabricksCall {
      requireNonNull(apiCall, "apiCall is null");
      requireNonNull(role, "role is null");
      resourceTypes = List.copyOf(resourceTypes);
    }
  }

  /**
   * Every Databricks API call the specs declare with the role it needs, sorted by call. A call two
   * specs declare with different roles (the account and a workspace) is listed once per role.
   */
  public static List<DatabricksCall> databricksRoles(List<ResourceTypeSpec> specs) {
    Map<String, Map<String, Set<String>>> typesByCallAndRole = new TreeMap<>();
    for (ResourceTypeSpec spec : requireNonNull(specs, "specs is null")) {
      if (spec.databricksRole().isEmpty()) {
        continue; // an AWS type
      }
      for (String call : spec.apiCalls()) {
        typesByCallAndRole
            .computeIfAbsent(call, key -> new TreeMap<>())
            .computeIfAbsent(spec.databricksRole(), key -> new TreeSet<>())
            .add(spec.type() + " (" + spec.scopeKind().label() + ")");
      }
    }
    List<DatabricksCall> calls = new ArrayList<>();
    typesByCallAndRole.forEach(
        (call, byRole) ->
            byRole.forEach(
                (role, types) -> calls.add(new DatabricksCall(call, role, List.copyOf(types)))));
    return calls;
  }

  /** {@link #databricksRoles} as a Markdown table, for documentation. */
  public static String databricksRolesText(List<ResourceTypeSpec> specs) {
    StringBuilder table = new StringBuilder();
    table.append("| API call | least Databricks role | resource types |\n");
    table.append("| --- | --- | --- |\n");
    for (DatabricksCall call : databricksRoles(specs)) {
      table
          .append("| `")
          .append(call.apiCall())
          .append("` | ")
          .append(call.role())
          .append(" | ")
          .append(String.join(", ", call.resourceTypes()))
          .append(" |\n");
    }
    return table.toString();
  }
}
