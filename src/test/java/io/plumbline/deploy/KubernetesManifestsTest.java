package io.plumbline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plumbline.cli.PlumblineCommand;
import io.quarkus.runtime.configuration.DurationConverter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * deploy/kubernetes/ as {@code kubectl kustomize} renders its overlays (kubectl is required: CI
 * installs Debian's {@code kubernetes-client}): every object valid against its schema, and the
 * promises of docs/operations.md kept in the objects a cluster would get, not in the sources.
 */
class KubernetesManifestsTest {

  private static final String MANAGEMENT_PORT_NAME = "management";
  private static final String API_PORT_NAME = "http";
  private static final Set<String> HEALTH_PATHS =
      Set.of("/q/health/started", "/q/health/ready", "/q/health/live");
  private static final String SECRET_DIRECTORY = "/run/secrets/plumbline/";
  private static final Path OPERATIONS = Path.of("docs/operations.md");

  /** Things that look like credentials, none of which may be rendered. */
  private static final Pattern SECRET_LITERAL =
      Pattern.compile(
          "dapi[0-9a-f]{32}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----"
              + "|(?i)(password|secret|token)\\s*[:=]\\s*[\"']?[A-Za-z0-9+/]{16,}");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

  @BeforeAll
  static void render() throws Exception {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      RENDERED.put(overlay, KubernetesManifests.render(overlay));
    }
  }

  @Test
  void theGeneratedPrometheusRuleAndDashboardsAreThoseOfTheirSources() throws IOException {
    Map<Path, String> generated =
        Map.of(
            KubernetesManifests.PROMETHEUS_RULE, KubernetesManifests.prometheusRule(),
            KubernetesManifests.GRAFANA_DASHBOARDS, KubernetesManifests.grafanaDashboards());
    for (Map.Entry<Path, String> file : generated.entrySet()) {
      if (Boolean.getBoolean("plumbline.regenerate")) {
        Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
      }
      assertThat(Files.readString(file.getKey(), StandardCharsets.UTF_8))
          .as("%s is stale; %s", file.getKey(), KubernetesManifests.REGENERATE)
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void everyRenderedObjectMatchesTheSchemaOfItsKindWithNoUnknownField() {
    RENDERED.forEach(
        (overlay, objects) -> {
          assertThat(objects).as("objects of overlay %s", overlay).hasSizeGreaterThan(5);
          for (JsonNode object : objects) {
            assertThat(KubernetesSchema.problems(object))
                .as("overlay %s, %s %s", overlay, object.path("kind"), name(object))
                .isEmpty();
          }
        });
  }

  @Test
  void theSchemaCheckRefusesAnUnknownFieldAndAWrongType() throws IOException {
    JsonNode deployment = one("prod", "Deployment").deepCopy();
    ((ObjectNode) deployment.path("spec").path("template").path("spec"))
        .put("terminationGracePeriod", 30);
    assertThat(KubernetesSchema.problems(deployment))
        .singleElement()
        .asString()
        .contains("spec.template.spec", "terminationGracePeriod");

    JsonNode service = named("prod", "Service", "plumbline").deepCopy();
    ((ObjectNode) service.path("spec")).putObject("ports");
    assertThat(KubernetesSchema.problems(service)).isNotEmpty();
  }

  @Test
  void theRenderedPrometheusRuleHoldsExactlyTheAlertRulesAndPassesPromtool(@TempDir Path directory)
      throws Exception {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      JsonNode spec = one(overlay, "PrometheusRule").path("spec");
      assertThat(spec.path("groups"))
          .as("groups of the PrometheusRule of %s", overlay)
          .isEqualTo(YAML.readTree(KubernetesManifests.ALERT_RULES.toFile()).path("groups"));

      Path extracted = directory.resolve(overlay + "-rules.yml");
      YAML.writeValue(extracted.toFile(), spec);
      Tool.PROMTOOL.run("check", "rules", extracted.toString()).assertSucceeded();
    }
  }

  @Test
  void theDashboardsConfigMapCarriesEveryDashboardForTheGrafanaSidecar() throws IOException {
    JsonNode configMap = named("prod", "ConfigMap", "plumbline-dashboards");
    assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").isTextual())
        .isTrue();
    List<Path> dashboards = KubernetesManifests.dashboards();
    assertThat(dashboards).isNotEmpty();
    assertThat(configMap.path("data").size()).isEqualTo(dashboards.size());
    for (Path dashboard : dashboards) {
      String json = configMap.path("data").path(dashboard.getFileName().toString()).asText();
      assertThat(new ObjectMapper().readTree(json))
          .as("dashboard %s in the ConfigMap", dashboard)
          .isEqualTo(new ObjectMapper().readTree(dashboard.toFile()));
    }
  }

  @Test
  void prodRunsTwoReplicasOnDifferentNodesAndNeverRollsBelowThem() {
    JsonNode deployment = one("prod", "Deployment");
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(deployment.path("spec").path("strategy").path("type").asText())
        .isEqualTo("RollingUpdate");
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();
    JsonNode antiAffinity =
        podSpec(deployment)
            .path("affinity")
            .path("podAntiAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(antiAffinity).hasSize(1);
    assertThat(antiAffinity.get(0).path("topologyKey").asText())
        .isEqualTo("kubernetes.io/hostname");
    assertSelects(antiAffinity.get(0).path("labelSelector").path("matchLabels"), podLabels);

    JsonNode budget = one("prod", "PodDisruptionBudget");
    assertThat(budget.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    assertSelects(budget.path("spec").path("selector").path("matchLabels"), podLabels);
  }

  @Test
  void prodStoresInPostgresqlWithThePasswordFromAFile() {
    Map<String, String> environment = environment(container(one("prod", "Deployment")));

    assertThat(environment.get("PLUMBLINE_STORE_URL")).startsWith("jdbc:postgresql://");
    assertThat(environment.get("PLUMBLINE_STORE_PASSWORD_FILE")).startsWith(SECRET_DIRECTORY);
    assertThat(container(one("prod", "Deployment")).path("args").get(0).asText())
        .isEqualTo("serve");
  }

  @Test
  void devRunsOneReplicaOnH2OnAVolumeWithTheSandboxBeside() {
    JsonNode deployment = one("dev", "Deployment");
    JsonNode pod = podSpec(deployment);
    JsonNode container = container(deployment);

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(deployment.path("spec").path("strategy").path("type").asText())
        .isEqualTo("Recreate");
    assertThat(one("dev", "PodDisruptionBudget").path("spec").path("minAvailable").asInt())
        .isZero();

    JsonNode claim = one("dev", "PersistentVolumeClaim");
    JsonNode data = volume(pod, "data");
    assertThat(data.path("persistentVolumeClaim").path("claimName").asText())
        .isEqualTo(name(claim));
    assertThat(data.has("emptyDir")).isFalse();
    String dataPath = mountPath(container, "data");
    assertThat(environment(container).get("PLUMBLINE_STORE_URL"))
        .isEqualTo("jdbc:h2:file:" + dataPath + "/store/plumbline");

    JsonNode sandbox = pod.path("initContainers").get(0);
    assertThat(sandbox.path("restartPolicy").asText()).as("a native sidecar").isEqualTo("Always");
    assertThat(texts(sandbox.path("args"))).startsWith("sandbox", "--port");
    String sandboxPort = texts(sandbox.path("args")).get(2);
    assertThat(texts(container.path("args")))
        .containsExactly("serve", "--sandbox-url", "http://127.0.0.1:" + sandboxPort);
    assertThat(sandbox.path("image").asText())
        .as("the sandbox runs the image of the service")
        .isEqualTo(container.path("image").asText());
  }

  @Test
  void everyProbeAsksTheManagementPortForStartedReadyOrLive() throws IOException {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      JsonNode container = container(one(overlay, "Deployment"));
      Set<String> paths = new TreeSet<>();
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("port").asText())
            .as("%s of %s", probe, overlay)
            .isEqualTo(MANAGEMENT_PORT_NAME);
        paths.add(get.path("path").asText());
      }
      assertThat(paths).isEqualTo(HEALTH_PATHS);
      assertThat(containerPort(container, MANAGEMENT_PORT_NAME))
          .as("the management port of %s", overlay)
          .isEqualTo(
              configuration(overlay).path("quarkus").path("management").path("port").asInt());
      assertThat(containerPort(container, API_PORT_NAME))
          .isEqualTo(configuration(overlay).path("quarkus").path("http").path("port").asInt());
    }
  }

  @Test
  void kubernetesWaitsForARunningScanToBeRecordedBeforeItKills() throws IOException {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      Duration grace =
          DurationConverter.parseDuration(
              configuration(overlay)
                  .path("plumbline")
                  .path("schedule")
                  .path("shutdown-grace")
                  .asText());
      long termination =
          podSpec(one(overlay, "Deployment")).path("terminationGracePeriodSeconds").asLong();
      // docs/serve.md: a stop takes the shutdown grace plus about 10 s; 30 s leaves a margin
      assertThat(Duration.ofSeconds(termination))
          .as("terminationGracePeriodSeconds of %s", overlay)
          .isGreaterThanOrEqualTo(grace.plusSeconds(30));
    }
  }

  @Test
  void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutCapabilitiesAndWithLimits() {
    RENDERED.forEach(
        (overlay, objects) -> {
          JsonNode pod = podSpec(one(overlay, "Deployment"));
          assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
          assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
          assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
          assertThat(pod.at("/securityContext/seccompProfile/type").asText())
              .isEqualTo("RuntimeDefault");
          for (JsonNode container : containers(pod)) {
            String where = overlay + " container " + container.path("name").asText();
            JsonNode security = container.path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).as(where).isTrue();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").isBoolean()).as(where).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean()).as(where).isFalse();
            assertThat(texts(security.path("capabilities").path("drop")))
                .as(where)
                .containsExactly("ALL");
            assertThat(security.path("capabilities").has("add")).as(where).isFalse();
            for (String bound : List.of("requests", "limits")) {
              for (String resource : List.of("cpu", "memory")) {
                assertThat(container.path("resources").path(bound).path(resource).asText())
                    .as("%s: resources.%s.%s", where, bound, resource)
                    .isNotBlank();
              }
            }
            assertThat(container.at("/resources/requests/memory"))
                .as("%s: memory requested is memory allowed (no overcommit of the heap)", where)
                .isEqualTo(container.at("/resources/limits/memory"));
            String image = container.path("image").asText();
            assertThat(image)
                .as("%s: image with a version tag", where)
                .matches(".+/[^/:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*)(@sha256:[0-9a-f]{64})?")
                .doesNotContain(":latest");
          }
        });
  }

  @Test
  void nothingSecretIsRenderedOnlyReferencesToTheSecretTheOperatorCreates() {
    RENDERED.forEach(
        (overlay, objects) -> {
          for (JsonNode object : objects) {
            assertThat(object.path("kind").asText())
                .as("overlay %s renders no Secret", overlay)
                .isNotEqualTo("Secret");
            assertThat(SECRET_LITERAL.matcher(object.toString()).find())
                .as(
                    "a credential-like literal in %s %s of %s",
                    object.path("kind"), name(object), overlay)
                .isFalse();
          }
          for (JsonNode container : containers(podSpec(one(overlay, "Deployment")))) {
            for (JsonNode variable : container.path("env")) {
              if (variable.path("name").asText().matches(".*(PASSWORD|SECRET|TOKEN)")) {
                assertThat(variable.has("value"))
                    .as("%s: %s is set as a value", overlay, variable.path("name"))
                    .isFalse();
              }
            }
          }
          assertThat(
                  volume(podSpec(one(overlay, "Deployment")), "secrets")
                      .at("/secret/secretName")
                      .asText())
              .isEqualTo("plumbline-secrets");
        });
  }

  @Test
  void everySecretFileTheConfigurationNamesIsOneTheOperatorsGuideTellsToCreate()
      throws IOException {
    String guide = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
    for (String overlay : KubernetesManifests.OVERLAYS) {
      Set<String> files = new TreeSet<>();
      Matcher matcher =
          Pattern.compile(Pattern.quote(SECRET_DIRECTORY) + "([a-z0-9-]+)")
              .matcher(one(overlay, "Deployment").toString() + configMapFiles(overlay));
      while (matcher.find()) {
        files.add(matcher.group(1));
      }
      assertThat(files).as("secret files of %s", overlay).isNotEmpty();
      for (String file : files) {
        assertThat(guide).as("%s names the secret key %s", OPERATIONS, file).contains(file);
      }
      // a setting that holds a secret names the file or the variable it is in, never the value
      for (String key : configurationKeys(overlay)) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        if (key.matches(".*(password|secret|token).*")) {
          assertThat(last)
              .as("%s in the configuration of %s", key, overlay)
              .matches("role|sha256|file|env|.*-file|.*-env|client-id");
        }
      }
    }
  }

  @Test
  void theServicesAndTheServiceMonitorReachTheApiAndTheMetricsOfThePods() {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      JsonNode deployment = one(overlay, "Deployment");
      JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
      JsonNode api = named(overlay, "Service", "plumbline");
      JsonNode management = named(overlay, "Service", "plumbline-management");
      for (JsonNode service : List.of(api, management)) {
        assertSelects(service.path("spec").path("selector"), podLabels);
      }
      assertThat(api.at("/spec/ports/0/targetPort").asText()).isEqualTo(API_PORT_NAME);
      assertThat(management.path("spec").path("ports")).hasSize(1);
      assertThat(management.at("/spec/ports/0/targetPort").asText())
          .isEqualTo(MANAGEMENT_PORT_NAME);

      JsonNode monitor = one(overlay, "ServiceMonitor");
      JsonNode endpoint = monitor.at("/spec/endpoints/0");
      assertSelects(
          monitor.at("/spec/selector/matchLabels"), management.path("metadata").path("labels"));
      assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText())
          .as("the ServiceMonitor selects the management Service only")
          .isEqualTo(management.at("/metadata/labels/app.kubernetes.io~1component").asText())
          .isNotEqualTo(api.at("/metadata/labels/app.kubernetes.io~1component").asText());
      assertThat(endpoint.path("port").asText())
          .isEqualTo(management.at("/spec/ports/0/name").asText());
      assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
      // the alert rules' absent() alerts assume job="plumbline"
      String jobLabel = monitor.path("spec").path("jobLabel").asText();
      assertThat(management.path("metadata").path("labels").path(jobLabel).asText())
          .isEqualTo("plumbline");
    }
  }

  @Test
  void theNetworkPolicyAdmitsOnlyTheApiAndMetricsPortsFromLabelledNamespaces() {
    for (String overlay : KubernetesManifests.OVERLAYS) {
      JsonNode policy = one(overlay, "NetworkPolicy");
      JsonNode container = container(one(overlay, "Deployment"));
      assertSelects(
          policy.at("/spec/podSelector/matchLabels"),
          one(overlay, "Deployment").at("/spec/template/metadata/labels"));
      assertThat(texts(policy.at("/spec/policyTypes")))
          .containsExactlyInAnyOrder("Ingress", "Egress");

      Set<Integer> ingressPorts = new TreeSet<>();
      for (JsonNode rule : policy.at("/spec/ingress")) {
        assertThat(rule.path("from")).as("an ingress rule of %s", overlay).isNotEmpty();
        for (JsonNode peer : rule.path("from")) {
          assertThat(peer.path("namespaceSelector").path("matchLabels").size())
              .as("ingress from labelled namespaces only")
              .isPositive();
          assertThat(peer.has("ipBlock")).isFalse();
        }
        assertThat(rule.path("ports")).isNotEmpty();
        rule.path("ports").forEach(port -> ingressPorts.add(port.path("port").asInt()));
      }
      assertThat(ingressPorts)
          .containsExactlyInAnyOrder(
              containerPort(container, API_PORT_NAME),
              containerPort(container, MANAGEMENT_PORT_NAME));

      Set<String> egress = new TreeSet<>();
      for (JsonNode rule : policy.at("/spec/egress")) {
        assertThat(rule.path("ports")).as("every egress rule names its ports").isNotEmpty();
        rule.path("ports")
            .forEach(
                port ->
                    egress.add(port.path("protocol").asText() + "/" + port.path("port").asInt()));
      }
      assertThat(egress)
          .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/5432", "TCP/443", "TCP/9093");
    }
  }

  @Test
  void prodExposesOnlyTheApiOverTlsThroughItsIngress() {
    JsonNode ingress = one("prod", "Ingress");
    assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
    assertThat(texts(ingress.at("/spec/tls/0/hosts")))
        .contains(ingress.at("/spec/rules/0/host").asText());
    for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
      assertThat(path.at("/backend/service/name").asText()).isEqualTo("plumbline");
      assertThat(path.at("/backend/service/port/name").asText()).isEqualTo(API_PORT_NAME);
      assertThat(path.path("path").asText())
          .doesNotStartWith("/q/health")
          .doesNotStartWith("/q/metrics");
    }
  }

  @Test
  void everyConfigurationKeyVariableAndFlagTheManifestsSetIsOneTheApplicationReads()
      throws IOException {
    ConfigKeys keys = ConfigKeys.load();
    for (String overlay : KubernetesManifests.OVERLAYS) {
      for (String key : configurationKeys(overlay)) {
        assertThat(keys.isKey(key))
            .as("%s, set by overlay %s, is read by the application", key, overlay)
            .isTrue();
      }
      for (JsonNode container : containers(podSpec(one(overlay, "Deployment")))) {
        for (String variable : environment(container).keySet()) {
          assertThat(keys.isEnvironmentVariable(variable))
              .as("environment variable %s of %s is a configuration key", variable, overlay)
              .isTrue();
        }
        List<String> args = texts(container.path("args"));
        Set<String> options = options(args.get(0));
        for (String argument : args.subList(1, args.size())) {
          if (argument.startsWith("-")) {
            assertThat(options).as("options of plumbline %s", args.get(0)).contains(argument);
          }
        }
      }
    }
    assertThat(keys.isKey("plumbline.store.passwd")).isFalse();
    assertThat(keys.isEnvironmentVariable("PLUMBLINE_STORE_PASSWD")).isFalse();
  }

  @Test
  void theOperatorsGuideListsEveryAlertWithItsRunbook() throws IOException {
    String guide = Files.readString(OPERATIONS, StandardCharsets.UTF_8);
    int alerts = 0;
    for (JsonNode group : YAML.readTree(KubernetesManifests.ALERT_RULES.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        if (!alert.isEmpty()) {
          alerts++;
          assertThat(guide)
              .contains(
                  "| ["
                      + alert
                      + "](runbooks.md#"
                      + alert.toLowerCase(Locale.ROOT)
                      + ") | "
                      + rule.path("labels").path("severity").asText()
                      + " |");
        }
      }
    }
    assertThat(alerts).isPositive();
  }

  @Test
  void everyYamlFileUnderDeployIsWellFormedWithNoDuplicateKey() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("deploy"))) {
      files = walk.filter(file -> file.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(15);
    for (Path file : files) {
      try (MappingIterator<JsonNode> documents =
          STRICT_YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        assertThat(documents.readAll()).as("documents of %s", file).isNotEmpty();
      }
    }
  }

  private static Set<String> options(String subcommand) {
    for (Class<?> command : PlumblineCommand.class.getAnnotation(Command.class).subcommands()) {
      Command annotation = command.getAnnotation(Command.class);
      if (annotation != null && annotation.name().equals(subcommand)) {
        Set<String> options = new TreeSet<>();
        collectOptions(command, options);
        return options;
      }
    }
    throw new AssertionError("no plumbline command named " + subcommand);
  }

  private static void collectOptions(Class<?> type, Set<String> options) {
    for (Class<?> at = type; at != null && at != Object.class; at = at.getSuperclass()) {
      for (Field field : at.getDeclaredFields()) {
        Option option = field.getAnnotation(Option.class);
        if (option != null) {
          options.addAll(Arrays.asList(option.names()));
        }
        if (field.isAnnotationPresent(Mixin.class)) {
          collectOptions(field.getType(), options);
        }
      }
    }
  }

  /** The configuration the overlay mounts: every YAML file of its plumbline-config ConfigMap. */
  private static JsonNode configuration(String overlay) throws IOException {
    ObjectNode merged = YAML.createObjectNode();
    for (JsonNode file : configMapDocuments(overlay)) {
      merge(merged, file);
    }
    return merged;
  }

  private static Set<String> configurationKeys(String overlay) throws IOException {
    Set<String> keys = new TreeSet<>();
    for (JsonNode file : configMapDocuments(overlay)) {
      keys.addAll(ConfigKeys.flatten(file).keySet());
    }
    return keys;
  }

  private static List<JsonNode> configMapDocuments(String overlay) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    JsonNode data = configMap(overlay).path("data");
    for (String file : (Iterable<String>) data::fieldNames) {
      documents.add(YAML.readTree(data.path(file).asText()));
    }
    return documents;
  }

  private static String configMapFiles(String overlay) {
    return configMap(overlay).path("data").toString();
  }

  private static JsonNode configMap(String overlay) {
    String name =
        volume(podSpec(one(overlay, "Deployment")), "config").at("/configMap/name").asText();
    return named(overlay, "ConfigMap", name);
  }

  private static void merge(ObjectNode into, JsonNode from) {
    from.fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = into.get(field.getKey());
              if (existing instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
              } else {
                into.set(field.getKey(), field.getValue());
              }
            });
  }

  private static JsonNode one(String overlay, String kind) {
    List<JsonNode> found =
        RENDERED.get(overlay).stream()
            .filter(object -> object.path("kind").asText().equals(kind))
            .toList();
    assertThat(found).as("%s objects of overlay %s", kind, overlay).hasSize(1);
    return found.get(0);
  }

  private static JsonNode named(String overlay, String kind, String name) {
    return RENDERED.get(overlay).stream()
        .filter(object -> object.path("kind").asText().equals(kind) && name(object).equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " " + name + " in overlay " + overlay));
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static JsonNode podSpec(JsonNode deployment) {
    return deployment.path("spec").path("template").path("spec");
  }

  /** The plumbline container of a Deployment. */
  private static JsonNode container(JsonNode deployment) {
    for (JsonNode container : podSpec(deployment).path("containers")) {
      if (container.path("name").asText().equals("plumbline")) {
        return container;
      }
    }
    throw new AssertionError("no container plumbline in " + name(deployment));
  }

  private static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> containers = new ArrayList<>();
    pod.path("initContainers").forEach(containers::add);
    pod.path("containers").forEach(containers::add);
    return containers;
  }

  private static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode volume : pod.path("volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError("volume " + volume + " is not mounted");
  }

  private static int containerPort(JsonNode container, String name) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + name);
  }

  private static Map<String, String> environment(JsonNode container) {
    Map<String, String> environment = new HashMap<>();
    for (JsonNode variable : container.path("env")) {
      environment.put(variable.path("name").asText(), variable.path("value").asText(null));
    }
    return environment;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }

  /** Every label the selector asks for is on the object with that value. */
  private static void assertSelects(JsonNode selector, JsonNode labels) {
    assertThat(selector.size()).as("selector %s", selector).isPositive();
    selector
        .fields()
        .forEachRemaining(
            label ->
                assertThat(labels.path(label.getKey()).asText())
                    .as("label %s selected by %s", label.getKey(), selector)
                    .isEqualTo(label.getValue().asText()));
  }
}
