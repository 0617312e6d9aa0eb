package io.plumbline.deploy;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/container/Containerfile, read instruction by instruction: no container engine runs where
 * the tests run, so the image is checked from what builds it (the build command is in the file's
 * header and in docs/operations.md).
 */
class ContainerfileTest {

  private static final Path CONTAINERFILE = Path.of("deploy/container/Containerfile");
  private static final Path CONTAINERIGNORE = Path.of(".containerignore");
  private static final Path DOCKERIGNORE = Path.of(".dockerignore");
  private static final Path DEPLOYMENT = Path.of("deploy/kubernetes/base/deployment.yaml");
  private static final Path OPERATIONS = Path.of("docs/operations.md");
  private static final Set<String> REQUIRED_LABELS =
      Set.of(
          "org.opencontainers.image.source",
          "org.opencontainers.image.version",
          "org.opencontainers.image.revision");
  private static final Pattern PINNED_IMAGE =
      Pattern.compile(
          "[a-z0-9./-]+:(?!latest\\b)[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[0-9a-f]{64})?");
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(token|password|secret|key).*");
  private static final Pattern KEY_VALUE =
      Pattern.compile("([A-Za-z0-9_.-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Instruction(String keyword, String arguments) {
    Instruction {
      requireNonNull(keyword, "keyword is null");
      requireNonNull(arguments, "arguments is null");
    }
  }

  @Test
  void itBuildsWithTheWrapperOnAJdk17AndRunsOnAPinnedJre17() throws IOException {
    List<List<Instruction>> stages = stages();
    assertThat(stages).as("build and runtime stages").hasSize(2);

    String build = stages.get(0).get(0).arguments();
    assertThat(build).endsWith(" AS build");
    assertThat(image(build)).matches(PINNED_IMAGE).contains(":17").contains("jdk");
    assertThat(all(stages.get(0), "RUN"))
        .anySatisfy(run -> assertThat(run).startsWith("./mvnw ").contains(" package"));

    String runtime = image(stages.get(1).get(0).arguments());
    assertThat(runtime).matches(PINNED_IMAGE).contains(":17").contains("jre");
    for (String copy : all(stages.get(1), "COPY")) {
      assertThat(copy)
          .as("the runtime stage takes only build output, never the build context")
          .startsWith("--from=build ");
    }
  }

