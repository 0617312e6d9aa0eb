package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The framework mappings in {@code policies/frameworks/}: each file is {@code {framework: {id,
 * title, version}, controls: [{id, title, rules: [rule ids]}]}}. Rules never name a framework;
 * these files name rules, so they must name rules that exist, and every rule must count towards
 * some framework.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameworksTest {

  private static final Path FRAMEWORKS = Path.of("policies", "frameworks");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FRAMEWORK_KEYS = Set.of("framework", "controls");
  private static final Set<String> HEADER_KEYS = Set.of("id", "title", "version");
  private static final Set<String> CONTROL_KEYS = Set.of("id", "title", "rules");

  private record Mapping(String file, String control, String ruleId) {}

  private final Map<String, JsonNode> documents = new LinkedHashMap<>();
  private Set<String> ruleIds;

  @BeforeAll
  void load() throws IOException {
    try (Stream<Path> files = Files.list(FRAMEWORKS)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
        documents.put(file.toString(), YAML.readTree(file.toFile()));
      }
    }
    ruleIds = new TreeSet<>();
    DroolsPolicyEngine.load(Path.of("rules")).rules().forEach(rule -> ruleIds.add(rule.id()));
  }

  @Test
  void theFourFrameworksAreMapped() {
    assertThat(documents.keySet())
        .extracting(file -> Path.of(file).getFileName().toString())
        .contains("cis-databricks.yaml", "nist-800-53.yaml", "soc2.yaml", "dasf.yaml");
  }

  @Test
  void everyFileHasTheFrameworkShape() {
    List<String> problems = new ArrayList<>();
    Set<String> frameworkIds = new HashSet<>();
    documents.forEach(
        (file, document) -> {
          if (document == null || !document.isObject()) {
            problems.add(file + ": not a YAML mapping");
            return;
          }
          unknownKeys(file, document, FRAMEWORK_KEYS, problems);
          JsonNode header = document.path("framework");
          unknownKeys(file + ": framework", header, HEADER_KEYS, problems);
          for (String key : HEADER_KEYS) {
            if (!header.path(key).isTextual() || header.path(key).asText().isBlank()) {
              problems.add(file + ": framework." + key + " must be a non-empty string");
            }
          }
          if (!frameworkIds.add(header.path("id").asText())) {
            problems.add(file + ": framework id " + header.path("id").asText() + " is used twice");
          }
          JsonNode controls = document.path("controls");
          if (!controls.isArray() || controls.isEmpty()) {
            problems.add(file + ": controls must be a non-empty list");
            return;
          }
          Set<String> controlIds = new HashSet<>();
          for (JsonNode control : controls) {
            String where = file + ": control " + control.path("id").asText("?");
            unknownKeys(where, control, CONTROL_KEYS, problems);
            if (!control.path("id").isTextual() || control.path("id").asText().isBlank()) {
              problems.add(where + ": id must be a non-empty string");
            } else if (!controlIds.add(control.path("id").asText())) {
              problems.add(where + ": id used twice");
            }
            if (!control.path("title").isTextual() || control.path("title").asText().isBlank()) {
              problems.add(where + ": title must be a non-empty string");
            }
            JsonNode rules = control.path("rules");
            if (!rules.isArray() || rules.isEmpty()) {
              problems.add(where + ": rules must be a non-empty list of rule ids");
            } else {
              Set<String> seen = new HashSet<>();
              for (JsonNode rule : rules) {
                if (!rule.isTextual()) {
                  problems.add(where + ": rule " + rule + " is not a rule id");
                } else if (!seen.add(rule.asText())) {
                  problems.add(where + ": rule " + rule.asText() + " is listed twice");
                }
              }
            }
          }
        });

    assertThat(problems).as("framework files in %s", FRAMEWORKS).isEmpty();
  }

  @Test
  void everyRuleAFrameworkNamesExists() {
    List<String> unknown = new ArrayList<>();
    for (Mapping mapping : mappings()) {
      if (!ruleIds.contains(mapping.ruleId())) {
        unknown.add(mapping.file() + ": control " + mapping.control() + ": " + mapping.ruleId());
      }
    }

    assertThat(unknown).as("rule ids named in %s but not in the rule pack", FRAMEWORKS).isEmpty();
  }

  @Test
  void everyRuleOfThePackIsMappedToSomeFramework() {
    Set<String> mapped = new HashSet<>();
    mappings().forEach(mapping -> mapped.add(mapping.ruleId()));
    Set<String> unmapped = new TreeSet<>(ruleIds);
    unmapped.removeAll(mapped);

    assertThat(unmapped)
        .as("rules of rules/ that no file in %s maps to a control", FRAMEWORKS)
        .isEmpty();
  }

  private List<Mapping> mappings() {
    List<Mapping> mappings = new ArrayList<>();
    documents.forEach(
        (file, document) -> {
          for (JsonNode control : document.path("controls")) {
            for (JsonNode rule : control.path("rules")) {
              mappings.add(new Mapping(file, control.path("id").asText(), rule.asText()));
            }
          }
        });
    return mappings;
  }

  private static void unknownKeys(
      String where, JsonNode node, Set<String> known, List<String> problems) {
    if (!node.isObject()) {
      problems.add(where + ": expected a mapping with " + new TreeSet<>(known));
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            where + ": unknown key \"" + name + "\" (expected " + new TreeSet<>(known) + ")");
      }
    }
  }
}
