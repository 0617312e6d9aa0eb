package io.plumbline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules, their promtool unit tests, the example Prometheus and Alertmanager
 * configurations, and what they promise each other: every alert tested, every runbook link
 * resolving, every metric documented. promtool and amtool are required, not optional: CI installs
 * them (Debian packages {@code prometheus} and {@code prometheus-alertmanager}).
 */
class PrometheusRulesTest {

  private static final Path RULES = Path.of("deploy/prometheus/plumbline-alerts.yml");
  private static final Path RULE_TESTS = Path.of("deploy/prometheus/plumbline-alerts.test.yml");
  private static final Path PROMETHEUS_CONFIG = Path.of("deploy/prometheus/prometheus.yml");
  private static final Path ALERTMANAGER_CONFIG = Path.of("deploy/prometheus/alertmanager.yml");
  private static final Path RUNBOOKS = Path.of("docs/runbooks.md");
  private static final String RUNBOOK_URL =
      "https://github.com/plumbline/plumbline/blob/main/docs/runbooks.md#";
  private static final Set<String> ALERT_SEVERITIES = Set.of("page", "ticket");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theAlertRulesPassPromtoolCheck() throws Exception {
    Tool.PROMTOOL.run("check", "rules", RULES.toString()).assertSucceeded();
  }

  @Test
  void theAlertRulesPassTheirPromtoolUnitTests() throws Exception {
    Tool.PROMTOOL.run("test", "rules", RULE_TESTS.toString()).assertSucceeded();
  }

  @Test
  void theExamplePrometheusConfigurationPassesPromtoolCheck() throws Exception {
    Tool.PROMTOOL.run("check", "config", PROMETHEUS_CONFIG.toString()).assertSucceeded();
  }

  @Test
  void theExampleAlertmanagerConfigurationPassesAmtoolCheck() throws Exception {
    Tool.AMTOOL.run("check-config", ALERTMANAGER_CONFIG.toString()).assertSucceeded();
  }

  @Test
  void theExamplePrometheusConfigurationScrapesTheJobTheRulesSelect() throws Exception {
    JsonNode config = YAML.readTree(PROMETHEUS_CONFIG.toFile());

    assertThat(textValues(config.path("rule_files")))
        .containsExactly(RULES.getFileName().toString());
    JsonNode job = null;
    for (JsonNode scrape : config.path("scrape_configs")) {
      if ("plumbline".equals(scrape.path("job_name").asText())) {
        job = scrape;
      }
    }
    assertThat(job).as("a scrape config with job_name plumbline").isNotNull();
    assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
    assertThat(job.path("static_configs").get(0).path("targets").get(0).asText()).endsWith(":9000");
  }

  @Test
  void everyAlertHasATestCaseWhereItFiresAndOneWhereItDoesNot() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
      for (JsonNode alertTest : test.path("alert_rule_test")) {
        String alert = alertTest.path("alertname").asText();
        if (alertTest.path("exp_alerts").isEmpty()) {
          silent.add(alert);
        } else {
          firing.add(alert);
        }
      }
    }

    Set<String> alerts = alerts().keySet();
    assertThat(alerts).isNotEmpty();
    assertThat(firing).as("alerts with a test case expecting them to fire").containsAll(alerts);
    assertThat(silent).as("alerts with a test case expecting them not to fire").containsAll(alerts);
    assertThat(alerts)
        .as("alerts the test file names exist")
        .containsAll(firing)
        .containsAll(silent);
  }

  @Test
  void everyAlertHasAPageOrTicketSeverityASummaryADescriptionAndARunbook() throws IOException {
    alerts()
        .forEach(
            (alert, rule) -> {
              assertThat(rule.path("labels").path("severity").asText())
                  .as("severity of %s", alert)
                  .isIn(ALERT_SEVERITIES);
              JsonNode annotations = rule.path("annotations");
              assertThat(annotations.path("summary").asText())
                  .as("summary of %s", alert)
                  .isNotBlank();
              assertThat(annotations.path("description").asText())
                  .as("description of %s", alert)
                  .isNotBlank();
              assertThat(annotations.path("runbook_url").asText())
                  .as("runbook_url of %s", alert)
                  .isEqualTo(RUNBOOK_URL + alert.toLowerCase(Locale.ROOT));
            });
  }

  @Test
  void everyRunbookUrlPointsAtASectionOfTheRunbooks() throws IOException {
    Set<String> anchors = anchors(RUNBOOKS);

    alerts()
        .forEach(
            (alert, rule) -> {
              String url = rule.path("annotations").path("runbook_url").asText();
              assertThat(url).as("runbook_url of %s", alert).startsWith(RUNBOOK_URL);
              assertThat(anchors)
                  .as("sections of %s, for the runbook_url of %s", RUNBOOKS, alert)
                  .contains(url.substring(RUNBOOK_URL.length()));
            });
  }

  @Test
  void everyRuleQueriesOnlyDocumentedMetrics() throws IOException {
    MetricsDoc doc = MetricsDoc.load();
    assertThat(doc.metrics()).isNotEmpty();

    alerts()
        .forEach(
            (alert, rule) -> {
              Set<String> metrics = MetricsDoc.metricsIn(rule.path("expr").asText());
              assertThat(metrics.stream().filter(metric -> !doc.documents(metric)).toList())
                  .as("metrics of %s not documented in %s", alert, MetricsDoc.PATH)
                  .isEmpty();
            });
  }

  /** The alerting rules of the rules file, by alert name. */
  private static Map<String, JsonNode> alerts() throws IOException {
    Map<String, JsonNode> alerts = new TreeMap<>();
    for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          JsonNode previous = alerts.put(rule.path("alert").asText(), rule);
          assertThat(previous).as("second rule for alert %s", rule.path("alert").asText()).isNull();
        }
      }
    }
    return alerts;
  }

  private static List<String> textValues(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** The anchors GitHub gives the headings of a Markdown file. */
  private static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new TreeSet<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!inCode && heading.matches()) {
        anchors.add(anchor(heading.group(2)));
      }
    }
    return anchors;
  }

  private static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
