package io.plumbline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which framework controls each rule gives evidence for, read from the mapping files of {@code
 * policies/frameworks/*.yaml} ({@code {framework: {id, title, version}, controls: [{id, title,
 * rules: [rule ids]}]}}): rule id -> references such as {@code nist-800-53:AC-2}. Rules never name
 * a framework; the reports show these references beside each rule.
 */
public final class FrameworkReferences {

  private FrameworkReferences() {}

  /** Empty when {@code policiesDirectory/frameworks} does not exist. */
  public static Map<String, List<String>> load(Path policiesDirectory) {
    Path directory = policiesDirectory.resolve("frameworks");
    Map<String, List<String>> references = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return references;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file :
          files
              .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        read(file.toString(), TextFiles.read(file, "framework mapping"), references);
      }
    } catch (IOException e) {
      throw PlumblineException.userError(
          "cannot read framework mappings in " + directory + ": " + e);
    }
    return references;
  }

  static void read(String source, String text, Map<String, List<String>> references) {
    LocatedYaml document = LocatedYaml.parse(source, text);
    JsonNode root = document.root();
    String framework = root.path("framework").path("id").asText("");
    if (framework.isBlank()) {
      throw PlumblineException.userError(
          document.at("/framework") + ": framework.id: expected the framework's id");
    }
    JsonNode controls = root.path("controls");
    if (!controls.isArray()) {
      throw PlumblineException.userError(
          document.at("/controls") + ": controls: expected a list of {id, title, rules}");
    }
    for (int index = 0; index < controls.size(); index++) {
      JsonNode control = controls.get(index);
      String id = control.path("id").asText("");
      if (id.isBlank() || !control.path("rules").isArray()) {
        throw PlumblineException.userError(
            document.at("/controls/" + index)
                + ": controls["
                + index
                + "]: expected an id and a list of rules");
      }
      for (JsonNode rule : control.path("rules")) {
        List<String> list = references.computeIfAbsent(rule.asText(), key -> new ArrayList<>());
        String reference = framework + ":" + id;
        if (!list.contains(reference)) {
          list.add(reference);
        }
      }
    }
  }
}