  @Test
  void itRunsTheFastJarAsANonRootUserWithTheHeapSizedByTheContainer() throws IOException {
    List<Instruction> runtime = stages().get(1);

    List<String> users = all(runtime, "USER");
    assertThat(users).hasSize(1);
    assertThat(users.get(0)).matches("[1-9][0-9]*:[1-9][0-9]*");
    assertThat(runtime.get(runtime.size() - 1).keyword()).isIn("CMD", "ENTRYPOINT");
    int user = indexOf(runtime, "USER");
    for (int i = user + 1; i < runtime.size(); i++) {
      assertThat(runtime.get(i).keyword()).as("after USER").isNotIn("RUN", "COPY", "ADD");
    }
    String runAsUser = users.get(0).split(":")[0];
    assertThat(
            YAML.readTree(DEPLOYMENT.toFile())
                .at("/spec/template/spec/securityContext/runAsUser")
                .asText())
        .as("the Deployment runs as the image's user")
        .isEqualTo(runAsUser);

    List<String> entrypoint = execForm(one(runtime, "ENTRYPOINT"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage="));
    assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
    assertThat(entrypoint.get(entrypoint.size() - 2)).isEqualTo("-jar");
    String workdir = one(runtime, "WORKDIR");
    assertThat(entrypoint.get(entrypoint.size() - 1))
        .isEqualTo(workdir + "/quarkus-app/quarkus-run.jar");
    assertThat(all(runtime, "COPY")).contains("--from=build /src/target/quarkus-app/ quarkus-app/");
    assertThat(execForm(one(runtime, "CMD"))).containsExactly("serve");
    assertThat(keywords()).doesNotContain("HEALTHCHECK");
  }

  @Test
  void itExposesTheApiAndManagementPortsTheDeploymentNames() throws IOException {
    Set<Integer> exposed = new TreeSet<>();
    for (String expose : all(stages().get(1), "EXPOSE")) {
      for (String port : expose.split("\\s+")) {
        exposed.add(Integer.parseInt(port));
      }
    }
    Set<Integer> declared = new TreeSet<>();
    for (JsonNode port :
        YAML.readTree(DEPLOYMENT.toFile()).at("/spec/template/spec/containers/0/ports")) {
      declared.add(port.path("containerPort").asInt());
    }
    assertThat(exposed).isEqualTo(declared).containsExactly(8080, 9000);
  }

  @Test
  void itCarriesTheOciLabelsWithTheVersionAndRevisionFromBuildArguments() throws IOException {
    List<Instruction> runtime = stages().get(1);
    Map<String, String> labels = new LinkedHashMap<>();
    for (String label : all(runtime, "LABEL")) {
      labels.putAll(keyValues(label));
    }
    assertThat(labels).containsKeys(REQUIRED_LABELS.toArray(String[]::new));
    assertThat(labels.get("org.opencontainers.image.version")).isEqualTo("${VERSION}");
    assertThat(labels.get("org.opencontainers.image.revision")).isEqualTo("${REVISION}");
    assertThat(labels.get("org.opencontainers.image.source")).startsWith("https://");
    assertThat(all(runtime, "ARG"))
        .anyMatch(arg -> arg.startsWith("VERSION"))
        .anyMatch(arg -> arg.startsWith("REVISION"));
  }

  @Test
  void itWritesOnlyUnderItsDataVolumeAndSetsOnlyConfigurationKeysTheApplicationReads()
      throws IOException {
    List<Instruction> runtime = stages().get(1);
    List<String> volumes = execForm(one(runtime, "VOLUME"));
    assertThat(volumes).containsExactly("/var/lib/plumbline");
    String dataMount = null;
    for (JsonNode mount :
        YAML.readTree(DEPLOYMENT.toFile()).at("/spec/template/spec/containers/0/volumeMounts")) {
      if (mount.path("name").asText().equals("data")) {
        dataMount = mount.path("mountPath").asText();
      }
    }
    assertThat(dataMount)
        .as("the Deployment mounts its data volume on the image's")
        .isEqualTo(volumes.get(0));

    ConfigKeys keys = ConfigKeys.load();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String env : all(runtime, "ENV")) {
      environment.putAll(keyValues(env));
    }
    assertThat(environment).isNotEmpty();
    environment.forEach(
        (name, value) -> {
          assertThat(keys.isEnvironmentVariable(name))
              .as("ENV %s is a configuration key", name)
              .isTrue();
          assertThat(value)
              .as("ENV %s writes under the volume", name)
              .contains(volumes.get(0) + "/");
        });
  }

  @Test
  void noSecretOrBuildCacheGoesIntoALayer() throws IOException {
    for (Instruction instruction : instructions()) {
      if (instruction.keyword().equals("ARG")) {
        String name = instruction.arguments().split("=", 2)[0];
        assertThat(name).as("ARG %s", name).doesNotMatch(SECRET_NAME);
      }
      if (instruction.keyword().equals("ENV")) {
        for (String name : keyValues(instruction.arguments()).keySet()) {
          assertThat(name).as("ENV %s", name).doesNotMatch(SECRET_NAME);
        }
      }
      assertThat(instruction.keyword()).as("ADD fetches; COPY only copies").isNotEqualTo("ADD");
      assertThat(instruction.arguments()).doesNotContain("--mount=type=secret");
    }
    assertThat(all(stages().get(1), "COPY")).noneMatch(copy -> copy.contains(".m2"));
  }

  @Test
  void theIgnoreFilesAreOneAndKeepBuildOutputStoresAndVcsOutOfTheContext() throws IOException {
    List<String> patterns = ignorePatterns(CONTAINERIGNORE);
    assertThat(Files.readString(DOCKERIGNORE, StandardCharsets.UTF_8))
        .as("%s and %s are the same file", DOCKERIGNORE, CONTAINERIGNORE)
        .isEqualTo(Files.readString(CONTAINERIGNORE, StandardCharsets.UTF_8));
    assertThat(patterns).contains("target/", ".git/", ".plumbline/", "plumbline-out/");

    for (String copy : all(stages().get(0), "COPY")) {
      String[] parts = copy.split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        String source = parts[i];
        assertThat(Path.of(source)).as("COPY source %s exists in a checkout", source).exists();
        assertThat(patterns)
            .as("COPY source %s is in the build context", source)
            .noneMatch(pattern -> source.startsWith(pattern) || pattern.startsWith(source));
      }
    }
  }

