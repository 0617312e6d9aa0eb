package io.plumbline.policy.drools;

import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import io.plumbline.model.Severity;
import io.plumbline.policy.PolicyEngine;
import io.plumbline.policy.RuleFailure;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactDeclarations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;

/**
 * The rule pack as Drools DRL: every {@code .drl} file under a directory, ours and the users',
 * compiled into one rule base. Each rule carries its metadata as annotations ({@code @id},
 * {@code @title}, {@code @severity}, {@code @resourceType}, {@code @requires}, {@code @joins},
 * {@code @rationale}, {@code @remediation}, {@code @terraform}); a rule without them, a duplicate
 * id or a compile error fails the load with file and line.
 */
public final class DroolsPolicyEngine implements PolicyEngine {

  private static final AtomicLong BUILDS = new AtomicLong();

  /** The global every package with rules declares, through which its rules report failures. */
  private static final String FINDINGS = "findings";

  /** A rule file larger than this is not a rule file (our whole pack is a fraction of it). */
  private static final long MAXIMUM_RULE_FILE_BYTES = 8L * 1024 * 1024;

  /** What a file holding nothing else holds nothing: block and line comments. */
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|#[^\\n]*");

  private static final String RESOURCES = "src/main/resources/";

  /** Where the build packages the repository's {@code rules/} (see pom.xml). */
  public static final String CLASSPATH_RULES = "plumbline/rules";

  private final KieBase kieBase;
  private final DeclaredFactTypes declaredTypes;
  private final List<RuleMetadata> rules;

  private DroolsPolicyEngine(KieBase kieBase, List<RuleMetadata> rules) {
    this.kieBase = kieBase;
    this.declaredTypes = DeclaredFactTypes.of(kieBase);
    this.rules = List.copyOf(rules);
  }

  /** Compiles every .drl file under {@code directory} (recursively). */
  public static DroolsPolicyEngine load(Path directory) {
    return compile(directory.toString().replace('\\', '/'), read(directory));
  }

  /**
   * The {@code @id} of every rule under {@code directory}, from parsing alone: a fraction of a
   * compile, for checking references to a rule pack that is not being judged with (framework
   * mappings in {@code plumbline validate}).
   */
  public static Set<String> ruleIds(Path directory) {
    return ruleIds(directory.toString().replace('\\', '/'), read(directory));
  }

  /** The .drl files under {@code directory} (recursively), path relative to it -> text. */
  public static Map<String, String> sources(Path directory) {
    return read(directory);
  }

  /** The .drl files of the rule pack bundled in the application, path -> text. */
  public static Map<String, String> classpathSources() {
    return ClasspathRules.read(CLASSPATH_RULES + "/");
  }

  /** {@link #ruleIds(Path)} of the rule pack bundled in the application. */
  public static Set<String> classpathRuleIds() {
    return ruleIds("classpath:" + CLASSPATH_RULES, ClasspathRules.read(CLASSPATH_RULES + "/"));
  }

