package io.plumbline.policy.drools;

import io.plumbline.error.PlumblineException;
import io.plumbline.model.Severity;
import io.plumbline.policy.PolicyEngine;
import io.plumbline.policy.RuleFailure;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.facts.Fact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
  private static final String RESOURCES = "src/main/resources/";

  /** Where the build packages the repository's {@code rules/} (see pom.xml). */
  public static final String CLASSPATH_RULES = "plumbline/rules";

  private final KieBase kieBase;
  private final List<RuleMetadata> rules;

  private DroolsPolicyEngine(KieBase kieBase, List<RuleMetadata> rules) {
    this.kieBase = kieBase;
    this.rules = List.copyOf(rules);
  }

  /** Compiles every .drl file under {@code directory} (recursively). */
  public static DroolsPolicyEngine load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw PlumblineException.userError("rules directory not found: " + directory);
    }
    Map<String, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".drl")).sorted().toList()) {
        sources.put(
            directory.relativize(file).toString().replace('\\', '/'),
            Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules from " + directory, e);
    }
    return compile(directory.toString().replace('\\', '/'), sources);
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
    KieBuilder builder = services.newKieBuilder(files).buildAll();
    List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder("rules do not compile:");
      for (Message error : errors) {
        message
            .append(System.lineSeparator())
            .append("  ")
            .append(origin)
            .append('/')
            .append(
                error.getPath() == null
                    ? "?"
                    : originalPaths.getOrDefault(error.getPath(), error.getPath()))
            .append(':')
            .append(error.getLine())
            .append(": ")
            .append(error.getText().lines().findFirst().orElse(""));
      }
      throw PlumblineException.userError(message.toString());
    }
    KieBase kieBase = services.newKieContainer(release).getKieBase();
    return new DroolsPolicyEngine(kieBase, metadata(kieBase, origin));
  }

  private static final java.util.regex.Pattern PACKAGE =
      java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;?\\s*$");

  /** The folder a DRL text's package maps to ("rules.tokens" -> "rules/tokens"). */
  private static String packageFolder(String text) {
    java.util.regex.Matcher matcher = PACKAGE.matcher(text);
    return matcher.find() ? matcher.group(1).replace('.', '/') : "rules/default";
  }

  private static List<RuleMetadata> metadata(KieBase kieBase, String origin) {
    List<RuleMetadata> result = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (KiePackage kiePackage : kieBase.getKiePackages()) {
      for (Rule rule : kiePackage.getRules()) {
        Map<String, Object> meta = rule.getMetaData();
        String where = origin + ": rule \"" + rule.getName() + "\"";
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
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(
          "rule metadata is incomplete:"
              + System.lineSeparator()
              + "  "
              + String.join(System.lineSeparator() + "  ", problems));
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
      session.setGlobal("findings", findings);
      facts.forEach(session::insert);
      session.fireAllRules();
      return findings.failures();
    } finally {
      session.dispose();
    }
  }
}
