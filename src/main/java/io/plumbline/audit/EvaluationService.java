package io.plumbline.audit;

import static java.util.Objects.requireNonNull;

import io.plumbline.baseline.BaselineComparator;
import io.plumbline.baseline.Baselines;
import io.plumbline.error.PlumblineException;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.export.report.ReportModel;
import io.plumbline.export.report.SnapshotSummary;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.Evaluation;
import io.plumbline.policy.Evaluator;
import io.plumbline.policy.FrameworkReferences;
import io.plumbline.policy.PolicyEngine;
import io.plumbline.policy.Waivers;
import io.plumbline.policy.drools.DroolsPolicyEngine;
import io.plumbline.policy.facts.Fact;
import io.plumbline.policy.facts.FactBuilder;
import io.plumbline.store.EvaluationInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The evaluate step: loads the rule pack and the policies (baselines, waivers, framework mappings),
 * judges a snapshot (its facts and its drift from the baselines), applies waivers and gives the
 * report model every report renders. Rules and policies are loaded by {@link #prepare} before
 * anything is collected, so that a rule that does not compile or a bad waiver file fails a scan
 * before it spends its API budget.
 *
 * <p>Time: facts judge against the snapshot's {@code taken_at} (a token "unused for 90 days" is
 * judged as of the read, so re-judging old evidence gives the same verdicts); waivers judge against
 * the evaluation clock (a waiver that has expired no longer hides anything today).
 */
public final class EvaluationService {

  /** The rule pack directory used when {@code --rules} is not given, if it exists. */
  public static final Path DEFAULT_RULES = Path.of("rules");

  /** The policies directory used when {@code --policies} is not given, if it exists. */
  public static final Path DEFAULT_POLICIES = Path.of("policies");

  private static final Logger LOG = Logger.getLogger(EvaluationService.class);

  private final Clock clock;
  private final String toolVersion;
  private final Path workingDirectory;

  public EvaluationService(Clock clock, String toolVersion, Path workingDirectory) {
    this.clock = requireNonNull(clock, "clock is null");
    this.toolVersion = requireNonNull(toolVersion, "toolVersion is null");
    this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
  }

  /**
   * What to evaluate with.
   *
   * @param rules the rule pack directory; default {@code rules/} of the working directory, else the
   *     pack bundled in the application
   * @param policies the policies directory (waivers, baselines, frameworks); default {@code
   *     policies/} of the working directory when it exists, else none
   * @param failOn the gate's threshold, empty for no gate
   * @param expiryWarning how soon an expiring waiver is reported
   */
  public record Options(
      Optional<Path> rules,
      Optional<Path> policies,
      Optional<Severity> failOn,
      Duration expiryWarning) {

    public Options {
      requireNonNull(rules, "rules is null");
      requireNonNull(policies, "policies is null");
      requireNonNull(failOn, "failOn is null");
      requireNonNull(expiryWarning, "expiryWarning is null");
    }

    public static Options defaults() {
      return new Options(
          Optional.empty(),
          Optional.empty(),
          Optional.of(Severity.HIGH),
          Waivers.DEFAULT_EXPIRY_WARNING);
    }
  }

  /** The loaded rule pack and policies, ready to judge snapshots. */
  public record Prepared(
      PolicyEngine engine,
      String rulePack,
      Optional<Path> policies,
      Baselines baselines,
      Waivers waivers,
      Map<String, List<String>> frameworks,
      Options options,
      EvaluationInputs inputs) {

    /** Loaded without knowing the files it came from (benchmarks). */
    public Prepared(
        PolicyEngine engine,
        String rulePack,
        Optional<Path> policies,
        Baselines baselines,
        Waivers waivers,
        Map<String, List<String>> frameworks,
        Options options) {
      this(
          engine,
          rulePack,
          policies,
          baselines,
          waivers,
          frameworks,
          options,
          EvaluationInputs.of(Map.of(), Map.of()));
    }

    public Prepared {
      requireNonNull(engine, "engine is null");
      requireNonNull(rulePack, "rulePack is null");
      requireNonNull(policies, "policies is null");
      requireNonNull(baselines, "baselines is null");
      requireNonNull(waivers, "waivers is null");
      frameworks = Map.copyOf(frameworks);
      requireNonNull(options, "options is null");
      requireNonNull(inputs, "inputs is null");
    }
  }

  /** A compiled rule pack and where it came from, as reports name it. */
  public record RulePack(PolicyEngine engine, String name, Map<String, String> sources) {
    public RulePack {
      requireNonNull(engine, "engine is null");
      requireNonNull(name, "name is null");
      sources = Map.copyOf(sources);
    }
  }

  /**
   * The rule pack in {@code directory}, else {@code rules/} of the working directory when there is
   * one, else the pack bundled in plumbline.
   */
  public RulePack loadRules(Optional<Path> directory) {
    return loadRules(directory, new java.util.HashMap<>());
  }

  private RulePack loadRules(Optional<Path> directory, Map<String, PolicyEngine> compiled) {
    Optional<Path> resolved = rulesDirectory(directory);
    if (resolved.isEmpty()) {
      String origin = "classpath:" + DroolsPolicyEngine.CLASSPATH_RULES;
      Map<String, String> sources = DroolsPolicyEngine.classpathSources();
      PolicyEngine engine =
          compiled.computeIfAbsent(
              EvaluationInputs.hash(sources), hash -> DroolsPolicyEngine.compile(origin, sources));
      return new RulePack(engine, origin, sources);
    }
    Map<String, String> sources = DroolsPolicyEngine.sources(resolved.get());
    PolicyEngine engine =
        compiled.computeIfAbsent(
            EvaluationInputs.hash(sources),
            hash ->
                DroolsPolicyEngine.compile(resolved.get().toString().replace('\\', '/'), sources));
    return new RulePack(engine, directory.orElse(DEFAULT_RULES).toString(), sources);
  }

