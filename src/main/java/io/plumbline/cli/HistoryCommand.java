package io.plumbline.cli;

import io.plumbline.audit.TimeArguments;
import io.plumbline.audit.Views;
import io.plumbline.model.Verdict;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleEvent;
import io.plumbline.store.LifecycleEventKind;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Show the stored scans (each with its scan_id) and the findings' lifecycles: new,"
          + " persisting, resolved, reopened, with first seen, last seen and resolved at.",
      "With --finding, one finding's lifecycle scan by scan."
    })
@Dependent
@Unremovable
public class HistoryCommand implements Callable<Integer> {

  private final StoreConfig storeConfig;

  @Spec private CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--finding", paramLabel = "FINGERPRINT", description = "One finding's history.")
  String fingerprint;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only scans (and lifecycle changes) since DATE: YYYY-MM-DD or an ISO time.")
  String since;

  @Inject
  public HistoryCommand(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() throws Exception {
    boolean json =
        switch (format) {
          case "json" -> true;
          case "text" -> false;
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--format: invalid value \"" + format + "\", expected text or json");
        };
    Optional<Instant> from = Optional.empty();
    if (since != null) {
      try {
        from = Optional.of(TimeArguments.parseSince(since));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Store opened = store.openExisting(storeConfig)) {
      if (fingerprint != null) {
        List<Lifecycle> lifecycles = opened.lifecycles(LifecycleFilter.ofFingerprint(fingerprint));
        if (lifecycles.isEmpty()) {
          throw new ParameterException(
              spec.commandLine(), "--finding: no finding with fingerprint " + fingerprint);
        }
        List<LifecycleEvent> events = opened.history(fingerprint);
        if (json) {
          Optional<Instant> cut = from;
          List<LifecycleEvent> shown =
              events.stream()
                  .filter(event -> cut.isEmpty() || !event.at().isBefore(cut.get()))
                  .toList();
          // the shape of GET /api/v1/findings/{fingerprint}
          out.println(
              Views.JSON.writeValueAsString(Views.LifecycleView.of(lifecycles.get(0), shown)));
        } else {
          printLifecycle(out, lifecycles.get(0));
          out.println();
          out.println("scan by scan:");
          for (LifecycleEvent event : events) {
            if (from.isPresent() && event.at().isBefore(from.get())) {
              continue;
            }
            out.printf(
                "  %-4d %-36s %s  %-10s %s%n",
                event.seq(),
                event.scanId(),
                seconds(event.at()),
                lower(event.kind()),
                event.verdict().map(HistoryCommand::lower).orElse(""));
          }
        }
        out.flush();
        return ExitCodes.SUCCESS;
      }
      List<ScanSummary> scans = opened.scans(from);
      List<Lifecycle> lifecycles = opened.lifecycles(LifecycleFilter.all());
      Optional<Instant> cut = from;
      List<Lifecycle> shown =
          lifecycles.stream()
              .filter(lifecycle -> cut.isEmpty() || !lifecycle.lastSeenAt().isBefore(cut.get()))
              .toList();
      if (json) {
        // the shapes of GET /api/v1/scans and GET /api/v1/lifecycles
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scans", scans.stream().map(Views.Scan::of).toList());
        root.put(
            "lifecycles",
            shown.stream().map(lifecycle -> Views.LifecycleView.of(lifecycle, List.of())).toList());
        out.println(Views.JSON.writeValueAsString(root));
      } else {
        printScans(out, scans);
        out.println();
        printLifecycles(out, shown);
      }
      out.flush();
      return ExitCodes.SUCCESS;
    }
  }

  private static void printScans(PrintWriter out, List<ScanSummary> scans) {
    out.printf("%d scan(s)%n", scans.size());
    out.printf(
        "  %-4s %-36s %-20s %-10s %9s %6s %7s %6s %5s %8s  %s%n",
        "seq",
        "scan_id",
        "finished_at",
        "status",
        "resources",
        "fail",
        "unknown",
        "waived",
        "new",
        "resolved",
        "hash");
    for (ScanSummary scan : scans) {
      out.printf(
          "  %-4d %-36s %-20s %-10s %9d %6d %7d %6d %5d %8d  %s%n",
          scan.seq(),
          scan.scanId(),
          seconds(scan.finishedAt()),
          lower(scan.status()),
          scan.resourceCount(),
          scan.findings(Verdict.FAIL),
          scan.findings(Verdict.UNKNOWN),
          scan.findings(Verdict.WAIVED),
          scan.events(LifecycleEventKind.NEW) + scan.events(LifecycleEventKind.REOPENED),
          scan.events(LifecycleEventKind.RESOLVED),
          scan.rowHash().substring(0, Math.min(19, scan.rowHash().length())));
      scan.error().ifPresent(error -> out.printf("       %s%n", error));
    }
  }

  private static void printLifecycles(PrintWriter out, List<Lifecycle> lifecycles) {
    long open = lifecycles.stream().filter(Lifecycle::isOpen).count();
    out.printf(
        "%d finding lifecycle(s): %d open, %d resolved%n",
        lifecycles.size(), open, lifecycles.size() - open);
    for (Lifecycle lifecycle : lifecycles) {
      out.printf(
          "  %-8s %-8s %-14s %-9s %s%s  first %s  last %s%s  %s%n",
          lower(lifecycle.state()),
          lower(lifecycle.severity()),
          lifecycle.ruleId(),
          lifecycle.lastVerdict().map(HistoryCommand::lower).orElse("-"),
          lifecycle.resourceAddress(),
          lifecycle.attribute().map(attribute -> " " + attribute).orElse(""),
          seconds(lifecycle.firstSeenAt()),
          seconds(lifecycle.lastSeenAt()),
          lifecycle.resolvedAt().map(at -> "  resolved " + seconds(at)).orElse(""),
          lifecycle.fingerprint());
    }
  }

  private static void printLifecycle(PrintWriter out, Lifecycle lifecycle) {
    out.printf("finding    %s%n", lifecycle.fingerprint());
    out.printf("rule       %s (%s)%n", lifecycle.ruleId(), lower(lifecycle.severity()));
    out.printf(
        "resource   %s%s%n",
        lifecycle.resourceAddress(),
        lifecycle.attribute().map(attribute -> " " + attribute).orElse(""));
    out.printf(
        "state      %s%s, last verdict %s%n",
        lower(lifecycle.state()),
        lifecycle.waived() ? " (waived)" : "",
        lifecycle.lastVerdict().map(HistoryCommand::lower).orElse("-"));
    out.printf("first seen %s in %s%n", lifecycle.firstSeenAt(), lifecycle.firstSeenScan());
    out.printf("last seen  %s in %s%n", lifecycle.lastSeenAt(), lifecycle.lastSeenScan());
    lifecycle
        .resolvedAt()
        .ifPresent(
            at -> out.printf("resolved   %s in %s%n", at, lifecycle.resolvedScan().orElse("?")));
    out.printf("reopened   %d time(s)%n", lifecycle.reopenCount());
  }

  /** Text output shows whole seconds; JSON keeps the stored precision. */
  private static Instant seconds(Instant at) {
    return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
