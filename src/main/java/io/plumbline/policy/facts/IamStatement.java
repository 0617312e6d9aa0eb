package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One statement of an IAM policy document, with the IAM semantics rules need: which actions,
 * resources and principals it names, whether a wildcard covers a given action, and what its
 * conditions require.
 *
 * <p>Documents come in the collectors' normal form ({@code Statement} a list, every {@code Action},
 * {@code Resource} and principal value a sorted list). Hand-written documents (rule fixtures,
 * Terraform state) may use IAM's shorthand, a single string where a list may stand, and are read
 * the same way. Action names and condition keys compare case-insensitively, as IAM compares them;
 * values are kept as written.
 */
public final class IamStatement {

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  private final JsonNode json;
  private final String sid;
  private final boolean allow;
  private final List<String> actions;
  private final List<String> notActions;
  private final List<String> resources;
  private final List<String> notResources;
  private final boolean principalIsWildcard;
  private final boolean hasNotPrincipal;
  private final Map<String, List<String>> principals;
  private final Map<String, Map<String, List<String>>> conditions;

  private IamStatement(JsonNode json) {
    this.json = json.deepCopy();
    this.sid = json.path("Sid").asText("");
    this.allow = "Allow".equals(json.path("Effect").asText(""));
    this.actions = strings(json.get("Action"));
    this.notActions = strings(json.get("NotAction"));
    this.resources = strings(json.get("Resource"));
    this.notResources = strings(json.get("NotResource"));
    JsonNode principal = json.get("Principal");
    this.principalIsWildcard = principal != null && principal.isTextual();
    this.principals = principalMap(principal);
    this.hasNotPrincipal = json.has("NotPrincipal");
    this.conditions = conditionMap(json.get("Condition"));
  }

  /**
   * The statements of a policy document; none for a document that is absent or has none. A
   * statement that is not a JSON object (IAM would reject it) is skipped.
   */
  public static List<IamStatement> of(JsonNode document) {
    if (document == null || !document.isObject()) {
      return List.of();
    }
    JsonNode statement = document.get("Statement");
    if (statement == null || statement.isNull()) {
      return List.of();
    }
    List<IamStatement> statements = new ArrayList<>();
    if (statement.isArray()) {
      statement.forEach(
          item -> {
            if (item.isObject()) {
              statements.add(new IamStatement(item));
            }
          });
    } else if (statement.isObject()) {
      statements.add(new IamStatement(statement));
    }
    return List.copyOf(statements);
  }

  /** Whether an IAM action pattern ({@code *} and {@code ?} wildcards) covers an action. */
  public static boolean actionMatches(String pattern, String action) {
    requireNonNull(pattern, "pattern is null");
    requireNonNull(action, "action is null");
    return glob(pattern.toLowerCase(Locale.ROOT))
        .matcher(action.toLowerCase(Locale.ROOT))
        .matches();
  }

  /** The statement as the document has it, for evidence. */
  public JsonNode getJson() {
    return json.deepCopy();
  }

  public String getSid() {
    return sid;
  }

  public boolean isAllow() {
    return allow;
  }

  public List<String> getActions() {
    return actions;
  }

  public List<String> getNotActions() {
    return notActions;
  }

  public List<String> getResources() {
    return resources;
  }

  public List<String> getNotResources() {
    return notResources;
  }

  /**
   * Whether the statement covers an action: one of its {@code Action} patterns matches it, or it
   * has a {@code NotAction} none of whose patterns matches it.
   */
  public boolean coversAction(String action) {
    if (!notActions.isEmpty()) {
      return notActions.stream().noneMatch(pattern -> actionMatches(pattern, action));
    }
    return actions.stream().anyMatch(pattern -> actionMatches(pattern, action));
  }

  /** Whether the statement is an Allow that covers the action. */
  public boolean allowsAction(String action) {
    return allow && coversAction(action);
  }

  /**
   * The actions granted by wildcard: {@code *}, a whole service ({@code s3:*}) or a partial pattern
   * ({@code ec2:Describe*}); a {@code NotAction} grants everything it does not name, and is listed
   * as {@code NotAction:<pattern>}.
   */
  public List<String> getWildcardActions() {
    List<String> wildcards = new ArrayList<>();
    for (String action : actions) {
      if (action.contains("*") || action.contains("?")) {
        wildcards.add(action);
      }
    }
    notActions.forEach(action -> wildcards.add("NotAction:" + action));
    return List.copyOf(wildcards);
  }

  /** Whether the statement grants every action of every service ({@code *} or a NotAction). */
  public boolean isAnyAction() {
    return actions.contains("*") || !notActions.isEmpty();
  }

  /** Whether the statement applies to every resource ({@code *} or a NotResource). */
  public boolean isAnyResource() {
    return resources.contains("*") || !notResources.isEmpty();
  }

