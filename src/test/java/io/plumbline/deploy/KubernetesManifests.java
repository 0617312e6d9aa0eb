package io.plumbline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * deploy/kubernetes/: its overlays as {@code kubectl kustomize} renders them, and the two files of
 * its base that are generated from elsewhere in the repository (the PrometheusRule from the alert
 * rules, the Grafana dashboards' ConfigMap from dashboards/), so that neither can drift from its
 * source.
 */
final class KubernetesManifests {

  static final Path ROOT = Path.of("deploy/kubernetes");
  static final Path BASE = ROOT.resolve("base");
  static final List<String> OVERLAYS = List.of("dev", "prod");
  static final Path PROMETHEUS_RULE = BASE.resolve("prometheusrule.yaml");
  static final Path GRAFANA_DASHBOARDS = BASE.resolve("grafana-dashboard.yaml");
  static final Path ALERT_RULES = Path.of("deploy/prometheus/plumbline-alerts.yml");
  static final Path DASHBOARDS = Path.of("dashboards");

  /** The label the Grafana sidecar of kube-prometheus-stack looks for, with its default value. */
  static final String GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

  static final String REGENERATE =
      "regenerate with ./mvnw test -Dtest=KubernetesManifestsTest -Dplumbline.regenerate=true"
          + " and review the diff";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final YAMLMapper WRITER =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private KubernetesManifests() {}

  /** The objects {@code kubectl kustomize} renders for an overlay, in its order. */
  static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
    String rendered =
        Tool.KUBECTL.output("kustomize", ROOT.resolve("overlays/" + overlay).toString());
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(rendered)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          objects.add(document);
        }
      }
    }
    return objects;
  }

  /** The PrometheusRule whose groups are those of deploy/prometheus/plumbline-alerts.yml. */
  static String prometheusRule() throws IOException {
    ObjectNode rule = WRITER.createObjectNode();
    rule.put("apiVersion", "monitoring.coreos.com/v1");
    rule.put("kind", "PrometheusRule");
    ObjectNode metadata = rule.putObject("metadata");
    metadata.put("name", "plumbline");
    metadata.putObject("labels").put("app.kubernetes.io/name", "plumbline");
    rule.putObject("spec").set("groups", YAML.readTree(ALERT_RULES.toFile()).path("groups"));
    return header(ALERT_RULES) + WRITER.writeValueAsString(rule);
  }

  /** One ConfigMap holding every dashboard of dashboards/, for the Grafana sidecar. */
  static String grafanaDashboards() throws IOException {
    ObjectNode configMap = WRITER.createObjectNode();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    ObjectNode metadata = configMap.putObject("metadata");
    metadata.put("name", "plumbline-dashboards");
    metadata
        .putObject("labels")
        .put("app.kubernetes.io/name", "plumbline")
        .put(GRAFANA_DASHBOARD_LABEL, "1");
    ObjectNode data = configMap.putObject("data");
    for (Path dashboard : dashboards()) {
      data.put(
          dashboard.getFileName().toString(),
          Files.readString(dashboard, StandardCharsets.UTF_8).strip() + "\n");
    }
    return header(DASHBOARDS) + WRITER.writeValueAsString(configMap);
  }

  static List<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static String header(Path source) {
    return "# Generated from "
        + source
        + " by KubernetesManifestsTest: do not edit; "
        + REGENERATE
        + ".\n";
  }
}