  /** The ids of the rules {@link #loadRules} would compile, from parsing alone (fast). */
  public Set<String> ruleIds(Optional<Path> directory) {
    return rulesDirectory(directory)
        .map(DroolsPolicyEngine::ruleIds)
        .orElseGet(DroolsPolicyEngine::classpathRuleIds);
  }

  /** The directory of the rule pack to use; empty for the bundled one. */
  private Optional<Path> rulesDirectory(Optional<Path> directory) {
    if (directory.isPresent()) {
      Path resolved = resolve(directory.get());
      if (!Files.isDirectory(resolved)) {
        throw PlumblineException.userError("rules directory not found: " + directory.get());
      }
      return Optional.of(resolved);
    }
    Path fallback = resolve(DEFAULT_RULES);
    return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
  }

  public Prepared prepare(Options options) {
    return prepare(options, new java.util.HashMap<>());
  }

  /**
   * {@link #prepare(Options)}, compiling a rule pack only once for the same sources: {@code
   * compiled} maps the rule pack's content hash to its engine (re-running many recorded scans).
   */
  public Prepared prepare(Options options, Map<String, PolicyEngine> compiled) {
    long started = System.nanoTime();
    // directories and waivers are checked before the (slower) rule build: a typo fails at once
    Optional<Path> rulesDirectory = options.rules().map(this::resolve);
    if (rulesDirectory.isPresent() && !Files.isDirectory(rulesDirectory.get())) {
      throw PlumblineException.userError("rules directory not found: " + options.rules().get());
    }
    Optional<Path> policies;
    if (options.policies().isPresent()) {
      Path directory = resolve(options.policies().get());
      if (!Files.isDirectory(directory)) {
        throw PlumblineException.userError(
            "policies directory not found: " + options.policies().get());
      }
      policies = Optional.of(directory);
    } else {
      Path directory = resolve(DEFAULT_POLICIES);
      policies = Files.isDirectory(directory) ? Optional.of(directory) : Optional.empty();
    }
    Baselines baselines = policies.map(Baselines::load).orElse(Baselines.empty());
    Waivers waivers = policies.map(Waivers::load).orElse(Waivers.none());
    RulePack rules = loadRules(options.rules(), compiled);
    PolicyEngine engine = rules.engine();
    String rulePack = rules.name();
    Map<String, List<String>> frameworks = policies.map(FrameworkReferences::load).orElse(Map.of());
    LOG.infof(
        "loaded %d rules from %s, %d baseline files and %d waivers in %d ms",
        engine.rules().size(),
        rulePack,
        baselines.sources().size(),
        waivers.all().size(),
        (System.nanoTime() - started) / 1_000_000);
    EvaluationInputs inputs =
        EvaluationInputs.of(
            rules.sources(), policies.map(EvaluationService::policyFiles).orElse(Map.of()));
    return new Prepared(
        engine, rulePack, policies, baselines, waivers, frameworks, options, inputs);
  }

  /**
   * Every file under the policies directory, path relative to it -> text: what the evaluation read
   * (baselines, waivers, framework mappings), recorded with each scan by its content hash.
   */
  public static Map<String, String> policyFiles(Path directory) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = directory.relativize(file).toString().replace('\\', '/');
        if (name.startsWith(".") || name.contains("/.")) {
          continue;
        }
        files.put(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read policies in " + directory + ": " + e);
    }
    return files;
  }

  /** Judges the snapshot and applies waivers: the model every report renders. */
  public ReportModel evaluate(Prepared prepared, Snapshot snapshot) {
    long started = System.nanoTime();
    List<Fact> facts = new ArrayList<>(FactBuilder.facts(snapshot, snapshot.takenAt()));
    facts.addAll(BaselineComparator.driftFacts(snapshot, prepared.baselines()));
    Evaluation evaluation = new Evaluator(prepared.engine()).evaluate(snapshot, facts);
    Instant now = clock.instant();
    Waivers.Result waived =
        prepared.waivers().apply(evaluation.findings(), now, prepared.options().expiryWarning());
    Evaluation judged = new Evaluation(waived.findings(), evaluation.rules());
    LOG.infof(
        "evaluated %d facts with %d rules into %d findings in %d ms",
        facts.size(),
        evaluation.rules().size(),
        judged.findings().size(),
        (System.nanoTime() - started) / 1_000_000);
    return new ReportModel(
        toolVersion,
        now,
        SnapshotSummary.of(snapshot),
        judged,
        waived.statuses(),
        prepared.frameworks(),
        prepared.options().failOn(),
        prepared.rulePack());
  }

  public List<Path> writeReports(ReportModel model, Path directory, Set<ReportFormat> formats) {
    return ReportFormat.writeAll(model, directory, formats);
  }

  /**
   * A path against the working directory, kept relative to it when it lies inside: baseline
   * locations ({@code policies/baselines/prod.yaml:42}) then stay repository-relative, as code
   * scanning needs them, even when {@code --policies} was given as an absolute path.
   */
  private Path resolve(Path path) {
    Path resolved = workingDirectory.resolve(path);
    Path base = workingDirectory.toAbsolutePath().normalize();
    Path absolute = resolved.toAbsolutePath().normalize();
    return absolute.startsWith(base)
        ? workingDirectory.resolve(base.relativize(absolute))
        : resolved;
  }
}
