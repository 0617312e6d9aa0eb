package io.plumbline.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metrics docs/metrics.md documents, from its table of metric, type and labels. */
final class MetricsDoc {

  static final Path PATH = Path.of("docs/metrics.md");

  /** A plumbline metric name anywhere in a query, including a histogram's series suffixes. */
  static final Pattern METRIC_NAME = Pattern.compile("\\bplumbline_[a-z0-9_]+");

  private static final Pattern TABLE_ROW =
      Pattern.compile(
          "^\\|\\s*`(plumbline_[a-z0-9_]+)`\\s*\\|\\s*(counter|gauge|histogram)\\s*\\|");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(bucket|sum|count)");

  private final Map<String, String> typeByMetric;

  private MetricsDoc(Map<String, String> typeByMetric) {
    this.typeByMetric = Map.copyOf(typeByMetric);
  }

  static MetricsDoc load() throws IOException {
    Map<String, String> typeByMetric = new TreeMap<>();
    for (String line : Files.readAllLines(PATH)) {
      Matcher row = TABLE_ROW.matcher(line);
      if (row.find()) {
        typeByMetric.put(row.group(1), row.group(2));
      }
    }
    return new MetricsDoc(typeByMetric);
  }

  Set<String> metrics() {
    return new TreeSet<>(typeByMetric.keySet());
  }

  /** Whether a series name is a documented metric, or a bucket, sum or count of a histogram. */
  boolean documents(String seriesName) {
    if (typeByMetric.containsKey(seriesName)) {
      return true;
    }
    Matcher series = HISTOGRAM_SERIES.matcher(seriesName);
    return series.matches() && "histogram".equals(typeByMetric.get(series.group(1)));
  }

  /** The plumbline metric names a PromQL expression refers to. */
  static Set<String> metricsIn(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC_NAME.matcher(expression);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }
}
