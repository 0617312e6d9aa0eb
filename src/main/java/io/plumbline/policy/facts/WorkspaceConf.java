package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;
import io.plumbline.model.WorkspaceConfKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One key of a workspace's configuration ({@code databricks_workspace_conf}, whose {@code
 * custom_config} maps key to string value): one fact per key, so that each key a rule fails is a
 * finding of its own. A key the API reports unset ({@code null}) is unset: the workspace runs with
 * the platform's default for it. A key plumbline asks for that the snapshot does not carry is
 * unknown (the API rejected it; the coverage row says so), not unset.
 */
public final class WorkspaceConf implements Fact {

  /** The keys {@code GET /api/2.0/workspace-conf} accepts: each gets a fact, set or not. */
  static final List<String> KNOWN_KEYS = WorkspaceConfKeys.ALL;

  private final ResourceRef ref;
  private final String workspaceId;
  private final String key;
  private final String value;
  private final boolean set;
  private final boolean known;

  /**
   * @param value the value, or null when the key is unset or unknown
   * @param known whether the snapshot holds the key's value (set or unset)
   */
  public WorkspaceConf(
      ResourceRef ref, String workspaceId, String key, String value, boolean known) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.key = requireNonNull(key, "key is null");
    if (!known && value != null) {
      throw new IllegalArgumentException("key " + key + " has a value but is not known");
    }
    this.known = known;
    this.set = value != null;
    this.value = value == null ? "" : value;
  }

  static List<WorkspaceConf> of(Resource resource) {
    JsonNode config = resource.attributes().path("custom_config");
    Set<String> keys = new LinkedHashSet<>(KNOWN_KEYS);
    if (config.isObject()) {
      config.fieldNames().forEachRemaining(keys::add);
    }
    ResourceRef ref = ResourceRef.of(resource);
    String workspaceId = Attributes.workspaceId(resource);
    List<WorkspaceConf> facts = new ArrayList<>();
    for (String key : keys) {
      JsonNode value = config.path(key);
      facts.add(
          new WorkspaceConf(
              ref,
              workspaceId,
              key,
              value.isMissingNode() || value.isNull() ? null : value.asText(),
              !value.isMissingNode()));
    }
    return facts;
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getKey() {
    return key;
  }

  /** The value as the API gives it; empty when unset (see {@link #isSet()}). */
  public String getValue() {
    return value;
  }

  /** The value for evidence: the string, or null when unset. */
  public String getValueOrNull() {
    return set ? value : null;
  }

  public boolean isSet() {
    return set;
  }

  /** Whether the snapshot holds the key's value; false when the API would not give it. */
  public boolean isKnown() {
    return known;
  }

  /** Set to "true" (any case). */
  public boolean isEnabled() {
    return set && value.strip().toLowerCase(Locale.ROOT).equals("true");
  }

  /** Set to "false" (any case). */
  public boolean isDisabled() {
    return set && value.strip().toLowerCase(Locale.ROOT).equals("false");
  }

  /** Set to a whole number (such as maxTokenLifetimeDays). */
  public boolean isWholeNumber() {
    if (!set) {
      return false;
    }
    try {
      Long.parseLong(value.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The value as a whole number; 0 when it is not one (see {@link #isWholeNumber()}). */
  public long getNumberValue() {
    return isWholeNumber() ? Long.parseLong(value.strip()) : 0;
  }
}
