package io.plumbline.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.policy.Waivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks every policy file of a policies directory before anything runs ({@code plumbline
 * validate}): {@code baselines/*.yaml} against baseline.schema.json and each other, {@code
 * waivers/*.yaml} against waiver.schema.json and the waiver rules, {@code frameworks/*.yaml}
 * against framework.schema.json (and, given the rule ids, that every control names rules that
 * exist). The first bad file stops the check with its problems, each with file, line, field and
 * what was expected.
 */
public final class PolicyDirectory {

  /** How many files of each kind were checked. */
  public record Summary(int baselines, int waivers, int frameworks) {
    public int total() {
      return baselines + waivers + frameworks;
    }
  }

  private PolicyDirectory() {}

  /**
   * Validates the directory; {@code ruleIds} (empty when unknown) are the ids framework controls
   * may name.
   */
  public static Summary validate(Path policies, Set<String> ruleIds) {
    return validate(policies, () -> ruleIds);
  }

  /**
   * Validates the directory; {@code ruleIds} gives the ids framework controls may name (empty when
   * unknown), asked for only when there is a framework mapping to check.
   */
  public static Summary validate(Path policies, Supplier<Set<String>> ruleIds) {
    if (!Files.isDirectory(policies)) {
      throw PlumblineException.userError("policies directory not found: " + policies);
    }
    int baselines = 0;
    Path baselineDirectory = policies.resolve("baselines");
    if (Files.isDirectory(baselineDirectory)) {
      List<Baselines.Source> sources = new ArrayList<>();
      for (Path file : Baselines.files(baselineDirectory)) {
        sources.addAll(Baselines.read(file));
        baselines++;
      }
      Baselines.of(sources);
    }
    int waivers = 0;
    Path waiverDirectory = policies.resolve("waivers");
    if (Files.isDirectory(waiverDirectory)) {
      for (Path file : Baselines.files(waiverDirectory)) {
        String text = TextFiles.read(file, PolicySchemas.WAIVER.noun());
        checkSchema(PolicySchemas.WAIVER, file, text);
        Waivers.parse(file.toString(), text);
        waivers++;
      }
      Waivers.load(policies);
    }
    int frameworks = 0;
    Path frameworkDirectory = policies.resolve("frameworks");
    if (Files.isDirectory(frameworkDirectory)) {
      Map<String, String> frameworkIds = new HashMap<>();
      for (Path file : Baselines.files(frameworkDirectory)) {
        LocatedDocument document =
            checkSchema(
                PolicySchemas.FRAMEWORK,
                file,
                TextFiles.read(file, PolicySchemas.FRAMEWORK.noun()));
        checkFramework(file, document, ruleIds.get(), frameworkIds);
        frameworks++;
      }
    }
    return new Summary(baselines, waivers, frameworks);
  }

  private static void checkFramework(
      Path file, LocatedDocument document, Set<String> ruleIds, Map<String, String> seen) {
    List<String> problems = new ArrayList<>();
    JsonNode root = document.root();
    String id = root.path("framework").path("id").asText();
    String previous = seen.putIfAbsent(id, document.where("/framework/id"));
    if (previous != null) {
      problems.add(
          document.where("/framework/id")
              + ": /framework/id: framework \""
              + id
              + "\" is already mapped at "
              + previous
              + " (expected one file per framework)");
    }
    Map<String, String> controls = new HashMap<>();
    JsonNode list = root.path("controls");
    for (int index = 0; index < list.size(); index++) {
      String pointer = "/controls/" + index;
      String control = list.get(index).path("id").asText();
      String first = controls.putIfAbsent(control, document.where(pointer + "/id"));
      if (first != null) {
        problems.add(
            document.where(pointer + "/id")
                + ": "
                + pointer
                + "/id: control \""
                + control
                + "\" appears twice (first at "
                + first
                + ")");
      }
      JsonNode rules = list.get(index).path("rules");
      for (int position = 0; position < rules.size(); position++) {
        String rule = rules.get(position).asText();
        if (!ruleIds.isEmpty() && !ruleIds.contains(rule)) {
          String rulePointer = pointer + "/rules/" + position;
          problems.add(
              document.where(rulePointer)
                  + ": "
                  + rulePointer
                  + ": unknown rule \""
                  + rule
                  + "\" (expected the id of a rule in the rule pack)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid framework mapping", problems);
    }
  }

  private static LocatedDocument checkSchema(PolicySchemas schema, Path file, String text) {
    LocatedDocument document;
    try {
      document = LocatedDocument.parseYaml(file.toString(), text);
    } catch (LocatedDocument.SyntaxException e) {
      throw new InvalidPolicyFileException("invalid " + schema.noun(), List.of(e.getMessage()));
    }
    if (document.root().isNull()) {
      throw new InvalidPolicyFileException(
          "invalid " + schema.noun(), List.of(schema.emptyFile(file.toString())));
    }
    List<String> problems = schema.problems(document);
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid " + schema.noun(), problems);
    }
    return document;
  }
}