  @Test
  void theOperatorsGuideGivesTheBuildCommandOfTheContainerfile() throws IOException {
    List<String> command = new ArrayList<>();
    for (String line : Files.readAllLines(CONTAINERFILE, StandardCharsets.UTF_8)) {
      String text = line.replaceFirst("^#\\s*", "").strip();
      if (command.isEmpty() && !text.startsWith("podman build ")) {
        continue;
      }
      command.add(text);
      if (!text.endsWith("\\")) {
        break;
      }
    }
    assertThat(command).as("the build command in the header of %s", CONTAINERFILE).isNotEmpty();
    assertThat(String.join("\n", command)).contains("-f " + CONTAINERFILE, "VERSION=", "REVISION=");
    String guide = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
    for (String line : command) {
      assertThat(guide).as("%s gives the build command line %s", OPERATIONS, line).contains(line);
    }
  }

  private static List<String> ignorePatterns(Path file) throws IOException {
    List<String> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        patterns.add(line.strip());
      }
    }
    return patterns;
  }

  private static Map<String, String> keyValues(String arguments) {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher matcher = KEY_VALUE.matcher(arguments);
    while (matcher.find()) {
      String value = matcher.group(2);
      if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(matcher.group(1), value);
    }
    return values;
  }

  private static List<String> execForm(String arguments) throws IOException {
    JsonNode array = JSON.readTree(arguments);
    assertThat(array.isArray()).as("exec form (a JSON array): %s", arguments).isTrue();
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String image(String from) {
    return from.split("\\s+")[0];
  }

  private static String one(List<Instruction> stage, String keyword) {
    List<String> found = all(stage, keyword);
    assertThat(found).as("%s instructions", keyword).hasSize(1);
    return found.get(0);
  }

  private static List<String> all(List<Instruction> stage, String keyword) {
    return stage.stream()
        .filter(instruction -> instruction.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  private static int indexOf(List<Instruction> stage, String keyword) {
    for (int i = 0; i < stage.size(); i++) {
      if (stage.get(i).keyword().equals(keyword)) {
        return i;
      }
    }
    return -1;
  }

  private static Set<String> keywords() throws IOException {
    Set<String> keywords = new TreeSet<>();
    instructions().forEach(instruction -> keywords.add(instruction.keyword()));
    return keywords;
  }

  private static List<List<Instruction>> stages() throws IOException {
    List<List<Instruction>> stages = new ArrayList<>();
    for (Instruction instruction : instructions()) {
      if (instruction.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      assertThat(stages).as("%s before the first FROM", instruction.keyword()).isNotEmpty();
      stages.get(stages.size() - 1).add(instruction);
    }
    return stages;
  }

  /** The instructions, with continuation lines joined and comments left out. */
  private static List<Instruction> instructions() throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(CONTAINERFILE, StandardCharsets.UTF_8)) {
      String stripped = line.strip();
      if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      current.append(stripped);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      assertThat(space).as("an instruction with arguments: %s", text).isPositive();
      String keyword = text.substring(0, space);
      assertThat(keyword).as("instruction keyword").matches("[A-Z]+");
      instructions.add(new Instruction(keyword, text.substring(space + 1).strip()));
    }
    assertThat(current.toString()).as("an unfinished continuation at the end").isEmpty();
    return instructions;
  }
}
