package io.plumbline.policy.drools;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plumbline.model.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule's bad example must make it do, in {@code rules/fixtures/<RULE-ID>/expect.yaml}: FAIL
 * {@code count} times, exactly on the resources listed, with the attribute each FAIL names when it
 * names one.
 *
 * <pre>
 * rule: AWS-IAM-001
 * count: 1
 * fail:
 *   - {type: "aws_iam_role", scope: "aws:111122223333", id: "dev-cross-account", attribute: "assume_role_policy"}
 * </pre>
 */
record FixtureExpectation(String rule, int count, List<FailedResource> fail) {

  static final String FILE_NAME = "expect.yaml";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("rule", "count", "fail");
  private static final Set<String> RESOURCE_FIELDS = Set.of("type", "scope", "id");
  private static final String ATTRIBUTE = "attribute";

  FixtureExpectation {
    requireNonNull(rule, "rule is null");
    fail = List.copyOf(fail);
  }

  /**
   * The resource a FAIL is on, as findings and the snapshot name it, and the attribute it names.
   */
  record FailedResource(String type, String scope, String id, Optional<String> attribute)
      implements Comparable<FailedResource> {

    private static final Comparator<FailedResource> ORDER =
        Comparator.comparing(FailedResource::scope)
            .thenComparing(FailedResource::type)
            .thenComparing(FailedResource::id)
            .thenComparing(failed -> failed.attribute().orElse(""));

    FailedResource {
      requireNonNull(type, "type is null");
      requireNonNull(scope, "scope is null");
      requireNonNull(id, "id is null");
      requireNonNull(attribute, "attribute is null");
    }

    static FailedResource of(Finding finding) {
      return new FailedResource(
          finding.resourceType(),
          finding.scope().toString(),
          finding.resourceId(),
          finding.attribute());
    }

    @Override
    public int compareTo(FailedResource other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return type + " " + id + " in " + scope + attribute.map(name -> " at " + name).orElse("");
    }
  }

  static FixtureExpectation of(String rule, List<FailedResource> failed) {
    return new FixtureExpectation(rule, failed.size(), failed.stream().sorted().toList());
  }

  static FixtureExpectation read(Path file) throws IOException {
    JsonNode root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping with rule, count and fail");
    }
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(
                    file + ": unknown field \"" + name + "\" (expected one of " + FIELDS + ")");
              }
            });
    String rule = required(root, "rule", file).asText();
    JsonNode count = required(root, "count", file);
    if (!count.canConvertToExactIntegral()) {
      throw new IllegalArgumentException(file + ": count must be a whole number, not " + count);
    }
    List<FailedResource> resources = new ArrayList<>();
    JsonNode fail = required(root, "fail", file);
    if (!fail.isArray()) {
      throw new IllegalArgumentException(
          file + ": fail must be a list of {type, scope, id[, attribute]}");
    }
    for (JsonNode entry : fail) {
      Set<String> fields = new HashSet<>(entry.isObject() ? fieldNames(entry) : List.of());
      fields.remove(ATTRIBUTE);
      if (!fields.equals(RESOURCE_FIELDS)) {
        throw new IllegalArgumentException(
            file + ": every entry of fail must be {type, scope, id[, attribute]}, not " + entry);
      }
      resources.add(
          new FailedResource(
              entry.path("type").asText(),
              entry.path("scope").asText(),
              entry.path("id").asText(),
              Optional.ofNullable(entry.get(ATTRIBUTE)).map(JsonNode::asText)));
    }
    return new FixtureExpectation(rule, count.asInt(), resources);
  }

  void write(Path file) throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# What bad.json must make ")
        .append(rule)
        .append(" FAIL: exactly these, checked by RulePackTest.\n");
    yaml.append("rule: ").append(rule).append('\n');
    yaml.append("count: ").append(count).append('\n');
    yaml.append("fail:").append(fail.isEmpty() ? " []\n" : "\n");
    for (FailedResource resource : fail) {
      yaml.append("  - {type: ")
          .append(quoted(resource.type()))
          .append(", scope: ")
          .append(quoted(resource.scope()))
          .append(", id: ")
          .append(quoted(resource.id()));
      resource.attribute().ifPresent(name -> yaml.append(", attribute: ").append(quoted(name)));
      yaml.append("}\n");
    }
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String quoted(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot quote " + value, e);
    }
  }

  private static JsonNode required(JsonNode root, String field, Path file) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(file + ": missing required field \"" + field + "\"");
    }
    return value;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
