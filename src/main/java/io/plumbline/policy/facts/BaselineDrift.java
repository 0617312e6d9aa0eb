package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;

/**
 * One difference between a baseline and live state (built by {@code
 * io.plumbline.baseline.BaselineComparator}; docs/baselines.md):
 *
 * <ul>
 *   <li>MISSING: a declared item is not there (its read was complete);
 *   <li>EXTRA: a live item the baseline does not declare, under mode exact;
 *   <li>CHANGED: a declared attribute differs ({@link #getAttribute()} names it);
 *   <li>UNMANAGED: a live item the baseline does not declare, under mode subset (allowed);
 *   <li>UNKNOWN: a declared item is not in the snapshot but its read failed or was not made, so it
 *       may well exist; never a MISSING.
 * </ul>
 *
 * {@link #ref()} is the live resource when there is one, else the declared resource (its declared
 * id, or its name). For members, grants, settings and IAM policies the item is part of a resource:
 * the ref is that resource and the attribute names the part (e.g. {@code
 * custom_config.enableResultsDownloading}, {@code inline_policies.s3-debug-access}, {@code
 * access_control.group:data-engineers}).
 */
public final class BaselineDrift implements Fact {

  public enum Kind {
    MISSING,
    EXTRA,
    CHANGED,
    UNMANAGED,
    UNKNOWN
  }

  private final Kind kind;
  private final String mode;
  private final String baselineKind;
  private final ResourceRef ref;
  private final boolean live;
  private final String name;
  private final String attribute;
  private final JsonNode expected;
  private final JsonNode actual;
  private final Optional<String> location;
  private final String group;
  private final boolean adminGroup;
  private final String reason;

  private BaselineDrift(Builder builder) {
    this.kind = requireNonNull(builder.kind, "kind is null");
    this.mode = requireNonNull(builder.mode, "mode is null");
    this.baselineKind = requireNonNull(builder.baselineKind, "baselineKind is null");
    this.ref = requireNonNull(builder.ref, "ref is null");
    this.live = builder.live;
    this.name = requireNonNull(builder.name, "name is null");
    this.attribute = requireNonNull(builder.attribute, "attribute is null");
    this.expected = builder.expected == null ? NullNode.getInstance() : builder.expected.deepCopy();
    this.actual = builder.actual == null ? NullNode.getInstance() : builder.actual.deepCopy();
    this.location = requireNonNull(builder.location, "location is null");
    this.group = requireNonNull(builder.group, "group is null");
    this.adminGroup = builder.adminGroup;
    this.reason = requireNonNull(builder.reason, "reason is null");
  }

  public static Builder builder(Kind kind, String baselineKind, ResourceRef ref) {
    return new Builder(kind, baselineKind, ref);
  }

  /** Builds a drift fact; everything but kind, baseline kind and ref has a neutral default. */
  public static final class Builder {
    private final Kind kind;
    private final String baselineKind;
    private final ResourceRef ref;
    private String mode = "exact";
    private boolean live;
    private String name = "";
    private String attribute = "";
    private JsonNode expected;
    private JsonNode actual;
    private Optional<String> location = Optional.empty();
    private String group = "";
    private boolean adminGroup;
    private String reason = "";

    private Builder(Kind kind, String baselineKind, ResourceRef ref) {
      this.kind = kind;
      this.baselineKind = baselineKind;
      this.ref = ref;
    }

    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    public Builder live(boolean value) {
      this.live = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder attribute(String value) {
      this.attribute = value;
      return this;
    }

    public Builder expected(JsonNode value) {
      this.expected = value;
      return this;
    }

    public Builder actual(JsonNode value) {
      this.actual = value;
      return this;
    }

    public Builder location(Optional<String> value) {
      this.location = value;
      return this;
    }

    public Builder group(String value, boolean admin) {
      this.group = value;
      this.adminGroup = admin;
      return this;
    }

    public Builder reason(String value) {
      this.reason = value;
      return this;
    }

    public BaselineDrift build() {
      return new BaselineDrift(this);
    }
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  @Override
  public Optional<String> location() {
    return location;
  }

  public Kind getKind() {
    return kind;
  }

  public boolean isMissing() {
    return kind == Kind.MISSING;
  }

  public boolean isExtra() {
    return kind == Kind.EXTRA;
  }

  public boolean isChanged() {
    return kind == Kind.CHANGED;
  }

  public boolean isUnmanaged() {
    return kind == Kind.UNMANAGED;
  }

  public boolean isUnknown() {
    return kind == Kind.UNKNOWN;
  }

  /** The management mode the comparison ran under: {@code exact} or {@code subset}. */
  public String getMode() {
    return mode;
  }

  /** The baseline section, e.g. {@code cluster_policies}. */
  public String getBaselineKind() {
    return baselineKind;
  }

  public String getResourceType() {
    return ref.type();
  }

  public String getScope() {
    return ref.scope().toString();
  }

  public String getResourceId() {
    return ref.id();
  }

  /** Whether {@link #ref()} is a live resource (false: the declared resource was not found). */
  public boolean isLive() {
    return live;
  }

  /** The item's name: a policy's or group's name, a principal, a setting's key. */
  public String getName() {
    return name;
  }

  /**
   * The drifted attribute (a path with '.', e.g. {@code definition.autotermination_minutes}), empty
   * when the whole item is missing or extra.
   */
  public String getAttribute() {
    return attribute;
  }

  public boolean isWholeResource() {
    return attribute.isEmpty();
  }

  public JsonNode getExpected() {
    return expected;
  }

  public JsonNode getActual() {
    return actual;
  }

  /** The expected value as people read it: text as is, anything else as JSON, "(absent)". */
  public String getExpectedText() {
    return text(expected);
  }

  public String getActualText() {
    return text(actual);
  }

  /** For group members: the group's name. */
  public String getGroup() {
    return group;
  }

  /**
   * For group members: whether the group makes its members admins (a workspace's {@code admins}
   * group, or a group assigned ADMIN to a workspace or nested in an {@code admins} group).
   */
  public boolean isAdminGroup() {
    return adminGroup;
  }

  /** For UNKNOWN: which read failed and why. */
  public String getReason() {
    return reason;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "(absent)";
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  @Override
  public String toString() {
    return kind
        + " "
        + ref
        + (attribute.isEmpty() ? "" : " " + attribute)
        + (kind == Kind.CHANGED ? ": " + getExpectedText() + " -> " + getActualText() : "")
        + location.map(where -> " (" + where + ")").orElse("");
  }
}
