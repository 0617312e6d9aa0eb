package io.plumbline.baseline;

import static io.plumbline.baseline.JsonValues.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.document.TextFiles;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The baselines of a policies directory ({@code policies/baselines/*.yaml}, format in
 * docs/baselines.md): account and AWS declarations, tiers of workspaces that inherit from each
 * other, and workspaces. Every file is checked against {@code baseline.schema.json} and the files
 * against each other (unknown or cyclic {@code extends}, a tier declared twice, two files declaring
 * the same value differently) before anything is compared; a problem names file, line, field and
 * what was expected.
 */
public final class Baselines {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fields of a tier that say how it applies rather than what it declares. */
  private static final Set<String> TIER_FIELDS =
      Set.of("description", "extends", "applies_to", "migration", "modes");

  /** Fields of a workspace entry that are not declarations. */
  private static final Set<String> ENTRY_FIELDS = Set.of("migration", "modes");

  /** One parsed and schema-checked baseline document. */
  record Source(String name, JsonNode root, Declared.Locator locator) {}

  /** A tier: which workspaces it applies to, what it inherits and what it declares itself. */
  record Tier(
      String name,
      List<String> parents,
      Map<String, String> tags,
      List<String> workspaces,
      Modes modes,
      Declared declared,
      String origin,
      String extendsOrigin) {

    boolean selects(String workspaceName, long workspaceId, Map<String, String> workspaceTags) {
      if (!tags.isEmpty()
          && tags.entrySet().stream()
              .allMatch(tag -> tag.getValue().equals(workspaceTags.get(tag.getKey())))) {
        return true;
      }
      return workspaces.contains(workspaceName) || workspaces.contains(Long.toString(workspaceId));
    }
  }

  /** What one workspace is held to: its tiers (ancestors first), then its own entry. */
  record WorkspaceBaseline(
      String workspaceName,
      long workspaceId,
      List<String> tiers,
      Optional<String> entry,
      Modes modes,
      Declared declared) {

    boolean declaresNothing() {
      return tiers.isEmpty() && entry.isEmpty();
    }
  }

  private final List<String> sources;
  private final Modes defaults;
  private final Declared account;
  private final Declared aws;
  private final Map<String, Tier> tiers;
  private final Map<String, Declared> workspaces;
  private final boolean declaresWorkspaces;
  private final String workspacesLocation;

  private Baselines(
      List<String> sources,
      Modes defaults,
      Declared account,
      Declared aws,
      Map<String, Tier> tiers,
      Map<String, Declared> workspaces,
      boolean declaresWorkspaces,
      String workspacesLocation) {
    this.sources = List.copyOf(sources);
    this.defaults = defaults;
    this.account = account;
    this.aws = aws;
    this.tiers = tiers;
    this.workspaces = workspaces;
    this.declaresWorkspaces = declaresWorkspaces;
    this.workspacesLocation = workspacesLocation;
  }

  public static Baselines empty() {
    return new Baselines(
        List.of(), Modes.none(), new Declared(), new Declared(), Map.of(), Map.of(), false, "");
  }

  /**
   * Every {@code *.yaml} and {@code *.yml} file of {@code policiesDirectory/baselines}, in name
   * order; empty when that directory does not exist.
   */
  public static Baselines load(Path policiesDirectory) {
    Path directory = policiesDirectory.resolve("baselines");
    if (!Files.isDirectory(directory)) {
      return empty();
    }
    List<Source> sources = new ArrayList<>();
    for (Path file : files(directory)) {
      sources.addAll(read(file));
    }
    return of(sources);
  }

  /** The policy files of a directory, sorted by name. */
  static List<Path> files(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw PlumblineException.userError("cannot list " + directory + ": " + e.getMessage());
    }
  }

  /**
   * One baseline file, parsed and checked on its own, followed by what the Terraform states it
   * names declare.
   */
  static List<Source> read(Path file) {
    String text = TextFiles.read(file, "baseline file");
    Path parent = file.toAbsolutePath().getParent();
    return withTerraformStates(source(file.toString(), text), parent);
  }

  /**
   * The source and, when it names Terraform states ({@code terraform: {states, map}}), the baseline
   * imported from them, as a source of its own whose declarations carry their addresses.
   */
  static List<Source> withTerraformStates(Source source, Path directory) {
    JsonNode terraform = source.root().get("terraform");
    if (terraform == null) {
      return List.of(source);
    }
    try {
      Map<String, String> texts = new LinkedHashMap<>();
      try (StateSources sources = StateSources.fromEnvironment()) {
        for (JsonNode state : terraform.path("states")) {
          StateSources.State read = sources.read(state.asText(), directory);
          texts.put(read.name(), read.text());
        }
      }
      List<TerraformImporter.Mapping> mappings = new ArrayList<>();
      terraform
          .path("map")
          .properties()
          .forEach(
              entry ->
                  mappings.add(
                      TerraformImporter.Mapping.parse(
                          entry.getKey() + "=" + entry.getValue().asText())));
      TerraformImporter.Result result = TerraformImporter.importStates(texts, mappings);
      String name = source.name() + " (terraform.states)";
      return List.of(
          source, new Source(name, result.document(), Declared.Locator.withoutLines(name)));
    } catch (InvalidPolicyFileException e) {
      throw e;
    } catch (PlumblineException e) {
      String problem = source.locator().origin("/terraform") + ": /terraform: " + e.getMessage();
      if (e.kind() == ErrorKind.EXTERNAL) {
        // S3 down is not a bad file: it keeps its exit code (3), and names the line all the same
        throw new PlumblineException(ErrorKind.EXTERNAL, problem, e);
      }
      throw new InvalidPolicyFileException("invalid baseline", List.of(problem));
    }
  }

  /** A single baseline document given as text (YAML, or JSON when it starts with '{'). */
  public static Baselines parse(String source, String text) {
    return of(withTerraformStates(source(source, text), Path.of("").toAbsolutePath()));
  }

  /**
   * A baseline document already parsed, such as a rule fixture's inline {@code "baseline"}; it is
   * checked like a file, with problems named by JSON Pointer instead of line.
   */
  public static Baselines fromTree(JsonNode document, String source) {
    List<String> problems =
        PolicySchemas.BASELINE.problems(
            document, pointer -> source + " at " + pointerText(pointer));
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid baseline", problems);
    }
    Declared.Locator locator = Declared.Locator.withoutLines(source);
    checkJsonTexts(document, locator);
    return of(List.of(new Source(source, document, locator)));
  }

  static Source source(String source, String text) {
    LocatedDocument document;
    try {
      document =
          text.stripLeading().startsWith("{")
              ? LocatedDocument.parseJson(source, text)
              : LocatedDocument.parseYaml(source, text);
    } catch (LocatedDocument.SyntaxException e) {
      throw new InvalidPolicyFileException("invalid baseline", List.of(e.getMessage()));
    }
    if (document.root().isNull()) {
      throw new InvalidPolicyFileException(
          "invalid baseline", List.of(PolicySchemas.BASELINE.emptyFile(source)));
    }
    List<String> problems = PolicySchemas.BASELINE.problems(document);
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid baseline", problems);
    }
    Declared.Locator locator = Declared.Locator.of(document);
    checkJsonTexts(document.root(), locator);
    return new Source(source, document.root(), locator);
  }

  /** Policy documents and cluster policy definitions given as JSON text must be JSON objects. */
  private static void checkJsonTexts(JsonNode root, Declared.Locator locator) {
    List<String> problems = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    root.path("tiers").fieldNames().forEachRemaining(name -> bodies.add("/tiers/" + escape(name)));
    root.path("workspaces")
        .fieldNames()
        .forEachRemaining(name -> bodies.add("/workspaces/" + escape(name)));
    for (String body : bodies) {
      JsonNode policies = root.at(body + "/cluster_policies");
      policies
          .fieldNames()
          .forEachRemaining(
              name ->
                  checkJsonText(
                      root,
                      body + "/cluster_policies/" + escape(name) + "/definition",
                      "a cluster policy definition",
                      locator,
                      problems));
    }
    JsonNode roles = root.at("/aws/iam_roles");
    roles
        .fieldNames()
        .forEachRemaining(
            name -> {
              String role = "/aws/iam_roles/" + escape(name);
              checkJsonText(
                  root, role + "/assume_role_policy", "a trust policy", locator, problems);
              root.at(role + "/inline_policies")
                  .properties()
                  .forEach(
                      policy -> {
                        String pointer = role + "/inline_policies/" + escape(policy.getKey());
                        if (policy.getValue().has("policy")) {
                          pointer += "/policy";
                        }
                        checkJsonText(root, pointer, "a policy document", locator, problems);
                      });
            });
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid baseline", problems);
    }
  }

  private static void checkJsonText(
      JsonNode root, String pointer, String what, Declared.Locator locator, List<String> problems) {
    JsonNode value = root.at(pointer);
    if (!value.isTextual()) {
      return;
    }
    try {
      JsonNode parsed = JSON.readTree(value.asText());
      if (parsed != null && parsed.isObject()) {
        return;
      }
    } catch (IOException e) {
      // reported below
    }
    problems.add(
        locator.origin(pointer)
            + ": "
            + pointer
            + ": expected "
            + what
            + " as a JSON object (or a YAML mapping), got "
            + abbreviate(value.asText()));
  }

  /** Combines checked documents, checking them against each other. */
  static Baselines of(List<Source> sources) {
    List<String> problems = new ArrayList<>();
    Modes defaults = Modes.none();
    String defaultsOrigin = null;
    Declared account = new Declared();
    Declared aws = new Declared();
    Map<String, Tier> tiers = new TreeMap<>();
    Map<String, Declared> workspaces = new TreeMap<>();
    boolean declaresWorkspaces = false;
    String workspacesLocation = "";
    for (Source source : sources) {
      JsonNode root = source.root();
      Declared.Locator locator = source.locator();
      if (root.has("defaults")) {
        if (defaultsOrigin != null) {
          problems.add(
              locator.origin("/defaults")
                  + ": /defaults: defaults are already set at "
                  + defaultsOrigin
                  + " (expected one file to set them)");
        } else {
          defaults = Modes.of(root.path("defaults"));
          defaultsOrigin = locator.origin("/defaults").toString();
        }
      }
      if (root.has("account")) {
        account.overlay(root.path("account"), "/account", locator, problems);
      }
      if (root.has("aws")) {
        aws.overlay(root.path("aws"), "/aws", locator, problems);
      }
      for (Map.Entry<String, JsonNode> entry : root.path("tiers").properties()) {
        String pointer = "/tiers/" + escape(entry.getKey());
        Tier previous = tiers.get(entry.getKey());
        if (previous != null) {
          problems.add(
              locator.origin(pointer)
                  + ": "
                  + pointer
                  + ": tier \""
                  + entry.getKey()
                  + "\" is already declared at "
                  + previous.origin()
                  + " (expected tier names to be unique)");
          continue;
        }
        tiers.put(entry.getKey(), tier(entry.getKey(), entry.getValue(), pointer, locator));
      }
      if (root.has("workspaces") && !declaresWorkspaces) {
        declaresWorkspaces = true;
        workspacesLocation = locator.origin("/workspaces").toString();
      }
      for (Map.Entry<String, JsonNode> entry : root.path("workspaces").properties()) {
        String pointer = "/workspaces/" + escape(entry.getKey());
        workspaces
            .computeIfAbsent(entry.getKey(), name -> new Declared())
            .overlay(withoutFields(entry.getValue(), Set.of()), pointer, locator, problems);
      }
    }
    for (Tier tier : tiers.values()) {
      for (String parent : tier.parents()) {
        if (!tiers.containsKey(parent)) {
          problems.add(
              tier.extendsOrigin()
                  + ": /tiers/"
                  + tier.name()
                  + "/extends: unknown tier \""
                  + parent
                  + "\" (expected one of: "
                  + String.join(", ", tiers.keySet())
                  + ")");
        }
      }
    }
    if (problems.isEmpty()) {
      for (Tier tier : tiers.values()) {
        List<String> cycle = cycle(tier.name(), tiers, new ArrayList<>());
        if (!cycle.isEmpty()) {
          problems.add(
              tier.extendsOrigin()
                  + ": /tiers/"
                  + tier.name()
                  + "/extends: tiers extend each other in a cycle: "
                  + String.join(" -> ", cycle)
                  + " (expected a hierarchy)");
          break;
        }
      }
    }
    Map<Long, String> entryIds = new TreeMap<>();
    for (Map.Entry<String, Declared> entry : workspaces.entrySet()) {
      JsonNode id = entry.getValue().root().path("workspace_id");
      if (id.canConvertToLong()) {
        String previous = entryIds.put(id.asLong(), entry.getKey());
        if (previous != null) {
          problems.add(
              entry.getValue().origin("/workspace_id")
                  + ": /workspaces/"
                  + entry.getKey()
                  + "/workspace_id: workspace "
                  + id.asLong()
                  + " is also declared as \""
                  + previous
                  + "\" (expected one entry per workspace)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPolicyFileException("invalid baselines", problems);
    }
    return new Baselines(
        sources.stream().map(Source::name).toList(),
        defaults,
        account,
        aws,
        tiers,
        workspaces,
        declaresWorkspaces,
        workspacesLocation);
  }

  private static Tier tier(String name, JsonNode node, String pointer, Declared.Locator locator) {
    List<String> parents = new ArrayList<>();
    JsonNode extendsNode = node.path("extends");
    if (extendsNode.isTextual()) {
      parents.add(extendsNode.asText());
    } else {
      extendsNode.forEach(parent -> parents.add(parent.asText()));
    }
    Map<String, String> tags = new TreeMap<>();
    node.path("applies_to")
        .path("tags")
        .properties()
        .forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
    List<String> listed = new ArrayList<>();
    node.path("applies_to").path("workspaces").forEach(item -> listed.add(item.asText()));
    Declared declared = new Declared();
    declared.overlay(withoutFields(node, TIER_FIELDS), pointer, locator, null);
    return new Tier(
        name,
        List.copyOf(parents),
        Map.copyOf(tags),
        List.copyOf(listed),
        Modes.of(node),
        declared,
        locator.origin(pointer).toString(),
        locator.origin(pointer + "/extends").toString());
  }

  private static ObjectNode withoutFields(JsonNode node, Set<String> fields) {
    ObjectNode copy = NODES.objectNode();
    node.properties()
        .forEach(
            field -> {
              if (!fields.contains(field.getKey())) {
                copy.set(field.getKey(), field.getValue());
              }
            });
    return copy;
  }

  private static List<String> cycle(String name, Map<String, Tier> tiers, List<String> path) {
    if (path.contains(name)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      return cycle;
    }
    path.add(name);
    for (String parent : tiers.get(name).parents()) {
      List<String> found = cycle(parent, tiers, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    return List.of();
  }

  // ---- what the comparator asks --------------------------------------------------------------

  public boolean isEmpty() {
    return sources.isEmpty();
  }

  /** The files (or fixture) the baselines came from. */
  public List<String> sources() {
    return sources;
  }

  public List<String> tierNames() {
    return List.copyOf(tiers.keySet());
  }

  public List<String> workspaceNames() {
    return List.copyOf(workspaces.keySet());
  }

  Declared account() {
    return account;
  }

  Optional<String> accountId() {
    JsonNode id = account.root().path("account_id");
    return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
  }

  Modes accountModes() {
    return defaults.then(Modes.of(account.root()));
  }

  Declared aws() {
    return aws;
  }

  Optional<String> awsAccountId() {
    JsonNode id = aws.root().path("account_id");
    return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
  }

  Modes awsModes() {
    return defaults.then(Modes.of(aws.root()));
  }

  /** Whether a {@code workspaces} section exists: the account's list of workspaces is declared. */
  boolean declaresWorkspaces() {
    return declaresWorkspaces;
  }

  /** Where the {@code workspaces} section is (first) declared: where to add a workspace. */
  String workspacesLocation() {
    return workspacesLocation;
  }

  Map<String, Declared> workspaceEntries() {
    return workspaces;
  }

  /** The entry of a live workspace: the one naming its id, else the one with its name and no id. */
  Optional<String> entryFor(String workspaceName, long workspaceId) {
    for (Map.Entry<String, Declared> entry : workspaces.entrySet()) {
      JsonNode id = entry.getValue().root().path("workspace_id");
      if (id.canConvertToLong() && id.asLong() == workspaceId) {
        return Optional.of(entry.getKey());
      }
    }
    Declared named = workspaces.get(workspaceName);
    if (named != null && !named.root().path("workspace_id").canConvertToLong()) {
      return Optional.of(workspaceName);
    }
    return Optional.empty();
  }

  OptionalLong declaredWorkspaceId(String entryName) {
    JsonNode id = workspaces.get(entryName).root().path("workspace_id");
    return id.canConvertToLong() ? OptionalLong.of(id.asLong()) : OptionalLong.empty();
  }

  /**
   * The tiers a workspace belongs to (by tag or by list) with their ancestors, ancestors first and
   * otherwise by name.
   */
  public List<String> tiersOf(String workspaceName, long workspaceId, Map<String, String> tags) {
    Set<String> ordered = new LinkedHashSet<>();
    for (Tier tier : tiers.values()) {
      if (tier.selects(workspaceName, workspaceId, tags)) {
        addWithAncestors(tier.name(), ordered, new HashSet<>());
      }
    }
    return List.copyOf(ordered);
  }

  private void addWithAncestors(String name, Set<String> ordered, Set<String> visiting) {
    if (ordered.contains(name) || !visiting.add(name)) {
      return;
    }
    for (String parent : tiers.get(name).parents().stream().sorted().toList()) {
      addWithAncestors(parent, ordered, visiting);
    }
    ordered.add(name);
  }

  /**
   * What a live workspace is held to: its tiers' declarations, ancestors first (a tier overrides
   * what it extends; of two unrelated tiers the one whose name sorts last wins), then its own
   * entry.
   */
  WorkspaceBaseline forWorkspace(String workspaceName, long workspaceId, Map<String, String> tags) {
    List<String> tierNames = tiersOf(workspaceName, workspaceId, tags);
    Declared merged = new Declared();
    Modes modes = defaults;
    for (String name : tierNames) {
      Tier tier = tiers.get(name);
      merged.overlay(tier.declared());
      modes = modes.then(tier.modes());
    }
    Optional<String> entry = entryFor(workspaceName, workspaceId);
    if (entry.isPresent()) {
      Declared declared = workspaces.get(entry.get());
      modes = modes.then(Modes.of(declared.root()));
      Declared body = new Declared();
      body.overlay(withoutFields(declared.root(), ENTRY_FIELDS), "", declared::origin, null);
      merged.overlay(body);
    }
    return new WorkspaceBaseline(workspaceName, workspaceId, tierNames, entry, modes, merged);
  }

  private static String escape(String name) {
    return LocatedDocument.escape(name);
  }

  private static String pointerText(String pointer) {
    return pointer.isEmpty() ? "/" : pointer;
  }

  private static String abbreviate(String text) {
    String single = text.replaceAll("\\s+", " ").strip();
    return "\"" + (single.length() > 60 ? single.substring(0, 60) + "..." : single) + "\"";
  }

  @Override
  public String toString() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("sources", sources);
    summary.put("tiers", tiers.keySet());
    summary.put("workspaces", workspaces.keySet());
    return "Baselines" + summary;
  }
}
