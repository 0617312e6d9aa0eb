package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The Markdown summary of a {@link SoakBenchmark} result. */
final class SoakReport {

  private SoakReport() {}

  static String markdown(JsonNode result) {
    StringBuilder md = new StringBuilder();
    JsonNode options = result.path("options");
    md.append(
        String.format(
            Locale.ROOT,
            "# Soak: %s, %d clients, %s, schedule `%s`, think %d ms, serve heap %s%n%n",
            options.path("scale").asText(),
            options.path("clients").asInt(),
            options.path("duration").asText(),
            options.path("schedule").asText(),
            options.path("think_ms").asLong(),
            options.path("serve_heap").asText()));
    md.append(
        String.format(
            Locale.ROOT,
            "%d cores, Java %s, load average at the end %.2f; run directory `%s`%n%n",
            result.path("cores").asInt(),
            result.path("java").asText(),
            result.path("load_average_at_end").asDouble(),
            result.path("run_directory").asText()));

    md.append("## API latency per endpoint\n\n");
    md.append("| endpoint | requests | errors | p50 (ms) | p99 (ms) | max (ms) |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    result
        .path("endpoints")
        .properties()
        .iterator()
        .forEachRemaining(
            entry -> {
              JsonNode e = entry.getValue();
              String name = entry.getKey().equals("all") ? "**all**" : "`" + entry.getKey() + "`";
              md.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %,d | %d | %.1f | %.1f | %.1f |%n",
                      name,
                      e.path("requests").asLong(),
                      e.path("errors").asLong(),
                      e.path("p50_ms").asDouble(),
                      e.path("p99_ms").asDouble(),
                      e.path("max_ms").asDouble()));
            });

