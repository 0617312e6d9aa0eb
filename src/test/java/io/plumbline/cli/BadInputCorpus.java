package io.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Malformed files of every kind plumbline reads, each with the command that reads it: generated
 * here (random bytes from fixed seeds, text that is not UTF-8, 50 MB files, deep nesting, alias
 * bombs) rather than kept as fixtures. A case with an expected first line is one a user reported
 * wrong; its message is asserted exactly ({@code {file}} stands for the file's path).
 */
final class BadInputCorpus {

  /** Good inputs a case may need besides its bad file, written once per run. */
  record Good(Path snapshot, Path rules, Path emptyPolicies) {}

  /** Where a case writes its files, and the good inputs. */
  record Setup(Path directory, Good good) {}

  /** A command line and the bad file it reads. */
  record Invocation(Path file, List<String> arguments) {}

  record Case(
      String kind,
      String name,
      Function<Setup, Invocation> invocation,
      Optional<String> expectedFirstLine) {

    String expectedFirstLine(Path file) {
      return expectedFirstLine.orElseThrow().replace("{file}", file.toString());
    }
  }

  static final String RULE =
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FIFTY_MEGABYTES = 50 * 1024 * 1024;
  private static final String STATE = resource("terraform/estate.tfstate");
  private static final String ESTATE = resource("sandbox/default-estate.yaml");

  /** A valid snapshot: one token that never expires, in a completely read workspace. */
  static final Snapshot SNAPSHOT =
      SnapshotCodec.create(
          Instant.parse("2026-11-21T10:00:00Z"),
          List.of(Coverage.complete(Scope.workspace(1001), "databricks_token")),
          List.of(
              new Resource(
                  "databricks_token",
                  "tok-1",
                  Scope.workspace(1001),
                  JSON.createObjectNode().put("expiry_time", -1))),
          CollectionStats.empty());

  private static final String SNAPSHOT_JSON =
      new String(SnapshotCodec.toCanonicalBytes(SNAPSHOT), StandardCharsets.UTF_8);

  private final List<Case> cases = new ArrayList<>();

  private BadInputCorpus() {}

  static List<Case> cases() {
    BadInputCorpus corpus = new BadInputCorpus();
    corpus.baselines();
    corpus.waivers();
    corpus.frameworks();
    corpus.terraformStates();
    corpus.rules();
    corpus.collectConfigs();
    corpus.sandboxEstates();
    corpus.sandboxFaults();
    corpus.snapshots();
    return List.copyOf(corpus.cases);
  }

  /** A file of content, read by the command {@code arguments} makes of it. */
  private interface Reader {
    List<String> arguments(Setup setup, Path file);
  }

  private final class Kind {
    private final String name;
    private final String fileName;
    private final Reader reader;
    private boolean largeYaml;

    Kind(String name, String fileName, Reader reader) {
      this.name = name;
      this.fileName = fileName;
      this.reader = reader;
    }

    /** The YAML kinds share one reader: two of them get a 50 MB file, the others 4 MB. */
    Kind withFiftyMegabytes() {
      largeYaml = true;
      return this;
    }

    void add(String caseName, Object content) {
      cases.add(new Case(name, caseName, invocation(content), Optional.empty()));
    }

    /** A case a user reported; its first line of output is asserted exactly. */
    void exactly(String caseName, Object content, String expectedFirstLine) {
      cases.add(new Case(name, caseName, invocation(content), Optional.of(expectedFirstLine)));
    }

    private Function<Setup, Invocation> invocation(Object content) {
      return setup -> {
        Path file = write(setup.directory().resolve(fileName), content);
        return new Invocation(file, reader.arguments(setup, file));
      };
    }

    /** What every YAML reader must refuse. */
    void yamlBasics() {
      add("empty", "");
      add("only a comment", "# nothing here\n");
      add("random bytes", randomBytes(name.hashCode(), 4096));
      add("a NUL byte", "a: 1\nb: \0\n");
      add("not valid UTF-8", invalidUtf8("# a\n# b\n", "c: caf"));
      add("Latin-1 text", "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
      add("UTF-16", "a: 1\n".getBytes(StandardCharsets.UTF_16));
      add("a list, not a mapping", "- a\n- b\n");
      add("a scalar, not a mapping", "just some words\n");
      add("an unclosed bracket", "a: [1, 2\nb: 3\n");
      add("tab indentation", "a:\n\tb: 1\n");
      add("two documents", "a: 1\n---\nb: 2\n");
      add("a duplicate key", "a: 1\na: 2\n");
      add("an unknown key", "surprise: true\n");
      add("deep nesting", "deep: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
      exactly(
          "a YAML alias bomb",
          aliasBomb(""),
          invalid()
              + "{file}:2:8: YAML alias *a is not supported (anchors and aliases are not expanded;"
              + " write the value out)");
      add("a float that overflows", "big: 1e999999\n");
      add(
          largeYaml ? "50 MB" : "4 MB, over the YAML limit",
          new Large("# large\n", "key%d: value\n", "", largeYaml ? FIFTY_MEGABYTES : 4 << 20));
    }

    private String invalid() {
      return switch (name) {
        case "baseline" -> "plumbline: invalid baseline: ";
        case "waiver" -> "plumbline: invalid waiver file: ";
        case "framework" -> "plumbline: invalid framework mapping: ";
        case "collect config" -> "plumbline: invalid config file: ";
        case "sandbox estate" -> "plumbline: invalid estate: ";
        case "sandbox faults" -> "plumbline: invalid faults file: ";
        default -> throw new IllegalArgumentException(name);
      };
    }
  }

  private void baselines() {
    Kind baseline =
        new Kind(
            "baseline",
            "policies/baselines/bad.yaml",
            (setup, file) ->
                List.of(
                    "validate", "--policies", setup.directory().resolve("policies").toString()));
    baseline.withFiftyMegabytes().yamlBasics();
    baseline.exactly(
        "a 38-digit workspace id",
        "workspaces:\n  prod:\n    workspace_id: 12345678901234567890123456789012345678\n",
        "plumbline: invalid baseline: {file}:3:19: /workspaces/prod/workspace_id: must have a"
            + " maximum value of 9223372036854775807");
    baseline.add("a workspace id that is text", "workspaces:\n  prod:\n    workspace_id: one\n");
    baseline.add("an unknown mode", "defaults:\n  modes:\n    groups: strict\n");
    baseline.add(
        "a cluster policy definition that is not JSON",
        "workspaces:\n  prod:\n    cluster_policies:\n      p:\n        definition: \"{not json\"\n");
    baseline.add("a tier that extends itself", "tiers:\n  a:\n    extends: a\n");
    baseline.add(
        "a Terraform state that is not there", "terraform:\n  states: [missing.tfstate]\n");
    baseline.add(
        "an alias bomb inside a tier", "tiers:\n  base:\n    description: x\n" + aliasBomb("    "));
  }

  private void waivers() {
    Kind waiver =
        new Kind(
            "waiver",
            "policies/waivers/bad.yaml",
            (setup, file) ->
                List.of(
                    "validate", "--policies", setup.directory().resolve("policies").toString()));
    waiver.yamlBasics();
    String first =
        "waivers:\n  - id: w1\n    rule: DBX-TOK-001\n    justification: j\n    owner: o\n"
            + "    ticket: T-1\n";
    waiver.add("an expiry that is not a date", first + "    expires: next tuesday\n");
    waiver.add("an expiry on February 30", first + "    expires: 2026-02-30\n");
    waiver.add("an expiry that is a number", first + "    expires: 20261231\n");
    waiver.add(
        "no justification",
        first.replace("    justification: j\n", "") + "    expires: 2026-12-31\n");
    waiver.add(
        "the same id twice",
        first
            + "    expires: 2026-12-31\n"
            + first.substring("waivers:\n".length())
            + "    expires: 2026-12-31\n");
  }

  private void frameworks() {
    Reader validate =
        (setup, file) ->
            List.of("validate", "--policies", setup.directory().resolve("policies").toString());
    Kind framework = new Kind("framework", "policies/frameworks/bad.yaml", validate);
    framework.yamlBasics();
    String header = "framework:\n  id: corpus\n  title: Corpus\n  version: \"1\"\ncontrols:\n";
    String unknownRule = header + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-NOPE-999]\n";
    framework.exactly(
        "a control naming a rule the default rule pack does not have",
        unknownRule,
        "plumbline: invalid framework mapping: {file}:8:13: /controls/0/rules/0: unknown rule"
            + " \"DBX-NOPE-999\" (expected the id of a rule in the rule pack)");
    new Kind(
            "framework",
            "policies/frameworks/bad.yaml",
            (setup, file) ->
                List.of(
                    "validate",
                    "--rules",
                    setup.good().rules().toString(),
                    "--policies",
                    setup.directory().resolve("policies").toString()))
        .add("a control naming a rule --rules does not have", unknownRule);
    framework.add(
        "the same control twice",
        header
            + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-ID-001]\n"
            + "  - id: \"1.1\"\n    title: t\n    rules: [DBX-ID-002]\n");
    framework.add(
        "rules that are not a list", header + "  - id: \"1.1\"\n    title: t\n    rules: 7\n");
  }

  private void terraformStates() {
    Kind state =
        new Kind(
            "terraform state",
            "terraform.tfstate",
            (setup, file) ->
                List.of(
                    "baseline",
                    "import",
                    "--out",
                    setup.directory().resolve("out.yaml").toString(),
                    "--map",
                    "module.workspace[\"prod\"]=prod",
                    "--terraform-state",
                    file.toString()));
    state.add("empty", "");
    state.add("only whitespace", "  \n\n");
    state.add("random bytes", randomBytes(7, 4096));
    state.add("not valid UTF-8", invalidUtf8("{\n\"version\": 4,\n", "\"lineage\": \"caf"));
    state.add("JSON null", "null");
    state.add("a JSON array", "[]");
    state.add("YAML, not JSON", "version: 4\nresources: []\n");
    state.add("cut in half", STATE.substring(0, STATE.length() / 2));
    state.add("two documents", STATE + STATE);
    state.add("a duplicate key", "{\"version\": 4, \"version\": 4, \"resources\": []}");
    state.exactly(
        "instances that are a string",
        edited(root -> firstResource(root).put("instances", "none")),
        "plumbline: invalid Terraform state: {file}: resources[0].instances: expected an array of"
            + " instances, found a string (\"none\")");
    state.add("resources that are an object", edited(root -> root.putObject("resources")));
    state.add(
        "a resource that is a number",
        edited(
            root -> {
              root.withArray("resources").insert(0, 7);
            }));
    state.add(
        "attributes that are a list",
        edited(
            root -> {
              ((ObjectNode) firstResource(root).path("instances").get(0)).putArray("attributes");
            }));
    state.add("a type that is a number", edited(root -> firstResource(root).put("type", 12)));
    state.add("version 3", edited(root -> root.put("version", 3)));
    state.exactly(
        "version 4.9",
        STATE.replaceFirst("\"version\": 4", "\"version\": 4.9"),
        "plumbline: invalid Terraform state: {file}: version: expected the state format version 4,"
            + " found a number (4.9)");
    state.exactly(
        "version 4294967300",
        STATE.replaceFirst("\"version\": 4", "\"version\": 4294967300"),
        "plumbline: invalid Terraform state: {file}: version: expected the state format version 4,"
            + " found a number (4294967300)");
    state.add("version \"4\"", STATE.replaceFirst("\"version\": 4", "\"version\": \"4\""));
    state.exactly(
        "serial 1e999999",
        STATE.replaceFirst("\"serial\": 412", "\"serial\": 1e999999"),
        "plumbline: invalid Terraform state: {file}:4:13: number 1e999999 is out of range"
            + " (expected a finite number)");
    state.add("a negative serial", STATE.replaceFirst("\"serial\": 412", "\"serial\": -1"));
    state.add(
        "a 2000-digit number",
        STATE.replaceFirst("\"serial\": 412", "\"serial\": " + "9".repeat(2000)));
    state.add(
        "deep nesting",
        "{\"version\": 4, \"resources\": [], \"outputs\": "
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "}");
    state.exactly(
        "no resource of a type baselines declare",
        "{\"version\": 4, \"serial\": 1, \"lineage\": \"x\", \"resources\": [{\"mode\": \"managed\","
            + " \"type\": \"aws_instance\", \"name\": \"bastion\", \"provider\":"
            + " \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"]\", \"instances\":"
            + " [{\"attributes\": {\"id\": \"i-0abc\"}}]}]}",
        "plumbline: nothing to import from {file}: expected a managed databricks_* or aws_*"
            + " resource of a type baselines declare (found 1 aws_instance)");
    state.add(
        "no resources at all",
        "{\"version\": 4, \"serial\": 1, \"lineage\": \"x\", \"resources\": []}");
    state.add(
        "a workspace id that is text",
        edited(
            root -> {
              for (JsonNode resource : root.withArray("resources")) {
                if (resource.path("type").asText().equals("databricks_mws_workspaces")) {
                  ((ObjectNode) resource.path("instances").get(0).path("attributes"))
                      .put("workspace_id", "one");
                }
              }
            }));
    state.add(
        "50 MB",
        new Large(
            "{\"version\": 4, \"resources\": [], \"outputs\": {\"blob\": \"",
            "abcdefghij",
            "\"}}"));
  }

  private void rules() {
    Kind validated =
        new Kind(
            "rules",
            "rules/bad.drl",
            (setup, file) ->
                List.of(
                    "validate",
                    "--policies",
                    setup.good().emptyPolicies().toString(),
                    "--rules",
                    file.getParent().toString()));
    Kind checked =
        new Kind(
            "rules",
            "rules/bad.drl",
            (setup, file) ->
                List.of(
                    "check",
                    "--snapshot",
                    setup.good().snapshot().toString(),
                    "--out",
                    setup.directory().resolve("out").toString(),
                    "--rules",
                    file.getParent().toString()));
    validated.exactly(
        "random bytes",
        randomBytes(11, 4096),
        "plumbline: {file}:1:1: not UTF-8 (byte 0xE5 0x9B), expected a rule file in UTF-8");
    validated.exactly(
        "not valid UTF-8",
        invalidUtf8("package rules.x\n\n", "// caf"),
        "plumbline: {file}:3:7: not UTF-8 (byte 0xC3), expected a rule file in UTF-8");
    String empty =
        "plumbline: invalid rule file: {file}:1: the file is empty (expected a package with rules,"
            + " or no file)";
    validated.exactly("empty", "", empty);
    checked.exactly("empty, judged by check", "", empty);
    validated.add("only a comment", "// nothing\n");
    validated.add("only a package", "package rules.empty\n");
    validated.exactly(
        "a syntax error",
        RULE.replace("then", "thenn"),
        "plumbline: rules do not compile: {file}:10: [ERR 102] Line 10:4 mismatched input"
            + " 'findings' in rule \"tokens expire\"");
    validated.add("an unknown fact type", RULE.replace("Token(", "Tokken("));
    validated.add("no @id", RULE.replace("@id(\"CORPUS-001\") ", ""));
    validated.add("a bad @severity", RULE.replace("@severity(\"high\")", "@severity(\"dire\")"));
    checked.add(
        "no findings global",
        RULE.replace("global io.plumbline.policy.drools.Findings findings\n", "")
            .replace("findings.fail(drools, $t, \"expiry_time\", \"never expires\");", ""));
    validated.add("50 MB", new Large("package rules.large\n", "// padding padding padding\n", ""));
  }

  private void collectConfigs() {
    Kind config =
        new Kind(
            "collect config",
            "plumbline.yaml",
            (setup, file) ->
                List.of(
                    "scan",
                    "--no-store",
                    "--out",
                    setup.directory().resolve("out").toString(),
                    "--config",
                    file.toString()));
    config.yamlBasics();
    config.exactly(
        "no accounts",
        "plumbline:\n  collect:\n    deadline: 5m\n",
        "plumbline: nothing to scan: {file} declares no account (expected"
            + " plumbline.collect.accounts); or use --demo or --sandbox-url URL");
    String account =
        "plumbline:\n  collect:\n    accounts:\n      main:\n"
            + "        host: https://accounts.cloud.databricks.com\n        account-id: abc\n";
    config.add("a secret in the file", account + "        token: dapi-should-not-be-here\n");
    config.add("a duration that is not one", "plumbline:\n  collect:\n    deadline: soon\n");
    config.add(
        "a concurrency of 10^20",
        "plumbline:\n  collect:\n    concurrency:\n      workspaces: 99999999999999999999\n");
    config.add(
        "a negative concurrency",
        "plumbline:\n  collect:\n    concurrency:\n      workspaces: -3\n");
    config.add(
        "a host that is not a URL",
        account.replace("https://accounts.cloud.databricks.com", "\"ht tp://x y\""));
    config.add(
        "a workspace id that is not a number", account + "        include-workspaces: [prod]\n");
    // the token file the configuration names is read before anything runs, and never quoted
    Kind tokenFile =
        new Kind(
            "collect config",
            "token",
            (setup, file) -> {
              Path configFile =
                  write(
                      setup.directory().resolve("plumbline.yaml"),
                      account + "        token-file: " + file + "\n");
              return List.of(
                  "scan",
                  "--no-store",
                  "--out",
                  setup.directory().resolve("out").toString(),
                  "--config",
                  configFile.toString());
            });
    tokenFile.exactly(
        "a token file that is not UTF-8",
        invalidUtf8("dapi\n\n", "x"),
        "plumbline: {file}:3:2: not UTF-8, expected a plumbline.collect.accounts.main.token-file"
            + " in UTF-8");
    tokenFile.add("a token file that is binary", randomBytes(19, 64));
    tokenFile.add("an empty token file", "");
  }

  private void sandboxEstates() {
    Kind estate =
        new Kind(
            "sandbox estate",
            "estate.yaml",
            (setup, file) ->
                List.of("sandbox", "--port", "0", "--iam-port", "0", "--estate", file.toString()));
    estate.withFiftyMegabytes().yamlBasics();
    estate.add(
        "a workspace id with 38 digits",
        ESTATE.replaceFirst(
            "workspace_id: (\\d+)", "workspace_id: 12345678901234567890123456789012345678"));
    estate.add(
        "a token that is a number",
        ESTATE.replace("token: dapi-plumbline-sandbox-token", "token: 12"));
    estate.add("JSON with a trailing comma", "{\"account\": {\"account_id\": \"x\",}}");
  }

  private void sandboxFaults() {
    Kind faults =
        new Kind(
            "sandbox faults",
            "faults.yaml",
            (setup, file) ->
                List.of("sandbox", "--port", "0", "--iam-port", "0", "--faults", file.toString()));
    faults.yamlBasics();
    faults.add("status 418", "faults:\n  - match: /api/**\n    status: 418\n");
    faults.add(
        "probability 2", "faults:\n  - match: /api/**\n    status: 500\n    probability: 2\n");
    faults.add(
        "a latency of 10^30 ms",
        "faults:\n  - match: /api/**\n    latency_ms: 1000000000000000000000000000000\n");
    faults.add("faults that are not a list", "faults: many\n");
    faults.add("a fault without match", "faults:\n  - status: 500\n");
  }

  private void snapshots() {
    Reader check =
        (setup, file) ->
            List.of(
                "check",
                "--rules",
                setup.good().rules().toString(),
                "--out",
                setup.directory().resolve("out").toString(),
                "--snapshot",
                file.toString());
    Kind snapshot = new Kind("snapshot", "snapshot.json", check);
    Kind gzipped = new Kind("snapshot", "snapshot.json.gz", check);
    Kind diffed =
        new Kind(
            "snapshot",
            "snapshot.json",
            (setup, file) -> List.of("diff", setup.good().snapshot().toString(), file.toString()));
    String empty =
        "plumbline: invalid snapshot: {file}: the file is empty, expected a snapshot (a JSON"
            + " object)";
    snapshot.exactly("empty", "", empty);
    diffed.exactly("empty, diffed", "", empty);
    gzipped.add("an empty gzip", gzip(""));
    gzipped.add("random bytes named .gz", randomBytes(13, 4096));
    byte[] whole = gzip(SNAPSHOT_JSON);
    gzipped.add("a gzip cut in half", Arrays.copyOf(whole, whole.length / 2));
    snapshot.add("random bytes", randomBytes(17, 4096));
    snapshot.add("not valid UTF-8", invalidUtf8("{\n\"schema_version\": 1,\n", "\"id\": \"caf"));
    snapshot.add("JSON null", "null");
    snapshot.add("an empty object", "{}");
    diffed.add("a JSON array", "[]");
    snapshot.add("two documents", SNAPSHOT_JSON + SNAPSHOT_JSON);
    snapshot.add("a duplicate key", SNAPSHOT_JSON.replaceFirst("\\{", "{\"id\": \"x\", "));
    snapshot.add(
        "resources that are a string",
        SNAPSHOT_JSON.replaceFirst("\"resources\":\\[", "\"resources\":\"none\",\"ignored\":["));
    snapshot.add(
        "schema_version 1e999999",
        SNAPSHOT_JSON.replaceFirst("\"schema_version\":\\d+", "\"schema_version\":1e999999"));
    snapshot.add(
        "a scope that is not one", SNAPSHOT_JSON.replace("workspace:1001", "galaxy:far-away"));
    gzipped.add("deep nesting", gzip("{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"));
    snapshot.add(
        "50 MB", new Large("{\"schema_version\": 1, \"padding\": \"", "abcdefghij", "\"}"));
  }

  // how files are made

  /** Content written by streaming: a head, a unit repeated ("%d" counts up), a tail. */
  private record Large(String head, String unit, String tail, long size) {
    Large(String head, String unit, String tail) {
      this(head, unit, tail, FIFTY_MEGABYTES);
    }

    void writeTo(Path file) throws IOException {
      boolean counted = unit.contains("%d");
      String[] parts = (counted ? unit : unit + "%d").split("%d", 2);
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        long written = head.length();
        long counter = 0;
        StringBuilder chunk = new StringBuilder();
        while (written < size) {
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

  /** The good state, changed. */
  private static String edited(Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(STATE);
      change.accept(root);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode firstResource(ObjectNode root) {
    return (ObjectNode) root.withArray("resources").get(0);
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Text whose third line holds a byte sequence that is not UTF-8 (0xC3 0x28). */
  private static byte[] invalidUtf8(String firstTwoLines, String third) {
    byte[] head = (firstTwoLines + third).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(head, head.length + 3);
    bytes[head.length] = (byte) 0xC3;
    bytes[head.length + 1] = (byte) 0x28;
    bytes[head.length + 2] = '\n';
    return bytes;
  }

  /** Nine anchors, each a list of nine aliases of the one before: 9^9 strings when expanded. */
  private static String aliasBomb(String indent) {
    StringBuilder bomb = new StringBuilder();
    bomb.append(indent).append("a: &a [\"lol\"").append(", \"lol\"".repeat(8)).append("]\n");
    for (char name = 'b'; name <= 'i'; name++) {
      bomb.append(indent).append(name).append(": &").append(name).append(" [");
      for (int index = 0; index < 9; index++) {
        bomb.append(index == 0 ? "" : ", ").append('*').append((char) (name - 1));
      }
      bomb.append("]\n");
    }
    return bomb.toString();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String resource(String name) {
    try (InputStream in = BadInputCorpus.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