  /**
   * The actions (and wildcard patterns, and {@code NotAction:<pattern>} entries) of the statement
   * that the given list does not name. A wildcard counts as outside unless the list names the
   * pattern itself: it grants whatever the service adds under it later.
   */
  public List<String> actionsOutside(Collection<String> allowed) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(allowed);
    List<String> outside = new ArrayList<>();
    for (String action : actions) {
      if (!names.contains(action)) {
        outside.add(action);
      }
    }
    notActions.forEach(action -> outside.add("NotAction:" + action));
    return List.copyOf(outside);
  }

  /**
   * {@code "Principal": "*"}, or a principal value {@code *} ({@code {"AWS": "*"}}): anyone, in any
   * AWS account, unless a condition narrows it.
   */
  public boolean isAnyPrincipal() {
    return principalIsWildcard
        || principals.values().stream().anyMatch(values -> values.contains("*"));
  }

  /** An Allow with a NotPrincipal grants to everyone except the principals it names. */
  public boolean hasNotPrincipal() {
    return hasNotPrincipal;
  }

  /** Principal type (AWS, Service, Federated, CanonicalUser) -> values. */
  public Map<String, List<String>> getPrincipals() {
    return principals;
  }

  public List<String> getAwsPrincipals() {
    return principals.getOrDefault("AWS", List.of());
  }

  public List<String> getServicePrincipals() {
    return principals.getOrDefault("Service", List.of());
  }

  /**
   * The AWS accounts the {@code AWS} principals belong to: a bare account id, or the account field
   * of an ARN ({@code arn:aws:iam::414351767826:root} -> 414351767826).
   */
  public List<String> getPrincipalAccountIds() {
    Set<String> accounts = new TreeSet<>();
    for (String principal : getAwsPrincipals()) {
      if (ACCOUNT_ID.matcher(principal).matches()) {
        accounts.add(principal);
      } else if (principal.startsWith("arn:")) {
        String[] parts = principal.split(":", 6);
        if (parts.length == 6 && ACCOUNT_ID.matcher(parts[4]).matches()) {
          accounts.add(parts[4]);
        }
      }
    }
    return List.copyOf(accounts);
  }

  public boolean hasCondition() {
    return !conditions.isEmpty();
  }

  /** Condition operator -> condition key -> values, as written. */
  public Map<String, Map<String, List<String>>> getConditions() {
    return conditions;
  }

  /** Every value any operator compares the condition key with (keys are case-insensitive). */
  public List<String> conditionValues(String key) {
    List<String> values = new ArrayList<>();
    for (Map<String, List<String>> byKey : conditions.values()) {
      byKey.forEach(
          (name, list) -> {
            if (name.equalsIgnoreCase(key)) {
              values.addAll(list);
            }
          });
    }
    return List.copyOf(values);
  }

  /**
   * The values the condition key must equal: those of {@code StringEquals} and {@code
   * StringEqualsIgnoreCase}, and those of {@code StringLike} without a wildcard. Empty when the
   * statement does not pin the key to fixed values (no condition on it, or only patterns).
   */
  public List<String> exactConditionValues(String key) {
    List<String> values = new ArrayList<>();
    conditions.forEach(
        (operator, byKey) -> {
          boolean equality =
              operator.equals("StringEquals") || operator.equals("StringEqualsIgnoreCase");
          boolean like = operator.equals("StringLike");
          if (!equality && !like) {
            return;
          }
          byKey.forEach(
              (name, list) -> {
                if (name.equalsIgnoreCase(key)) {
                  for (String value : list) {
                    if (equality || !(value.contains("*") || value.contains("?"))) {
                      values.add(value);
                    }
                  }
                }
              });
        });
    return List.copyOf(values);
  }

  @Override
  public String toString() {
    return json.toString();
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static List<String> strings(JsonNode value) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    List<String> strings = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(item -> strings.add(item.isTextual() ? item.asText() : item.toString()));
    } else {
      strings.add(value.isTextual() ? value.asText() : value.toString());
    }
    return List.copyOf(strings);
  }

  private static Map<String, List<String>> principalMap(JsonNode principal) {
    if (principal == null || !principal.isObject()) {
      return Map.of();
    }
    Map<String, List<String>> byType = new LinkedHashMap<>();
    principal.properties().forEach(field -> byType.put(field.getKey(), strings(field.getValue())));
    return Collections.unmodifiableMap(byType);
  }

  private static Map<String, Map<String, List<String>>> conditionMap(JsonNode condition) {
    if (condition == null || !condition.isObject()) {
      return Map.of();
    }
    Map<String, Map<String, List<String>>> byOperator = new LinkedHashMap<>();
    condition
        .properties()
        .forEach(
            operator -> {
              Map<String, List<String>> byKey = new LinkedHashMap<>();
              JsonNode keys = operator.getValue();
              if (keys.isObject()) {
                keys.properties().forEach(key -> byKey.put(key.getKey(), strings(key.getValue())));
              }
              byOperator.put(operator.getKey(), Collections.unmodifiableMap(byKey));
            });
    return Collections.unmodifiableMap(byOperator);
  }
}