    md.append("\n## All endpoints per 10-minute window\n\n");
    md.append("| from minute | requests | errors | p50 (ms) | p99 (ms) | max (ms) |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (JsonNode w : result.path("windows")) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %d | %.1f | %.1f | %.1f |%n",
              w.path("from_minute").asLong(),
              w.path("requests").asLong(),
              w.path("errors").asLong(),
              w.path("p50_ms").asDouble(),
              w.path("p99_ms").asDouble(),
              w.path("max_ms").asDouble()));
    }
    if (result.path("error_examples").size() > 0) {
      md.append("\n## Errors\n\n| count | error |\n| ---: | --- |\n");
      for (JsonNode e : result.path("error_examples")) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %s |%n",
                e.path("count").asLong(),
                e.path("error").asText().replace('|', '/').replace('\n', ' ')));
      }
    }

    if (result.path("monitor_errors").size() > 0) {
      md.append("\n## Monitor errors (the benchmark's own polling)\n\n");
      for (JsonNode e : result.path("monitor_errors")) {
        md.append("- ").append(e.asText().replace('\n', ' ')).append('\n');
      }
    }
    md.append("\n## Scans, and the service right after each (full GC forced)\n\n");
    md.append(
        "| seq | status | started (UTC) | duration (s) | gap to previous start (s) | FAIL"
            + " | heap after GC (MiB) | metaspace (MiB) | threads | fds | TCP sockets | RSS (MiB) | store (MB)"
            + " | data dir (MB) |\n");
    md.append(
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---:"
            + " |\n");
    String previousStart = null;
    List<Double> heaps = new ArrayList<>();
    List<Double> metaspaces = new ArrayList<>();
    List<Double> durations = new ArrayList<>();
    List<Double> storeGrowth = new ArrayList<>();
    List<Double> dataGrowth = new ArrayList<>();
    double previousStore = -1;
    double previousData = -1;
    for (JsonNode scan : result.path("scans")) {
      JsonNode gc = scan.path("afterGc");
      String started = scan.path("startedAt").asText();
      double gap =
          previousStart == null
              ? -1
              : java.time.Duration.between(
                          java.time.Instant.parse(previousStart), java.time.Instant.parse(started))
                      .toMillis()
                  / 1000.0;
      previousStart = started;
      double heap = gc.path("heapUsedKib").asLong() / 1024.0;
      double store = scan.path("storeBytes").asLong() / 1e6;
      double data = scan.path("dataBytes").asLong() / 1e6;
      heaps.add(heap);
      metaspaces.add(gc.path("metaspaceUsedKib").asLong() / 1024.0);
      durations.add(scan.path("duration_seconds").asDouble());
      if (previousStore >= 0) {
        storeGrowth.add(store - previousStore);
        dataGrowth.add(data - previousData);
      }
      previousStore = store;
      previousData = data;
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s%s | %s | %.1f | %s | %,d | %.0f | %.0f | %d | %d | %s | %.0f | %.1f | %.1f |%n",
              scan.path("seq").asLong(),
              scan.path("status").asText(),
              scan.path("error").isNull() || scan.path("error").isMissingNode()
                  ? ""
                  : " (" + scan.path("error").asText().replace('|', '/') + ")",
              started.length() >= 19 ? started.substring(11, 19) : started,
              scan.path("duration_seconds").asDouble(),
              gap < 0 ? "" : String.format(Locale.ROOT, "%.0f", gap),
              scan.path("fails").asLong(),
              heap,
              gc.path("metaspaceUsedKib").asLong() / 1024.0,
              gc.path("threads").asInt(),
              gc.path("fileDescriptors").asInt(),
              connections(gc.path("connections")),
              gc.path("rssKib").asLong() / 1024.0,
              store,
              data));
    }
    md.append(
        "\n## Summary\n\n| measure | first | last | min | max |\n| --- | ---: | ---: | ---: | ---: |\n");
    row(md, "heap after full GC per scan (MiB)", heaps);
    row(md, "metaspace after each scan (MiB)", metaspaces);
    row(md, "scan duration (s)", durations);
    row(md, "store growth per scan (MB)", storeGrowth);
    row(md, "data directory growth per scan (MB)", dataGrowth);
    List<Double> threads = new ArrayList<>();
    List<Double> fds = new ArrayList<>();
    List<Double> sockets = new ArrayList<>();
    for (JsonNode sample : result.path("process_samples")) {
      threads.add(sample.path("threads").asDouble());
      fds.add(sample.path("fileDescriptors").asDouble());
      double total = 0;
      for (JsonNode count : sample.path("connections")) {
        total += count.asDouble();
      }
      sockets.add(total);
    }
    row(md, "threads (every 15 s)", threads);
    row(md, "open file descriptors (every 15 s)", fds);
    row(md, "TCP sockets (every 15 s)", sockets);
    md.append("\n| point | heap after GC (MiB) | threads | fds | TCP sockets |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    for (Map.Entry<String, String> point :
        Map.of(
                "before_load", "first scan stored, before the load",
                "after_load", "end of the load",
                "after_quiet_minute", "a quiet minute later")
            .entrySet()
            .stream()
            .sorted(
                Map.Entry.comparingByKey(
                    new java.util.Comparator<String>() {
                      private final List<String> order =
                          List.of("before_load", "after_load", "after_quiet_minute");

                      @Override
                      public int compare(String a, String b) {
                        return Integer.compare(order.indexOf(a), order.indexOf(b));
                      }
                    }))
            .toList()) {
      JsonNode p = result.path(point.getKey());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %d | %d | %s |%n",
              point.getValue(),
              p.path("heapUsedKib").asLong() / 1024.0,
              p.path("threads").asInt(),
              p.path("fileDescriptors").asInt(),
              connections(p.path("connections"))));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nservice: %s; exit code after SIGTERM: %d%n",
            result.path("service").asText(),
            result.path("serve_exit_after_sigterm").asInt()));
    return md.toString();
  }

  private static void row(StringBuilder md, String name, List<Double> values) {
    if (values.isEmpty()) {
      md.append("| ").append(name).append(" | | | | |\n");
      return;
    }
    TreeSet<Double> sorted = new TreeSet<>(values);
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.1f | %.1f |%n",
            name,
            values.get(0),
            values.get(values.size() - 1),
            sorted.first(),
            sorted.last()));
  }

  private static String connections(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    counts
        .properties()
        .iterator()
        .forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asInt()));
    return String.join(", ", parts);
  }
}
