package io.plumbline.export.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * /q/metrics on the management interface, in the Prometheus text format 0.0.4.
 *
 * <p>The registry's own writer names a counter's HELP and TYPE lines after the family ({@code
 * plumbline_scans}) and its samples with {@code _total}; Prometheus accepts that, but in the 0.0.4
 * format the lines must name the samples, and {@code promtool check metrics} reports every such
 * counter as having no help text. This endpoint serves the same scrape with those lines renamed.
 * Micrometer's own endpoint moves to /q/micrometer.
 */
@ApplicationScoped
public class MetricsEndpoint {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  void route(@Observes ManagementInterface management, PrometheusMeterRegistry registry) {
    management
        .router()
        .get("/q/metrics")
        .handler(
            context ->
                context
                    .vertx()
                    .executeBlocking(() -> exposition(registry.scrape()))
                    .onComplete(
                        result -> {
                          if (result.succeeded()) {
                            context
                                .response()
                                .putHeader("Content-Type", CONTENT_TYPE)
                                .end(result.result());
                          } else {
                            context.fail(result.cause());
                          }
                        }));
  }

  /** Renames the HELP and TYPE lines of counter families to their samples' {@code _total}. */
  static String exposition(String scrape) {
    List<String> lines = scrape.lines().toList();
    List<String> fixed = new ArrayList<>(lines.size());
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index);
      if (line.startsWith("# HELP ")
          && index + 1 < lines.size()
          && isCounterType(lines.get(index + 1), familyOf(line))) {
        String family = familyOf(line);
        fixed.add("# HELP " + family + "_total" + line.substring(("# HELP " + family).length()));
        fixed.add("# TYPE " + family + "_total counter");
        index++;
      } else if (line.startsWith("# TYPE ") && line.endsWith(" counter")) {
        String family = line.substring("# TYPE ".length(), line.length() - " counter".length());
        fixed.add(family.endsWith("_total") ? line : "# TYPE " + family + "_total counter");
      } else {
        fixed.add(line);
      }
    }
    return String.join("\n", fixed) + "\n";
  }

  private static String familyOf(String helpLine) {
    String rest = helpLine.substring("# HELP ".length());
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }

  private static boolean isCounterType(String line, String family) {
    return line.equals("# TYPE " + family + " counter") && !family.endsWith("_total");
  }
}
