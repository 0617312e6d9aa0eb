package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.plumbline.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A cluster policy ({@code databricks_cluster_policy}) with its normalised definition (see {@code
 * ClusterPolicyDefinitions}: keys sorted, one-value allowlists as {@code fixed}, default flags
 * dropped). An element of {@code policy_family_definition_overrides} replaces the definition's
 * element of the same attribute. The definition of a policy family itself is not collected: a
 * family policy is judged on its overrides alone.
 *
 * <p>The helpers answer what the policy lets a cluster do, the way the policy language reads: a
 * {@code range} without {@code minValue} allows any smaller value, an optional element allows
 * leaving the attribute unset, and an attribute a policy does not mention is the user's choice.
 */
public final class ClusterPolicy implements Fact {

  static final String AUTOTERMINATION = "autotermination_minutes";
  static final String DBUS_PER_HOUR = "dbus_per_hour";
  static final String CLUSTER_TYPE = "cluster_type";
  private static final Set<String> JOB_CLUSTER_TYPES = Set.of("job", "dlt");

  private final ResourceRef ref;
  private final String workspaceId;
  private final String name;
  private final String policyFamilyId;
  private final boolean defaultPolicy;
  private final String creatorUserName;
  private final JsonNode definition;
  private final JsonNode overrides;

  public ClusterPolicy(
      ResourceRef ref,
      String workspaceId,
      String name,
      String policyFamilyId,
      boolean defaultPolicy,
      String creatorUserName,
      JsonNode definition,
      JsonNode overrides) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.name = requireNonNull(name, "name is null");
    this.policyFamilyId = requireNonNull(policyFamilyId, "policyFamilyId is null");
    this.defaultPolicy = defaultPolicy;
    this.creatorUserName = requireNonNull(creatorUserName, "creatorUserName is null");
    this.definition = requireNonNull(definition, "definition is null").deepCopy();
    this.overrides = requireNonNull(overrides, "overrides is null").deepCopy();
  }

  static ClusterPolicy of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new ClusterPolicy(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "name"),
        Attributes.text(attributes, "policy_family_id"),
        Attributes.flag(attributes, "is_default", false),
        Attributes.text(attributes, "creator_user_name"),
        attributes.path("definition"),
        attributes.path("policy_family_definition_overrides"));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getPolicyId() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getName() {
    return name;
  }

  public String getPolicyFamilyId() {
    return policyFamilyId;
  }

  public boolean isDefaultPolicy() {
    return defaultPolicy;
  }

  public String getCreatorUserName() {
    return creatorUserName;
  }

  /** The element that governs {@code attribute}, or JSON null when the policy does not. */
  public JsonNode element(String attribute) {
    JsonNode override = overrides.path(attribute);
    if (override.isObject()) {
      return override;
    }
    JsonNode element = definition.path(attribute);
    return element.isObject() ? element : NullNode.getInstance();
  }

  /**
   * The longest time, in minutes, that a cluster under this policy may stay idle before it is
   * terminated; empty when the policy does not bound it. It does not when it leaves {@code
   * autotermination_minutes} free (absent, {@code unlimited}, {@code blocklist}, {@code regex}),
   * optional, {@code forbidden} (a cluster that cannot set it never terminates), or when it allows
   * 0, which turns autotermination off: a fixed 0, an allowlist with 0, or a range whose {@code
   * minValue} is absent or not above 0.
   */
  public OptionalLong autoterminationMaximum() {
    JsonNode element = element(AUTOTERMINATION);
    if (element.isNull() || element.path("isOptional").asBoolean(false)) {
      return OptionalLong.empty();
    }
    OptionalDouble maximum;
    switch (element.path("type").asText("")) {
      case "fixed" -> maximum = Attributes.decimal(element.get("value"));
      case "range" -> {
        OptionalDouble minimum = Attributes.decimal(element.get("minValue"));
        if (minimum.isEmpty() || minimum.getAsDouble() <= 0) {
          return OptionalLong.empty();
        }
        maximum = Attributes.decimal(element.get("maxValue"));
      }
      case "allowlist" -> {
        List<Double> values = numbers(element.path("values"));
        if (values.isEmpty() || values.stream().anyMatch(value -> value <= 0)) {
          return OptionalLong.empty();
        }
        maximum =
            OptionalDouble.of(values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
      }
      default -> maximum = OptionalDouble.empty();
    }
    if (maximum.isEmpty() || maximum.getAsDouble() <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) Math.ceil(maximum.getAsDouble()));
  }

  /**
   * The most DBUs per hour a cluster under this policy may consume ({@code dbus_per_hour}, a
   * virtual attribute Databricks computes from the cluster's size); empty when the policy sets no
   * maximum: a fixed value, a range's {@code maxValue} or an allowlist's largest value is one.
   */
  public OptionalDouble dbuPerHourMaximum() {
    JsonNode element = element(DBUS_PER_HOUR);
    if (element.isNull()) {
      return OptionalDouble.empty();
    }
    return switch (element.path("type").asText("")) {
      case "fixed" -> Attributes.decimal(element.get("value"));
      case "range" -> Attributes.decimal(element.get("maxValue"));
      case "allowlist" -> {
        List<Double> values = numbers(element.path("values"));
        yield values.isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
      }
      default -> OptionalDouble.empty();
    };
  }

  public boolean isAutoterminationBounded() {
    return autoterminationMaximum().isPresent();
  }

  /** {@link #autoterminationMaximum()}, or {@link Long#MAX_VALUE} when unbounded. */
  public long getAutoterminationMaximumMinutes() {
    return autoterminationMaximum().orElse(Long.MAX_VALUE);
  }

  public JsonNode getAutoterminationElement() {
    return element(AUTOTERMINATION);
  }

  public boolean isDbuPerHourCapped() {
    return dbuPerHourMaximum().isPresent();
  }

  public JsonNode getDbuPerHourElement() {
    return element(DBUS_PER_HOUR);
  }

  /**
   * The policy only makes job or pipeline clusters ({@code cluster_type} fixed or allowlisted to
   * {@code job}/{@code dlt}): they end with their run, so idle autotermination does not apply.
   */
  public boolean isJobClustersOnly() {
    JsonNode element = element(CLUSTER_TYPE);
    return switch (element.path("type").asText("")) {
      case "fixed" -> JOB_CLUSTER_TYPES.contains(element.path("value").asText(""));
      case "allowlist" -> {
        List<String> values = Attributes.texts(element.path("values"));
        yield !values.isEmpty()
            && !element.path("isOptional").asBoolean(false)
            && JOB_CLUSTER_TYPES.containsAll(values);
      }
      default -> false;
    };
  }

  private static List<Double> numbers(JsonNode values) {
    if (!values.isArray()) {
      return List.of();
    }
    List<Double> numbers = new ArrayList<>();
    for (JsonNode value : values) {
      OptionalDouble number = Attributes.decimal(value);
      if (number.isEmpty()) {
        return List.of(); // a non-numeric value: the list is not a numeric bound
      }
      numbers.add(number.getAsDouble());
    }
    return numbers;
  }
}