  private static Set<String> ruleIds(String origin, Map<String, String> sources) {
    Set<String> ids = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    sources.forEach(
        (path, text) -> {
          DrlParser parser = new DrlParser();
          try {
            PackageDescr parsed = parser.parse(false, text);
            if (parsed != null) {
              for (RuleDescr rule : parsed.getRules()) {
                AnnotationDescr id = rule.getAnnotation("id");
                if (id != null && id.getSingleValueAsString() != null) {
                  ids.add(AnnotationDescr.unquote(id.getSingleValueAsString()).strip());
                }
              }
            }
          } catch (DroolsParserException e) {
            problems.add(
                origin + "/" + path + ":1: " + e.getMessage().lines().findFirst().orElse(""));
          }
          parser.getErrors().stream()
              .map(
                  error ->
                      origin
                          + "/"
                          + path
                          + ":"
                          + Math.max(1, error.getLines().length == 0 ? 1 : error.getLines()[0])
                          + ": "
                          + error.getMessage().lines().findFirst().orElse(""))
              .forEach(problems::add);
        });
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(Problems.message("rules do not parse", problems));
    }
    return ids;
  }

  private static Map<String, String> read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw PlumblineException.userError("rules directory not found: " + directory);
    }
    Map<String, String> sources = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(path -> path.toString().endsWith(".drl")).sorted().toList();
    } catch (IOException e) {
      throw PlumblineException.userError(
          "cannot read rules from " + directory + ": " + e.getMessage());
    }
    for (Path file : files) {
      sources.put(
          directory.relativize(file).toString().replace('\\', '/'),
          TextFiles.read(file, "rule file", MAXIMUM_RULE_FILE_BYTES));
    }
    return sources;
  }

  /**
   * Compiles the rule pack bundled in the application ({@code rules/} of the repository, packaged
   * under {@link #CLASSPATH_RULES}), for runs with no {@code rules/} directory at hand.
   */
  public static DroolsPolicyEngine loadClasspath() {
    return compile("classpath:" + CLASSPATH_RULES, ClasspathRules.read(CLASSPATH_RULES + "/"));
  }

  /**
   * Compiles DRL sources given as path (relative to {@code origin}) -> text; used by {@link #load}
   * and by tests that compile one rule file beside its fixtures.
   */
  public static DroolsPolicyEngine compile(String origin, Map<String, String> sources) {
    if (sources.isEmpty()) {
      throw PlumblineException.userError("no .drl rule files in " + origin);
    }
    List<String> empty =
        sources.entrySet().stream()
            .filter(source -> COMMENTS.matcher(source.getValue()).replaceAll("").isBlank())
            .map(
                source ->
                    origin
                        + "/"
                        + source.getKey()
                        + ":1: the file is empty (expected a package with rules, or no file)")
            .toList();
    if (!empty.isEmpty()) {
      throw PlumblineException.userError(Problems.message("invalid rule file", empty));
    }
    KieServices services = KieServices.Factory.get();
    KieFileSystem files = services.newKieFileSystem();
    ReleaseId release =
        services.newReleaseId("io.plumbline", "rules", "1.0." + BUILDS.incrementAndGet());
    files.generateAndWritePomXML(release);
    // Drools expects a file's folder to match its package (and warns otherwise): each file is
    // compiled from the folder of its package, and error paths are mapped back to the user's file
    Map<String, String> originalPaths = new HashMap<>();
    sources.forEach(
        (path, text) -> {
          String compiledPath = packageFolder(text) + "/" + path.replace('/', '_');
          originalPaths.put(compiledPath, path);
          files.write(RESOURCES + compiledPath, text);
        });
    // the fact types that come from the resource-type catalogue, declared in every rule base
    files.write(RESOURCES + DeclaredFactTypes.SOURCE, FactDeclarations.drl());
    KieBuilder builder = services.newKieBuilder(files).buildAll();
    List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
    if (!errors.isEmpty()) {
      List<String> problems = new ArrayList<>();
      for (Message error : errors) {
        String text = error.getText().lines().findFirst().orElse("").strip();
        if (text.equals("Parser returned a null Package")) {
          continue; // follows every syntax error, which says what is wrong
        }
        problems.add(
            origin
                + '/'
                + (error.getPath() == null
                    ? "?"
                    : originalPaths.getOrDefault(error.getPath(), error.getPath()))
                + ':'
                + Math.max(1, error.getLine())
                + ": "
                + text);
      }
      throw PlumblineException.userError(Problems.message("rules do not compile", problems));
    }
    KieBase kieBase = services.newKieContainer(release).getKieBase();
    return new DroolsPolicyEngine(kieBase, metadata(kieBase, origin, RuleLocations.of(sources)));
  }

  /** The folder a DRL text's package maps to ("rules.tokens" -> "rules/tokens"). */
  private static String packageFolder(String text) {
    return RuleLocations.packageName(text).orElse("rules.default").replace('.', '/');
  }

  private static List<RuleMetadata> metadata(
      KieBase kieBase, String origin, RuleLocations locations) {
    List<RuleMetadata> result = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (KiePackage kiePackage : kieBase.getKiePackages()) {
      if (!kiePackage.getRules().isEmpty()
          && kiePackage.getGlobalVariables().stream()
              .noneMatch(
                  global ->
                      global.getName().equals(FINDINGS)
                          && global.getType().equals(Findings.class.getName()))) {
        problems.add(
            origin
                + "/"
                + locations.ofPackage(kiePackage.getName())
                + ": package "
                + kiePackage.getName()
                + " has rules but no 'global "
                + Findings.class.getName()
                + " "
                + FINDINGS
                + "' (rules report failures through it)");
      }
      for (Rule rule : kiePackage.getRules()) {
        Map<String, Object> meta = rule.getMetaData();
        String where =
            origin
                + "/"
                + locations.ofRule(kiePackage.getName(), rule.getName())
                + ": rule \""
                + rule.getName()
                + "\"";
        String id = text(meta, "id");
        if (id.isEmpty()) {
          problems.add(where + " has no @id(\"...\")");
          continue;
        }
        String previous = seen.put(id, rule.getName());
        if (previous != null) {
          problems.add(where + " reuses id " + id + " of rule \"" + previous + "\"");
        }
        Severity severity;
        try {
          severity = Severity.parse(text(meta, "severity"));
        } catch (IllegalArgumentException e) {
          problems.add(where + ": @severity: " + e.getMessage());
          continue;
        }
        for (String required : List.of("title", "resourceType", "rationale", "remediation")) {
          if (text(meta, required).isEmpty()) {
            problems.add(where + " has no @" + required + "(\"...\")");
          }
        }
        result.add(
            new RuleMetadata(
                id,
                text(meta, "title"),
                severity,
                text(meta, "resourceType"),
                typeList(meta, "requires"),
                typeList(meta, "joins"),
                text(meta, "rationale"),
                text(meta, "remediation"),
                text(meta, "terraform").isEmpty()
                    ? Optional.empty()
                    : Optional.of(text(meta, "terraform")),
                "rules/" + kiePackage.getName() + "/" + rule.getName()));
      }
    }
    if (result.isEmpty() && problems.isEmpty()) {
      List<String> files = locations.files().stream().map(file -> origin + "/" + file).toList();
      throw PlumblineException.userError(
          "no rules: "
              + String.join(", ", files)
              + (files.size() == 1 ? " declares" : " declare")
              + " none (expected at least one rule in the rule pack)");
    }
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(Problems.message("invalid rule metadata", problems));
    }
    result.sort(java.util.Comparator.comparing(RuleMetadata::id));
    return result;
  }

  /** A comma-separated list of resource types, such as {@code @requires("a, b")}. */
  private static List<String> typeList(Map<String, Object> meta, String key) {
    String value = text(meta, key);
    return value.isEmpty() ? List.of() : Arrays.stream(value.split("\\s*,\\s*")).toList();
  }

  private static String text(Map<String, Object> meta, String key) {
    Object value = meta.get(key);
    return value == null ? "" : String.valueOf(value).strip();
  }

  @Override
  public List<RuleMetadata> rules() {
    return rules;
  }

  @Override
  public List<RuleFailure> run(Collection<? extends Fact> facts) {
    KieSession session = kieBase.newKieSession();
    try {
      Findings findings = new Findings();
      session.setGlobal(FINDINGS, findings);
      facts.forEach(fact -> session.insert(declaredTypes.insertable(fact)));
      session.fireAllRules();
      return findings.failures();
    } finally {
      session.dispose();
    }
  }
}
