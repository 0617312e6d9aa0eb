package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.CollectConfig;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotCodec;
import io.plumbline.snapshot.SnapshotFiles;
import io.plumbline.store.StoreConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every kind of file plumbline reads, malformed in every way we could think of: empty, binary, not
 * UTF-8, wrong types, unknown and duplicate keys, huge numbers, deep nesting, 50 MB, YAML alias
 * bombs, and what each kind can get wrong on its own. Each must exit 2 within seconds with a first
 * line that names the file and the line or field and says what was expected, and no stack trace or
 * Java class name anywhere. The commands run in this process through the same picocli entry point
 * as the jar, without booting Quarkus per file.
 */
class BadInputCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FAST_ENOUGH = Duration.ofSeconds(10);
  private static final int FIFTY_MEGABYTES = 50 * 1024 * 1024;

  /**
   * A Java class name (java.io.UncheckedIOException, org.yaml.snakeyaml.error.YAMLException), but
   * not the names rule authors write in DRL (io.plumbline.policy.drools.Findings).
   */
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(?!io\\.plumbline\\.policy\\.(?:facts|drools)\\.)(?:java|javax|jakarta|org|com|io|sun)"
              + "\\.[a-z0-9_]+(?:\\.[A-Za-z0-9_$]+)*\\.[A-Z]\\w*");

  private static final String RULE =
      """
      package rules.corpus
      import io.plumbline.policy.facts.*
      global io.plumbline.policy.drools.Findings findings
      rule "tokens expire"
          @id("CORPUS-001") @title("Tokens expire") @severity("high")
          @resourceType("databricks_token") @rationale("r") @remediation("m")
      when
          $t : Token( neverExpires )
      then
          findings.fail(drools, $t, "expiry_time", "never expires");
      end
      """;

  @TempDir static Path directory;
  private static Path goodSnapshot;
  private static Path goodRules;
  private static Path emptyPolicies;
  private static final Snapshot GOOD_SNAPSHOT = goodSnapshot();
  private static final String GOOD_SNAPSHOT_JSON =
      new String(SnapshotCodec.toCanonicalBytes(GOOD_SNAPSHOT), StandardCharsets.UTF_8);
  private static final String GOOD_STATE = text("terraform/estate.tfstate");
  private static final String DEFAULT_ESTATE = text("sandbox/default-estate.yaml");

  private record Case(String kind, String name, Function<Path, Invocation> arguments) {}

  /** A command line and the bad file it reads. */
  private record Invocation(Path file, List<String> arguments) {}

  private record Outcome(int exitCode, String out, String err, Duration took) {}

  private static final List<Case> CASES = new ArrayList<>();

  private static Snapshot goodSnapshot() {
    return SnapshotCodec.create(
        Instant.parse("2026-11-21T10:00:00Z"),
        List.of(Coverage.complete(Scope.workspace(1001), "databricks_token")),
        List.of(
            new Resource(
                "databricks_token",
                "tok-1",
                Scope.workspace(1001),
                JSON.createObjectNode().put("expiry_time", -1))),
        CollectionStats.empty());
  }

  private static String text(String resource) {
    try (InputStream in = BadInputCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void goodInputs() throws IOException {
    goodSnapshot = SnapshotFiles.write(directory.resolve("good"), GOOD_SNAPSHOT);
    goodRules = Files.createDirectories(directory.resolve("good/rules"));
    Files.writeString(goodRules.resolve("corpus.drl"), RULE);
    emptyPolicies = Files.createDirectories(directory.resolve("good/policies"));
  }

  @AfterAll
  static void deleteTheLargeFiles() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.size(file) > 1024 * 1024) {
          Files.delete(file);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> everyBadFileExitsTwoWithOneFirstLineNamingFileAndPlace() {
    Map<String, List<Case>> byKind = new LinkedHashMap<>();
    CASES.forEach(c -> byKind.computeIfAbsent(c.kind(), kind -> new ArrayList<>()).add(c));
    return byKind.entrySet().stream()
        .map(
            kind ->
                DynamicContainer.dynamicContainer(
                    kind.getKey(),
                    kind.getValue().stream()
                        .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)))));
  }

  @Test
  void theCorpusCoversEveryKindWithAtLeastEightyFiles() {
    Map<String, Long> counts =
        CASES.stream().collect(Collectors.groupingBy(Case::kind, Collectors.counting()));
    assertThat(counts)
        .containsOnlyKeys(
            "baseline",
            "waiver",
            "framework",
            "terraform state",
            "rules",
            "collect config",
            "sandbox estate",
            "sandbox faults",
            "snapshot");
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(80);
  }

  private static void check(Case c) {
    Path caseDirectory = directory.resolve(c.kind().replace(' ', '-') + "/" + c.name());
    Invocation invocation;
    try {
      Files.createDirectories(caseDirectory);
      invocation = c.arguments().apply(caseDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Outcome outcome =
        assertTimeoutPreemptively(
            FAST_ENOUGH.multipliedBy(2), () -> run(invocation.arguments().toArray(String[]::new)));
    String file = invocation.file().toString();
    String firstLine = outcome.err().lines().findFirst().orElse("");
    String everything = outcome.out() + outcome.err();
    System.out.println(
        "CORPUS\t"
            + c.kind()
            + "\t"
            + c.name()
            + "\t"
            + outcome.exitCode()
            + "\t"
            + outcome.took().toMillis()
            + "ms\t"
            + outcome.err().replace(directory.toString(), "").replace("\n", " | "));
    String described = String.join(" ", invocation.arguments()) + "\n" + outcome.err();
    assertThat(outcome.exitCode()).as(described).isEqualTo(ExitCodes.USAGE);
    assertThat(firstLine).as(described).startsWith("plumbline: ").contains(file);
    assertThat(everything)
        .as(described)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("at io.")
        .doesNotContainPattern(CLASS_NAME);
    assertThat(outcome.took()).as(described).isLessThan(FAST_ENOUGH);
  }

  static Outcome run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(new Factory());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    long started = System.nanoTime();
    int exitCode = commandLine.execute(arguments);
    return new Outcome(
        exitCode, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Makes commands as CDI would, giving an {@code @Inject} constructor the configuration Quarkus
   * would inject (defaults) and nothing for a service none of these runs reaches.
   */
  private static final class Factory implements CommandLine.IFactory {
    private static final SmallRyeConfig CONFIG =
        new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(CollectConfig.class)
            .withMapping(StoreConfig.class)
            .build();

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getConstructors()) {
        if (constructor.isAnnotationPresent(Inject.class)) {
          Object[] arguments =
              Arrays.stream(constructor.getParameterTypes())
                  .map(
                      parameter ->
                          parameter == CollectConfig.class || parameter == StoreConfig.class
                              ? CONFIG.getConfigMapping(parameter)
                              : null)
                  .toArray();
          return type.cast(constructor.newInstance(arguments));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  // ---------------------------------------------------------------- the corpus, kind by kind

  private static void add(String kind, String name, Function<Path, Invocation> arguments) {
    CASES.add(new Case(kind, name, arguments));
  }

  private static Path write(Path file, Object content) {
    try {
      Files.createDirectories(file.getParent());
      if (content instanceof byte[] bytes) {
        Files.write(file, bytes);
      } else if (content instanceof Large large) {
        large.writeTo(file);
      } else {
        Files.writeString(file, (String) content);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Content written by streaming: 50 MB, made of a head, a repeated unit and a tail. */
  private record Large(String head, String unit, String tail) {
    void writeTo(Path file) throws IOException {
      // "%d" in the unit counts up, so that a YAML file of keys has no duplicate
      String[] parts = (unit.contains("%d") ? unit : unit + "%d").split("%d", 2);
      boolean counted = unit.contains("%d");
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        long written = head.length();
        long counter = 0;
        StringBuilder chunk = new StringBuilder();
        while (written < FIFTY_MEGABYTES) {
          chunk.setLength(0);
          while (chunk.length() < 1024 * 1024) {
            chunk
                .append(parts[0])
                .append(counted ? String.valueOf(counter++) : "")
                .append(parts[1]);
          }
          byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
          out.write(bytes);
          written += bytes.length;
        }
        out.write(tail.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Valid text with one byte sequence that is not UTF-8 (0xC3 0x28) on its third line. */
  private static byte[] invalidUtf8(String firstTwoLines, String third) {
    byte[] head = (firstTwoLines + third).getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(head, head.length + 2 + tail.length);
    bytes[head.length] = (byte) 0xC3;
    bytes[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
    return bytes;
  }

  private static String aliasBomb(String indent) {
    StringBuilder bomb = new StringBuilder();
    bomb.append(indent)
        .append(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char name = 'b'; name <= 'i'; name++) {
      bomb.append(indent).append(name).append(": &").append(name).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append((char) (name - 1));
      }
      bomb.append("]\n");
    }
    return bomb.toString();
  }

  private static String deeplyNested(String key, int depth) {
    return key + ": " + "[".repeat(depth) + "]".repeat(depth) + "\n";
  }

  /** YAML kinds share these: each a file that no YAML reader should take. */
  private static void yamlBasics(String kind, Function<Object, Function<Path, Invocation>> file) {
    add(kind, "empty", file.apply(""));
    add(kind, "only a comment", file.apply("# nothing here\n"));
    add(kind, "random bytes", file.apply(randomBytes(kind.hashCode(), 4096)));
    add(kind, "a NUL byte", file.apply("a: 1\nb: \0\n"));
    add(kind, "not valid UTF-8", file.apply(invalidUtf8("# a\n# b\n", "c: caf")));
    add(kind, "latin-1 text", file.apply("# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)));
    add(kind, "UTF-16", file.apply("a: 1\n".getBytes(StandardCharsets.UTF_16)));
    add(kind, "a list, not a mapping", file.apply("- a\n- b\n"));
    add(kind, "a scalar, not a mapping", file.apply("just some words\n"));
    add(kind, "unclosed bracket", file.apply("a: [1, 2\nb: 3\n"));
    add(kind, "tab indentation", file.apply("a:\n\tb: 1\n"));
    add(kind, "two documents", file.apply("a: 1\n---\nb: 2\n"));
    add(kind, "duplicate top-level key", file.apply("a: 1\na: 2\n"));
    add(kind, "unknown top-level key", file.apply("surprise: true\n"));
    add(kind, "deep nesting", file.apply(deeplyNested("deep", 5000)));
    add(kind, "YAML alias bomb", file.apply(aliasBomb("")));
    add(kind, "a float that overflows", file.apply("big: 1e999999\n"));
    add(kind, "50 MB", file.apply(new Large("# large\n", "key%d: value\n", "")));
  }

  static {
    // baselines (validate --policies DIR)
    Function<Object, Function<Path, Invocation>> baseline =
        content ->
            dir -> {
              Path file = write(dir.resolve("policies/baselines/bad.yaml"), content);
              return new Invocation(
                  file, List.of("validate", "--policies", dir.resolve("policies").toString()));
            };
    yamlBasics("baseline", baseline);
    add(
        "baseline",
        "a 38-digit workspace id",
        baseline.apply(
            "workspaces:\n  prod:\n    workspace_id: 12345678901234567890123456789012345678\n"));
    add(
        "baseline",
        "a workspace id that is text",
        baseline.apply("workspaces:\n  prod:\n    workspace_id: \"one\"\n"));
    add("baseline", "an unknown mode", baseline.apply("defaults:\n  modes:\n    groups: strict\n"));
    add(
        "baseline",
        "a cluster policy definition that is not JSON",
        baseline.apply(
            "workspaces:\n  prod:\n    cluster_policies:\n      p:\n        definition: \"{not json\"\n"));
    add("baseline", "a tier that extends itself", baseline.apply("tiers:\n  a:\n    extends: a\n"));
    add(
        "baseline",
        "a Terraform state that does not exist",
        baseline.apply("terraform:\n  states: [missing.tfstate]\n"));
    add(
        "baseline",
        "alias bomb inside a tier",
        baseline.apply("tiers:\n  base:\n    description: x\n" + aliasBomb("    ")));

    // waivers (validate --policies DIR)
    Function<Object, Function<Path, Invocation>> waiver =
        content ->
            dir -> {
              Path file = write(dir.resolve("policies/waivers/bad.yaml"), content);
              return new Invocation(
                  file, List.of("validate", "--policies", dir.resolve("policies").toString()));
            };
    yamlBasics("waiver", waiver);
    String aWaiver =
        "waivers:\n  - id: w1\n    rule: DBX-TOK-001\n    justification: j\n    owner: o\n    ticket: T-1\n";
    add("waiver", "expiry not a date", waiver.apply(aWaiver + "    expires: next tuesday\n"));
    add("waiver", "expiry on February 30", waiver.apply(aWaiver + "    expires: 2026-02-30\n"));
    add("waiver", "expiry a number", waiver.apply(aWaiver + "    expires: 20261231\n"));
    add(
        "waiver",
        "missing justification",
        waiver.apply(aWaiver.replace("    justification: j\n", "") + "    expires: 2026-12-31\n"));
    add(
        "waiver",
        "the same id twice",
        waiver.apply(
            aWaiver
                + "    expires: 2026-12-31\n"
                + aWaiver.substring("waivers:\n".length())
                + "    expires: 2026-12-31\n"));

    // framework mappings (validate --policies DIR [--rules DIR])
    Function<Object, Function<Path, Invocation>> framework =
        content ->
            dir -> {
              Path file = write(dir.resolve("policies/frameworks/bad.yaml"), content);
              return new Invocation(
                  file, List.of("validate", "--policies", dir.resolve("policies").toString()));
            };
    yamlBasics("framework", framework);
    String header = "framework:\n  id: corpus\n  title: Corpus\n  version: \"1\"\ncontrols:\n";
    add(
        "framework",
        "a control naming a rule that does not exist (bundled pack)",
        framework.apply(header + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-NOPE-999]\n"));
    add(
        "framework",
        "a control naming a rule that does not exist (--rules)",
        dir -> {
          Path file =
              write(
                  dir.resolve("policies/frameworks/bad.yaml"),
                  header + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-NOPE-999]\n");
          return new Invocation(
              file,
              List.of(
                  "validate",
                  "--rules",
                  goodRules.toString(),
                  "--policies",
                  dir.resolve("policies").toString()));
        });
    add(
        "framework",
        "the same control twice",
        framework.apply(
            header
                + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-ID-001]\n"
                + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-ID-002]\n"));
    add(
        "framework",
        "rules not a list",
        framework.apply(header + "  - id: \"1.1\"\n    title: t\n    rules: 7\n"));
  }

  static {
    // Terraform state (baseline import --terraform-state FILE --out OUT)
    Function<Object, Function<Path, Invocation>> state =
        content ->
            dir -> {
              Path file = write(dir.resolve("terraform.tfstate"), content);
              return new Invocation(
                  file,
                  List.of(
                      "baseline",
                      "import",
                      "--out",
                      dir.resolve("out.yaml").toString(),
                      "--map",
                      "module.workspace[\"prod\"]=prod",
                      "--terraform-state",
                      file.toString()));
            };
    Function<Function<ObjectNode, ObjectNode>, Function<Path, Invocation>> mutated =
        change ->
            dir -> {
              try {
                ObjectNode root = (ObjectNode) JSON.readTree(GOOD_STATE);
                return state.apply(JSON.writeValueAsString(change.apply(root))).apply(dir);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            };
    String terraform = "terraform state";
    add(terraform, "empty", state.apply(""));
    add(terraform, "whitespace only", state.apply("  \n\n"));
    add(terraform, "random bytes", state.apply(randomBytes(7, 4096)));
    add(
        terraform,
        "not valid UTF-8",
        state.apply(invalidUtf8("{\n\"version\": 4,\n", "\"lineage\": \"caf")));
    add(terraform, "JSON null", state.apply("null"));
    add(terraform, "a JSON array", state.apply("[]"));
    add(terraform, "YAML, not JSON", state.apply("version: 4\nresources: []\n"));
    add(terraform, "truncated", state.apply(GOOD_STATE.substring(0, GOOD_STATE.length() / 2)));
    add(terraform, "two documents", state.apply(GOOD_STATE + GOOD_STATE));
    add(
        terraform,
        "a duplicate key",
        state.apply("{\"version\": 4, \"version\": 4, \"resources\": []}"));
    add(
        terraform,
        "instances a string",
        mutated.apply(
            root -> {
              ((ObjectNode) root.withArray("resources").get(0)).put("instances", "none");
              return root;
            }));
    add(
        terraform,
        "resources an object",
        mutated.apply(
            root -> {
              root.putObject("resources");
              return root;
            }));
    add(
        terraform,
        "a resource that is a number",
        mutated.apply(
            root -> {
              root.withArray("resources").insert(0, 7);
              return root;
            }));
    add(
        terraform,
        "attributes a list",
        mutated.apply(
            root -> {
              ((ObjectNode) root.withArray("resources").get(0).path("instances").get(0))
                  .putArray("attributes");
              return root;
            }));
    add(
        terraform,
        "type a number",
        mutated.apply(
            root -> {
              ((ObjectNode) root.withArray("resources").get(0)).put("type", 12);
              return root;
            }));
    add(terraform, "version 3", mutated.apply(root -> root.put("version", 3)));
    add(
        terraform,
        "version 4.9",
        state.apply(GOOD_STATE.replaceFirst("\"version\": 4", "\"version\": 4.9")));
    add(
        terraform,
        "version 4294967300",
        state.apply(GOOD_STATE.replaceFirst("\"version\": 4", "\"version\": 4294967300")));
    add(
        terraform,
        "version \"4\"",
        state.apply(GOOD_STATE.replaceFirst("\"version\": 4", "\"version\": \"4\"")));
    add(
        terraform,
        "serial 1e999999",
        state.apply(GOOD_STATE.replaceFirst("\"serial\": 412", "\"serial\": 1e999999")));
    add(
        terraform,
        "serial negative",
        state.apply(GOOD_STATE.replaceFirst("\"serial\": 412", "\"serial\": -1")));
    add(
        terraform,
        "a 2000-digit number",
        state.apply(GOOD_STATE.replaceFirst("\"serial\": 412", "\"serial\": " + "9".repeat(2000))));
    add(
        terraform,
        "deep nesting",
        state.apply(
            "{\"version\": 4, \"resources\": [], \"outputs\": "
                + "[".repeat(5000)
                + "]".repeat(5000)
                + "}"));
    add(
        terraform,
        "no databricks or aws_iam resource",
        state.apply(
            "{\"version\": 4, \"serial\": 1, \"lineage\": \"x\", \"resources\": [{\"mode\": \"managed\", \"type\": \"aws_s3_bucket\", \"name\": \"logs\", \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\", \"instances\": [{\"attributes\": {\"bucket\": \"logs\"}}]}]}"));
    add(
        terraform,
        "no resources at all",
        state.apply("{\"version\": 4, \"serial\": 1, \"lineage\": \"x\", \"resources\": []}"));
    add(
        terraform,
        "a workspace id that is text",
        mutated.apply(
            root -> {
              for (var resource : root.withArray("resources")) {
                if (resource.path("type").asText().equals("databricks_mws_workspaces")) {
                  ((ObjectNode) resource.path("instances").get(0).path("attributes"))
                      .put("workspace_id", "one");
                }
              }
              return root;
            }));
    add(
        terraform,
        "50 MB",
        state.apply(
            new Large(
                "{\"version\": 4, \"resources\": [], \"outputs\": {\"blob\": \"",
                "abcdefghij",
                "\"}}")));
  }

  static {
    // rules (validate --policies EMPTY --rules DIR, check --rules DIR)
    Function<Object, Function<Path, Invocation>> rules =
        content ->
            dir -> {
              Path file = write(dir.resolve("rules/bad.drl"), content);
              return new Invocation(
                  file,
                  List.of(
                      "validate",
                      "--policies",
                      emptyPolicies.toString(),
                      "--rules",
                      dir.resolve("rules").toString()));
            };
    Function<Object, Function<Path, Invocation>> checkRules =
        content ->
            dir -> {
              Path file = write(dir.resolve("rules/bad.drl"), content);
              return new Invocation(
                  file,
                  List.of(
                      "check",
                      "--snapshot",
                      goodSnapshot.toString(),
                      "--out",
                      dir.resolve("out").toString(),
                      "--rules",
                      dir.resolve("rules").toString()));
            };
    add("rules", "random bytes", rules.apply(randomBytes(11, 4096)));
    add("rules", "not valid UTF-8", rules.apply(invalidUtf8("package rules.x\n\n", "// caf")));
    add("rules", "empty", rules.apply(""));
    add("rules", "empty, judged by check", checkRules.apply(""));
    add("rules", "only a comment", rules.apply("// nothing\n"));
    add("rules", "only a package", rules.apply("package rules.empty\n"));
    add("rules", "a syntax error", rules.apply(RULE.replace("then", "thenn")));
    add("rules", "an unknown fact type", rules.apply(RULE.replace("Token(", "Tokken(")));
    add("rules", "no @id", rules.apply(RULE.replace("@id(\"CORPUS-001\") ", "")));
    add(
        "rules",
        "a bad @severity",
        rules.apply(RULE.replace("@severity(\"high\")", "@severity(\"dire\")")));
    add(
        "rules",
        "no findings global",
        checkRules.apply(
            RULE.replace("global io.plumbline.policy.drools.Findings findings\n", "")
                .replace("findings.fail(drools, $t, \"expiry_time\", \"never expires\");", "")));
    add(
        "rules",
        "50 MB",
        rules.apply(
            new Large("package rules.large\n", "// padding padding padding padding\n", "")));
  }

  static {
    // collect configuration (scan --config FILE)
    Function<Object, Function<Path, Invocation>> config =
        content ->
            dir -> {
              Path file = write(dir.resolve("plumbline.yaml"), content);
              return new Invocation(
                  file,
                  List.of(
                      "scan",
                      "--no-store",
                      "--out",
                      dir.resolve("out").toString(),
                      "--config",
                      file.toString()));
            };
    yamlBasics("collect config", config);
    String account =
        "plumbline:\n  collect:\n    accounts:\n      main:\n        host: https://accounts.cloud.databricks.com\n        account-id: abc\n";
    add(
        "collect config",
        "no accounts",
        config.apply("plumbline:\n  collect:\n    deadline: 5m\n"));
    add(
        "collect config",
        "a secret in the file",
        config.apply(account + "        token: dapi-should-not-be-here\n"));
    add(
        "collect config",
        "a duration that is not one",
        config.apply("plumbline:\n  collect:\n    deadline: soon\n"));
    add(
        "collect config",
        "a huge concurrency",
        config.apply(
            "plumbline:\n  collect:\n    concurrency:\n      workspaces: 99999999999999999999\n"));
    add(
        "collect config",
        "a negative concurrency",
        config.apply("plumbline:\n  collect:\n    concurrency:\n      workspaces: -3\n"));
    add(
        "collect config",
        "a host that is not a URL",
        config.apply(account.replace("https://accounts.cloud.databricks.com", "\"ht tp://x y\"")));
    add(
        "collect config",
        "a workspace id that is not a number",
        config.apply(account + "        include-workspaces: [prod]\n"));
  }

  static {
    // sandbox estates and faults (sandbox --estate FILE / --faults FILE)
    Function<Object, Function<Path, Invocation>> estate =
        content ->
            dir -> {
              Path file = write(dir.resolve("estate.yaml"), content);
              return new Invocation(
                  file,
                  List.of(
                      "sandbox", "--port", "0", "--iam-port", "0", "--estate", file.toString()));
            };
    yamlBasics("sandbox estate", estate);
    add(
        "sandbox estate",
        "a workspace id with 38 digits",
        estate.apply(
            DEFAULT_ESTATE.replaceFirst(
                "workspace_id: (\\d+)", "workspace_id: 12345678901234567890123456789012345678")));
    add(
        "sandbox estate",
        "a token that is a number",
        estate.apply(DEFAULT_ESTATE.replace("token: dapi-plumbline-sandbox-token", "token: 12")));
    add(
        "sandbox estate",
        "JSON with a trailing comma",
        estate.apply("{\"account\": {\"account_id\": \"x\",}}"));

    Function<Object, Function<Path, Invocation>> faults =
        content ->
            dir -> {
              Path file = write(dir.resolve("faults.yaml"), content);
              return new Invocation(
                  file,
                  List.of(
                      "sandbox", "--port", "0", "--iam-port", "0", "--faults", file.toString()));
            };
    yamlBasics("sandbox faults", faults);
    add(
        "sandbox faults",
        "status 418",
        faults.apply("faults:\n  - match: /api/**\n    status: 418\n"));
    add(
        "sandbox faults",
        "probability 2",
        faults.apply("faults:\n  - match: /api/**\n    status: 500\n    probability: 2\n"));
    add(
        "sandbox faults",
        "latency of 10^30 ms",
        faults.apply(
            "faults:\n  - match: /api/**\n    latency_ms: 1000000000000000000000000000000\n"));
    add("sandbox faults", "faults not a list", faults.apply("faults: many\n"));
    add("sandbox faults", "a fault without match", faults.apply("faults:\n  - status: 500\n"));
  }

  static {
    // snapshots (check --snapshot FILE, diff A B)
    Function<Object, Function<Path, Invocation>> snapshot =
        content ->
            dir -> {
              Path file = write(dir.resolve("snapshot.json"), content);
              return new Invocation(
                  file,
                  List.of(
                      "check",
                      "--rules",
                      goodRules.toString(),
                      "--out",
                      dir.resolve("out").toString(),
                      "--snapshot",
                      file.toString()));
            };
    Function<Object, Function<Path, Invocation>> gzipped =
        content ->
            dir -> {
              Path file = write(dir.resolve("snapshot.json.gz"), gzip(content));
              return new Invocation(
                  file,
                  List.of(
                      "check",
                      "--rules",
                      goodRules.toString(),
                      "--out",
                      dir.resolve("out").toString(),
                      "--snapshot",
                      file.toString()));
            };
    Function<Object, Function<Path, Invocation>> diffed =
        content ->
            dir -> {
              Path file = write(dir.resolve("snapshot.json"), content);
              return new Invocation(
                  file, List.of("diff", goodSnapshot.toString(), file.toString()));
            };
    String kind = "snapshot";
    add(kind, "empty", snapshot.apply(""));
    add(kind, "empty, diffed", diffed.apply(""));
    add(kind, "empty gzip", gzipped.apply(""));
    add(
        kind,
        "random bytes named .gz",
        dir -> {
          Path file = write(dir.resolve("snapshot.json.gz"), randomBytes(13, 4096));
          return new Invocation(
              file,
              List.of(
                  "check",
                  "--rules",
                  goodRules.toString(),
                  "--out",
                  dir.resolve("out").toString(),
                  "--snapshot",
                  file.toString()));
        });
    add(
        kind,
        "a truncated gzip",
        dir -> {
          byte[] bytes = gzip(GOOD_SNAPSHOT_JSON);
          Path file =
              write(dir.resolve("snapshot.json.gz"), Arrays.copyOf(bytes, bytes.length / 2));
          return new Invocation(
              file,
              List.of(
                  "check",
                  "--rules",
                  goodRules.toString(),
                  "--out",
                  dir.resolve("out").toString(),
                  "--snapshot",
                  file.toString()));
        });
    add(kind, "random bytes", snapshot.apply(randomBytes(17, 4096)));
    add(
        kind,
        "not valid UTF-8",
        snapshot.apply(invalidUtf8("{\n\"schema_version\": 1,\n", "\"id\": \"caf")));
    add(kind, "JSON null", snapshot.apply("null"));
    add(kind, "an empty object", snapshot.apply("{}"));
    add(kind, "a JSON array", diffed.apply("[]"));
    add(kind, "two documents", snapshot.apply(GOOD_SNAPSHOT_JSON + GOOD_SNAPSHOT_JSON));
    add(
        kind,
        "a duplicate key",
        snapshot.apply(GOOD_SNAPSHOT_JSON.replaceFirst("\\{", "{\"id\": \"x\", ")));
    add(
        kind,
        "resources a string",
        snapshot.apply(
            GOOD_SNAPSHOT_JSON.replaceFirst(
                "\"resources\":\\[", "\"resources\":\"none\",\"ignored\":[")));
    add(
        kind,
        "schema_version 1e999999",
        snapshot.apply(
            GOOD_SNAPSHOT_JSON.replaceFirst(
                "\"schema_version\":\\d+", "\"schema_version\":1e999999")));
    add(
        kind,
        "a scope that is not one",
        snapshot.apply(GOOD_SNAPSHOT_JSON.replace("workspace:1001", "galaxy:far-away")));
    add(
        kind,
        "deep nesting",
        gzipped.apply("{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"));
    add(
        kind,
        "50 MB",
        snapshot.apply(new Large("{\"schema_version\": 1, \"padding\": \"", "abcdefghij", "\"}")));
  }

  private static byte[] gzip(Object content) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(bytes)) {
        out.write(
            content instanceof byte[] raw
                ? raw
                : ((String) content).getBytes(StandardCharsets.UTF_8));
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
