package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.error.PlumblineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The framework mappings of {@code policies/frameworks/*.yaml} as a catalogue: each framework with
 * its controls in file order, each control with the rules that give evidence for it. {@link
 * FrameworkReferences} is the same files seen from the rules.
 */
public final class Frameworks {

  /** One control of a framework and the rules that give evidence for it. */
  public record Control(String id, String title, List<String> rules) {
    public Control {
      requireNonNull(id, "id is null");
      requireNonNull(title, "title is null");
      rules = List.copyOf(rules);
    }
  }

  /** One framework: {@code cis-databricks}, {@code nist-800-53}, {@code soc2}, {@code dasf}. */
  public record Framework(String id, String title, String version, List<Control> controls) {
    public Framework {
      requireNonNull(id, "id is null");
      requireNonNull(title, "title is null");
      requireNonNull(version, "version is null");
      controls = List.copyOf(controls);
    }

    public Optional<Control> control(String controlId) {
      return controls.stream().filter(control -> control.id().equals(controlId)).findFirst();
    }
  }

  private Frameworks() {}

  /**
   * The frameworks under {@code policiesDirectory/frameworks}, by id; empty when there are none.
   */
  public static List<Framework> load(Path policiesDirectory) {
    Map<String, String> files = new TreeMap<>();
    Path directory = policiesDirectory.resolve("frameworks");
    if (java.nio.file.Files.isDirectory(directory)) {
      try (var list = java.nio.file.Files.list(directory)) {
        for (Path file : list.sorted().toList()) {
          files.put(
              "frameworks/" + file.getFileName(),
              io.plumbline.document.TextFiles.read(file, "framework mapping"));
        }
      } catch (java.io.IOException e) {
        throw PlumblineException.userError(
            "cannot read framework mappings in " + directory + ": " + e);
      }
    }
    return fromPolicyFiles(files);
  }

  /**
   * The frameworks among policy files given as path (relative to the policies directory) -> text,
   * e.g. as recorded with a scan: every {@code frameworks/*.yaml}, sorted by framework id.
   */
  public static List<Framework> fromPolicyFiles(Map<String, String> files) {
    Map<String, Framework> frameworks = new TreeMap<>();
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      String name = file.getKey();
      if (!name.startsWith("frameworks/")
          || name.indexOf('/', "frameworks/".length()) >= 0
          || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
        continue;
      }
      Framework framework = parse(name, file.getValue());
      frameworks.put(framework.id(), framework);
    }
    return List.copyOf(frameworks.values());
  }

  static Framework parse(String source, String text) {
    LocatedYaml document = LocatedYaml.parse(source, text);
    JsonNode root = document.root();
    String id = root.path("framework").path("id").asText("");
    if (id.isBlank()) {
      throw PlumblineException.userError(
          document.at("/framework") + ": framework.id: expected the framework's id");
    }
    JsonNode controls = root.path("controls");
    if (!controls.isArray()) {
      throw PlumblineException.userError(
          document.at("/controls") + ": controls: expected a list of {id, title, rules}");
    }
    List<Control> list = new ArrayList<>();
    for (int index = 0; index < controls.size(); index++) {
      JsonNode control = controls.get(index);
      String controlId = control.path("id").asText("");
      if (controlId.isBlank() || !control.path("rules").isArray()) {
        throw PlumblineException.userError(
            document.at("/controls/" + index)
                + ": controls["
                + index
                + "]: expected an id and a list of rules");
      }
      List<String> rules = new ArrayList<>();
      control.path("rules").forEach(rule -> rules.add(rule.asText()));
      list.add(new Control(controlId, control.path("title").asText(""), rules));
    }
    return new Framework(
        id,
        root.path("framework").path("title").asText(id),
        root.path("framework").path("version").asText(""),
        list);
  }
}
