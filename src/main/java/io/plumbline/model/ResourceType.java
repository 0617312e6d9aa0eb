package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One resource type, declared once: what collection reads, what the snapshot stores, what rules,
 * baselines, drift, Terraform import, the sandbox and the permission documents know of it. The
 * declarations are in {@link ResourceCatalogue}; {@code plumbline types} lists them.
 *
 * @param name the Terraform provider's resource type name ({@code databricks_external_location}),
 *     or one in its style where the provider has none
 * @param noun what one resource is called in messages ("external location")
 * @param idAttributes the attributes whose values, joined by {@link #ID_SEPARATOR}, make a
 *     resource's id within its scope; empty for a type with one resource per scope (id {@link
 *     #SINGLETON_ID})
 * @param attributes every attribute the snapshot stores, in the order the collector writes them
 * @param reads how it is read, one per kind of scope it lives in
 * @param baseline where baselines declare it, if they do
 * @param terraform the Terraform resource types it is imported from
 */
public record ResourceType(
    String name,
    String noun,
    List<String> idAttributes,
    List<Attribute> attributes,
    List<ApiRead> reads,
    Optional<BaselineSection> baseline,
    List<TerraformSource> terraform) {

  /** What joins the values of a composite id: {@code 1234|cluster-admins}. */
  public static final String ID_SEPARATOR = "|";

  /** The id of the one resource of a type that has one per scope. */
  public static final String SINGLETON_ID = "_";

  public ResourceType {
    requireNonNull(name, "name is null");
    requireNonNull(noun, "noun is null");
    idAttributes = List.copyOf(idAttributes);
    attributes = List.copyOf(attributes);
    reads = List.copyOf(reads);
    requireNonNull(baseline, "baseline is null");
    terraform = List.copyOf(terraform);
    Set<String> names = new LinkedHashSet<>();
    for (Attribute attribute : attributes) {
      if (!names.add(attribute.name())) {
        throw new IllegalArgumentException(
            name + " declares attribute " + attribute.name() + " twice");
      }
    }
    for (String id : idAttributes) {
      if (!names.contains(id)) {
        throw new IllegalArgumentException(name + ": id attribute " + id + " is not declared");
      }
    }
    if (reads.isEmpty()) {
      throw new IllegalArgumentException(name + " declares no read");
    }
  }

  /** The kinds of scope its resources live in, in the order of their reads. */
  public List<ScopeKind> scopes() {
    return reads.stream().map(ApiRead::scope).distinct().toList();
  }

  public boolean readIn(ScopeKind kind) {
    return reads.stream().anyMatch(read -> read.scope() == kind);
  }

  public Optional<ApiRead> read(ScopeKind kind) {
    return reads.stream().filter(read -> read.scope() == kind).findFirst();
  }

  /**
   * The scope kinds as {@code plumbline types} shows them: {@code workspace}, {@code
   * account,workspace}.
   */
  public String scopeLabel() {
    return scopes().stream().map(ScopeKind::label).collect(Collectors.joining(","));
  }

  public Optional<Attribute> attribute(String attributeName) {
    return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
  }

  /** Attributes drift leaves out: they change with use, not with configuration. */
  public Set<String> volatileAttributes() {
    Set<String> result = new LinkedHashSet<>();
    attributes.stream().filter(Attribute::volatileValue).forEach(a -> result.add(a.name()));
    return result;
  }

  /** Attributes compared in a normal form, by name. */
  public Map<String, NormalForm> normalForms() {
    Map<String, NormalForm> forms = new LinkedHashMap<>();
    attributes.forEach(a -> a.normalForm().ifPresent(form -> forms.put(a.name(), form)));
    return forms;
  }

  /** Every API call that reads it, in every scope, without repeats. */
  public List<ApiCall> apiCalls() {
    Map<String, ApiCall> calls = new LinkedHashMap<>();
    reads.forEach(read -> read.calls().forEach(call -> calls.putIfAbsent(call.call(), call)));
    return List.copyOf(calls.values());
  }

  /** Every role or IAM action its reads need, without repeats. */
  public List<String> permissions() {
    Set<String> permissions = new LinkedHashSet<>();
    reads.forEach(read -> permissions.addAll(read.permissions()));
    return List.copyOf(permissions);
  }

  /** The Terraform resource types it is imported from. */
  public List<String> terraformTypes() {
    return terraform.stream().map(TerraformSource::resourceType).toList();
  }

  /**
   * The id of the resource these attributes describe: the id attributes' values joined by {@link
   * #ID_SEPARATOR} (numbers as their digits), or {@link #SINGLETON_ID}.
   *
   * @throws IllegalArgumentException when an id attribute is absent or null
   */
  public String id(JsonNode attributes) {
    if (idAttributes.isEmpty()) {
      return SINGLETON_ID;
    }
    List<String> parts = new ArrayList<>();
    for (String attribute : idAttributes) {
      JsonNode value = attributes.path(attribute);
      if (value.isMissingNode() || value.isNull() || value.asText().isEmpty()) {
        throw new IllegalArgumentException(noun + " without " + attribute);
      }
      parts.add(value.asText());
    }
    return String.join(ID_SEPARATOR, parts);
  }

  /** Starts a declaration. */
  public static Builder named(String name, String noun) {
    return new Builder(name, noun);
  }

  /** Declarations read as a list of what a type is; see {@link ResourceCatalogue}. */
  public static final class Builder {
    private final String name;
    private final String noun;
    private final List<String> idAttributes = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<ApiRead> reads = new ArrayList<>();
    private Optional<BaselineSection> baseline = Optional.empty();
    private final List<TerraformSource> terraform = new ArrayList<>();

    private Builder(String name, String noun) {
      this.name = name;
      this.noun = noun;
    }

    public Builder id(String... attributeNames) {
      idAttributes.addAll(List.of(attributeNames));
      return this;
    }

    public Builder attributes(AttributeType type, String... names) {
      for (String attribute : names) {
        attributes.add(Attribute.of(attribute, type));
      }
      return this;
    }

    public Builder strings(String... names) {
      return attributes(AttributeType.STRING, names);
    }

    public Builder numbers(String... names) {
      return attributes(AttributeType.NUMBER, names);
    }

    public Builder booleans(String... names) {
      return attributes(AttributeType.BOOLEAN, names);
    }

    public Builder stringLists(String... names) {
      return attributes(AttributeType.STRING_LIST, names);
    }

    public Builder stringMaps(String... names) {
      return attributes(AttributeType.STRING_MAP, names);
    }

    public Builder objects(String... names) {
      return attributes(AttributeType.OBJECT, names);
    }

    public Builder objectLists(String... names) {
      return attributes(AttributeType.OBJECT_LIST, names);
    }

    /** An attribute that changes with use; drift leaves it out. */
    public Builder volatileAttribute(String attributeName, AttributeType type) {
      attributes.add(Attribute.of(attributeName, type).asVolatile());
      return this;
    }

    /** An attribute stored, and compared, in a normal form. */
    public Builder normalised(String attributeName, AttributeType type, NormalForm form) {
      attributes.add(Attribute.of(attributeName, type).normalisedAs(form));
      return this;
    }

    /** Read with Databricks REST calls in one kind of scope. */
    public Builder databricks(ScopeKind scope, String role, ApiCall... calls) {
      reads.add(new ApiRead(scope, List.of(calls), role, List.of()));
      return this;
    }

    /** Read with AWS calls, each needing its IAM action. */
    public Builder aws(String... iamActions) {
      List<ApiCall> calls = new ArrayList<>();
      for (String action : iamActions) {
        calls.add(ApiCall.aws(action));
      }
      reads.add(new ApiRead(ScopeKind.AWS, calls, "", List.of(iamActions)));
      return this;
    }

    /**
     * Declared in baselines under {@code key}, each item named by {@code itemName}; an item
     * declares {@code attributes} and is compared attribute by attribute (none: a dedicated
     * comparison).
     */
    public Builder baseline(
        String key, String itemName, ManagementMode mode, String... attributes) {
      baseline = Optional.of(BaselineSection.of(key, itemName, mode, List.of(attributes)));
      return this;
    }

    public Builder baseline(BaselineSection section) {
      baseline = Optional.of(section);
      return this;
    }

    /**
     * Imported from a Terraform resource type; {@code mapping} is pairs of Terraform path and
     * declared attribute ({@code "aws_iam_role.0.role_arn", "role_arn"}); a single name maps to
     * itself.
     */
    public Builder terraform(String resourceType, String... mapping) {
      Map<String, String> attributeMap = new LinkedHashMap<>();
      for (String entry : mapping) {
        int arrow = entry.indexOf("->");
        if (arrow < 0) {
          attributeMap.put(entry, entry);
        } else {
          attributeMap.put(entry.substring(0, arrow).strip(), entry.substring(arrow + 2).strip());
        }
      }
      terraform.add(new TerraformSource(resourceType, attributeMap));
      return this;
    }

    public ResourceType build() {
      return new ResourceType(name, noun, idAttributes, attributes, reads, baseline, terraform);
    }
  }
}
