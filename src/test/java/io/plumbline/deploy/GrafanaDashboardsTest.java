package io.plumbline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboards query only what docs/metrics.md documents, in valid PromQL. */
class GrafanaDashboardsTest {

  private static final Path DASHBOARDS = Path.of("dashboards");

  /** Grafana's variables, replaced by values PromQL accepts so that promtool can parse a query. */
  private static final Map<String, String> VARIABLES =
      Map.of("$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h", "$job", "plumbline");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyDashboardQueryReferencesOnlyDocumentedMetrics() throws IOException {
    MetricsDoc doc = MetricsDoc.load();

    for (Query query : queries()) {
      Set<String> metrics = MetricsDoc.metricsIn(query.text());
      assertThat(metrics)
          .as("plumbline metrics in %s: %s", query.where(), query.text())
          .isNotEmpty();
      assertThat(metrics.stream().filter(metric -> !doc.documents(metric)).toList())
          .as("metrics of %s not documented in %s", query.where(), MetricsDoc.PATH)
          .isEmpty();
    }
  }

  @Test
  void everyPanelQueryIsValidPromql(@TempDir Path directory) throws Exception {
    ObjectNode rules = new ObjectMapper(new YAMLFactory()).createObjectNode();
    ObjectNode group = rules.putArray("groups").addObject().put("name", "dashboards");
    ArrayNode records = group.putArray("rules");
    int number = 0;
    for (Query query : queries()) {
      if (query.text().startsWith("label_values(")) {
        continue; // a Grafana function, not PromQL
      }
      number++;
      records
          .addObject()
          .put("record", "dashboard:query_" + number)
          .put("expr", grafana(query.text()));
    }
    assertThat(number).isPositive();
    Path file = directory.resolve("dashboard-queries.yml");
    new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), rules);

    Tool.PROMTOOL.run("check", "rules", file.toString()).assertSucceeded();
  }

  @Test
  void everyDashboardHasItsOwnUidAndUniquePanelIds() throws IOException {
    Set<String> uids = new HashSet<>();
    for (Path file : dashboardFiles()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      assertThat(dashboard.path("uid").asText()).as("uid of %s", file).isNotBlank();
      assertThat(uids.add(dashboard.path("uid").asText())).as("uid of %s is unique", file).isTrue();
      List<Integer> ids = new ArrayList<>();
      dashboard.path("panels").forEach(panel -> ids.add(panel.path("id").asInt()));
      assertThat(ids).as("panel ids of %s", file).doesNotHaveDuplicates();
    }
  }

  private record Query(String where, String text) {}

  /** Every query of every dashboard: panel targets and query variables. */
  private static List<Query> queries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      collectTargets(file.toString(), dashboard.path("panels"), queries);
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if ("query".equals(variable.path("type").asText())) {
          JsonNode query = variable.path("query");
          queries.add(
              new Query(
                  file + " > variable " + variable.path("name").asText(),
                  query.isTextual() ? query.asText() : query.path("query").asText()));
        }
      }
    }
    assertThat(queries).as("queries of the dashboards in %s", DASHBOARDS).isNotEmpty();
    return queries;
  }

  /** Panels, and the panels of rows, with their targets' {@code expr}. */
  private static void collectTargets(String where, JsonNode panels, List<Query> into) {
    for (JsonNode panel : panels) {
      String panelWhere = where + " > " + panel.path("title").asText();
      for (JsonNode target : panel.path("targets")) {
        if (target.has("expr")) {
          into.add(
              new Query(
                  panelWhere + " > " + target.path("refId").asText(),
                  target.path("expr").asText()));
        }
      }
      collectTargets(where, panel.path("panels"), into);
    }
  }

  private static List<Path> dashboardFiles() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<Path> dashboards =
          files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
      assertThat(dashboards).as("dashboards in %s", DASHBOARDS).isNotEmpty();
      return dashboards;
    }
  }

  private static String grafana(String query) {
    String promql = query;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      promql = promql.replace(variable.getKey(), variable.getValue());
    }
    return promql;
  }
}
