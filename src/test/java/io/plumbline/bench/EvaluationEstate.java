package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.audit.ScanService;
import io.plumbline.baseline.BaselineComparator;
import io.plumbline.baseline.BaselineYaml;
import io.plumbline.baseline.Baselines;
import io.plumbline.baseline.LiveBaseline;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.model.Coverage;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.BaselineDrift;
import io.plumbline.policy.facts.Fact;
import io.plumbline.sandbox.Estate;
import io.plumbline.sandbox.EstateLoader;
import io.plumbline.sandbox.SandboxOptions;
import io.plumbline.sandbox.SandboxServer;
import io.plumbline.sandbox.ScaleEstateGenerator;
import io.plumbline.sandbox.ScaleEstateGenerator.Scale;
import io.plumbline.snapshot.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The input of the evaluation benchmark, made once and kept under {@code target/bench/}: a scale
 * estate served by an in-process sandbox (rate limits off, client-side limiter off: collection
 * speed is not measured here) is collected, every scope of that snapshot is accepted as a baseline
 * (what {@code plumbline baseline accept} does, one file per scope), a few hundred drifts are
 * PATCHed into the estate ({@link DriftPatch}) and the estate is collected again. The second
 * snapshot and the accepted baselines are what the benchmark evaluates.
 *
 * <pre>
 * DIR/snapshot.json.gz             the drifted snapshot
 * DIR/policies/baselines/*.yaml    one accepted baseline per scope (account, aws, each workspace)
 * DIR/policies/frameworks/*.yaml   copied from the repository's policies/frameworks
 * DIR/prepare.json                 what was made and how long it took
 * </pre>
 */
final class EvaluationEstate {

  static final String PREPARED = "prepare.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private EvaluationEstate() {}

  static boolean isPrepared(Path data) {
    return Files.isRegularFile(data.resolve(PREPARED))
        && Files.isRegularFile(data.resolve(SnapshotFiles.FILE_NAME))
        && Files.isDirectory(data.resolve("policies").resolve("baselines"));
  }

  static ObjectNode read(Path data) throws IOException {
    return (ObjectNode) JSON.readTree(data.resolve(PREPARED).toFile());
  }

  /** Makes the snapshot and baselines in {@code data} (emptied first) and describes them. */
  static ObjectNode prepare(Scale scale, long seed, int drifts, Path data, Path frameworks)
      throws Exception {
    deleteRecursively(data);
    Files.createDirectories(data);
    ObjectNode info = JSON.createObjectNode();
    info.put("prepared_at", Instant.now().toString());
    info.put("scale", scale.workspaces() + "," + scale.groups() + "," + scale.users());
    info.put("seed", seed);

    long start = System.nanoTime();
    Estate estate =
        EstateLoader.fromDocument(ScaleEstateGenerator.generate(scale, seed), "scale estate");
    info.put("estate_millis", millisSince(start));
    log("estate generated and loaded in %d ms", info.path("estate_millis").asLong());

    try (SandboxServer server =
        SandboxServer.start(SandboxOptions.of(estate).withRateLimits(false).withSeed(seed))) {
      URI host = server.host();
      JsonNode sandboxInfo = getJson(host, "/_sandbox/info");
      CollectPlan plan = unthrottled(host, sandboxInfo);
      log("sandbox on %s, rate limits off", host);

      Snapshot accepted = collect(plan, "the snapshot to accept", info.putObject("accepted"));
      if (!accepted.failedCoverage().isEmpty()) {
        throw new IllegalStateException(
            accepted.failedCoverage().size() + " reads failed: cannot accept the snapshot");
      }

      // what `plumbline baseline accept --scope S` writes, for every scope S of the snapshot
      Path policies = data.resolve("policies");
      Path baselineDirectory = policies.resolve("baselines");
      start = System.nanoTime();
      TreeSet<Scope> scopes = new TreeSet<>();
      accepted.coverage().stream().map(Coverage::scope).forEach(scopes::add);
      long bytes = 0;
      for (Scope scope : scopes) {
        Path file = baselineDirectory.resolve(scope.kind().label() + "-" + scope.id() + ".yaml");
        BaselineYaml.write(
            file,
            LiveBaseline.accept(accepted, scope),
            "Accepted by the evaluation benchmark from snapshot "
                + accepted.id()
                + ", scope "
                + scope
                + ".");
        bytes += Files.size(file);
      }
      ObjectNode baselineInfo = info.putObject("baselines");
      baselineInfo.put("files", scopes.size());
      baselineInfo.put("bytes", bytes);
      baselineInfo.put("accept_millis", millisSince(start));
      log(
          "accepted %d scopes into %d baseline files (%d bytes)",
          scopes.size(), scopes.size(), bytes);

      // round trip: the snapshot the baselines were accepted from has no drift from them
      start = System.nanoTime();
      List<Fact> selfDrift = BaselineComparator.driftFacts(accepted, Baselines.load(policies));
      baselineInfo.put("self_check_millis", millisSince(start));
      baselineInfo.put("drift_facts_against_accepted_snapshot", selfDrift.size());
      baselineInfo.set("drift_against_accepted_snapshot_by_kind", driftSummary(selfDrift));
      log("drift facts against the accepted snapshot itself: %d", selfDrift.size());
      accepted = null; // let the first snapshot go before the second is collected

      DriftPatch patch = DriftPatch.build(estate.document(), seed, drifts, Instant.now());
      start = System.nanoTime();
      send(
          HttpRequest.newBuilder(host.resolve("/_sandbox/estate"))
              .method(
                  "PATCH",
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(patch.operations()))));
      ObjectNode driftInfo = info.putObject("drifts");
      driftInfo.put("operations", patch.operations().size());
      driftInfo.set("by_kind", JSON.valueToTree(patch.countsByKind()));
      driftInfo.put("patch_millis", millisSince(start));
      log("PATCHed %d drifts into the estate: %s", patch.operations().size(), patch.countsByKind());

      ObjectNode snapshotInfo = info.putObject("snapshot");
      Snapshot drifted = collect(plan, "the drifted snapshot", snapshotInfo);
      start = System.nanoTime();
      SnapshotFiles.write(data, drifted);
      snapshotInfo.put("write_millis", millisSince(start));
      snapshotInfo.put("file_bytes", Files.size(data.resolve(SnapshotFiles.FILE_NAME)));
    }

    if (Files.isDirectory(frameworks)) {
      Path target = data.resolve("policies").resolve("frameworks");
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(frameworks)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          Files.copy(file, target.resolve(file.getFileName()));
        }
      }
      info.put("frameworks", frameworks.toString());
    }
    Files.writeString(data.resolve(PREPARED), JSON.writeValueAsString(info));
    return info;
  }

  /** The sandbox plan with the client-side limiter off (rate 0 = unlimited for every family). */
  static CollectPlan unthrottled(URI host, JsonNode sandboxInfo) {
    CollectPlan plan =
        CollectPlan.forSandbox(
            host, sandboxInfo, CollectionRun.Settings.defaults(), Duration.ofSeconds(30));
    Map<String, Double> off = new HashMap<>();
    DatabricksCollector.publishedRateLimits().keySet().forEach(family -> off.put(family, 0.0));
    return new CollectPlan(plan.databricks(), plan.aws(), plan.settings(), off, plan.callTimeout());
  }

  static Snapshot collect(CollectPlan plan, String what, ObjectNode info) {
    long start = System.nanoTime();
    Snapshot snapshot = new ScanService().collect(plan, progress -> {});
    info.put("scan_millis", millisSince(start));
    info.put("id", snapshot.id());
    info.put("taken_at", snapshot.takenAt().toString());
    info.put("resources", snapshot.resources().size());
    info.put("coverage_rows", snapshot.coverage().size());
    info.put("failed_coverage_rows", snapshot.failedCoverage().size());
    info.put("api_calls", snapshot.stats().apiCalls());
    info.set("resources_by_type", JSON.valueToTree(snapshot.countsByType()));
    log(
        "collected %s: %d resources in %d ms, %d of %d reads failed",
        what,
        snapshot.resources().size(),
        info.path("scan_millis").asLong(),
        snapshot.failedCoverage().size(),
        snapshot.coverage().size());
    return snapshot;
  }

  static ObjectNode driftSummary(List<? extends Fact> facts) {
    Map<String, Long> counts = new TreeMap<>();
    for (Fact fact : facts) {
      if (fact instanceof BaselineDrift drift) {
        counts.merge(drift.getBaselineKind() + " " + drift.getKind(), 1L, Long::sum);
      }
    }
    return JSON.valueToTree(counts);
  }

  // ---- the drift ------------------------------------------------------------------------------

  /**
   * Hand work on top of the accepted state, chosen from the estate document with its own random
   * source (the same seed gives the same drift):
   *
   * <ul>
   *   <li>{@code conf-flip}: one workspace_conf key of a workspace set to the opposite value;
   *   <li>{@code admin-member}: an account user added to a workspace's local admins group;
   *   <li>{@code token-without-expiry}: a personal access token that never expires;
   *   <li>{@code user-admin-assignment}: a user assigned ADMIN to a workspace directly;
   *   <li>{@code platform-admin-member}: a user added to the account group platform-admins.
   * </ul>
   *
   * {@code perKind} of each of the first three (at most one per workspace), a quarter as many of
   * the last two.
   */
  record DriftPatch(ArrayNode operations, Map<String, Integer> countsByKind) {

    static DriftPatch build(JsonNode estate, long seed, int perKind, Instant now) {
      SplittableRandom random = new SplittableRandom(seed * 7_919 + 17);
      ArrayNode operations = JSON.createArrayNode();
      Map<String, Integer> counts = new TreeMap<>();
      List<String> workspaces = new ArrayList<>();
      estate.path("workspaces").fieldNames().forEachRemaining(workspaces::add);
      List<String> users = new ArrayList<>();
      Map<String, Long> userIds = new HashMap<>();
      estate
          .path("users")
          .properties()
          .forEach(
              user -> {
                if (user.getValue().path("active").asBoolean(true)) {
                  users.add(user.getKey());
                  userIds.put(user.getKey(), user.getValue().path("id").asLong());
                }
              });
      users.sort(Comparator.naturalOrder());

      for (String workspace : pick(workspaces, perKind, random)) {
        JsonNode conf = estate.path("workspaces").path(workspace).path("workspace_conf");
        List<String> keys = new ArrayList<>();
        conf.fieldNames().forEachRemaining(keys::add);
        if (keys.isEmpty()) {
          continue;
        }
        String key = keys.get(random.nextInt(keys.size()));
        String flipped = String.valueOf(!Boolean.parseBoolean(conf.path(key).asText()));
        operations
            .addObject()
            .put("op", "replace")
            .put("path", pointer("workspaces", workspace, "workspace_conf", key))
            .put("value", flipped);
        counts.merge("conf-flip", 1, Integer::sum);
      }

      for (String workspace : pick(workspaces, perKind, random)) {
        JsonNode members =
            estate.path("workspaces").path(workspace).path("groups").path("admins").path("members");
        if (members.isMissingNode()) {
          continue;
        }
        String user = users.get(random.nextInt(users.size()));
        ObjectNode operation = operations.addObject().put("op", "add");
        if (members.has("users")) {
          operation.put(
              "path",
              pointer("workspaces", workspace, "groups", "admins", "members", "users", "-"));
          operation.put("value", user);
        } else {
          operation.put(
              "path", pointer("workspaces", workspace, "groups", "admins", "members", "users"));
          operation.putArray("value").add(user);
        }
        counts.merge("admin-member", 1, Integer::sum);
      }

      Instant day = now.truncatedTo(ChronoUnit.DAYS);
      for (String workspace : pick(workspaces, perKind, random)) {
        String user = users.get(random.nextInt(users.size()));
        long created = day.minus(1 + random.nextInt(60), ChronoUnit.DAYS).toEpochMilli();
        byte[] id = new byte[32];
        random.nextBytes(id);
        ObjectNode token = JSON.createObjectNode();
        token.put("created_by_username", user);
        token.put("owner_id", userIds.get(user));
        token.put("comment", "benchmark drift: never expires");
        token.put("creation_time", created);
        token.put("expiry_time", -1);
        token.put("last_used_day", day.minus(random.nextInt(10), ChronoUnit.DAYS).toEpochMilli());
        operations
            .addObject()
            .put("op", "add")
            .put("path", pointer("workspaces", workspace, "tokens", HexFormat.of().formatHex(id)))
            .set("value", token);
        counts.merge("token-without-expiry", 1, Integer::sum);
      }

      for (String workspace : pick(workspaces, Math.max(1, perKind / 4), random)) {
        ObjectNode assignment = JSON.createObjectNode();
        assignment.put("user", users.get(random.nextInt(users.size())));
        assignment.putArray("permissions").add("ADMIN");
        operations
            .addObject()
            .put("op", "add")
            .put("path", pointer("workspaces", workspace, "permission_assignments", "-"))
            .set("value", assignment);
        counts.merge("user-admin-assignment", 1, Integer::sum);
      }

      JsonNode platformAdmins = estate.path("groups").path("platform-admins").path("members");
      if (!platformAdmins.isMissingNode()) {
        List<String> present = new ArrayList<>();
        platformAdmins.path("users").forEach(user -> present.add(user.asText()));
        List<String> added = new ArrayList<>();
        for (String user : pick(users, Math.max(1, perKind / 4), random)) {
          if (!present.contains(user)) {
            added.add(user);
          }
        }
        for (String user : added) {
          ObjectNode operation = operations.addObject().put("op", "add");
          if (platformAdmins.has("users") || added.indexOf(user) > 0) {
            operation.put("path", pointer("groups", "platform-admins", "members", "users", "-"));
            operation.put("value", user);
          } else {
            operation.put("path", pointer("groups", "platform-admins", "members", "users"));
            operation.putArray("value").add(user);
          }
          counts.merge("platform-admin-member", 1, Integer::sum);
        }
      }
      return new DriftPatch(operations, counts);
    }

    /** {@code count} distinct items (all of them when there are fewer), in a random order. */
    private static List<String> pick(List<String> items, int count, SplittableRandom random) {
      List<String> shuffled = new ArrayList<>(items);
      for (int index = shuffled.size() - 1; index > 0; index--) {
        int swap = random.nextInt(index + 1);
        String value = shuffled.get(swap);
        shuffled.set(swap, shuffled.get(index));
        shuffled.set(index, value);
      }
      return shuffled.subList(0, Math.min(count, shuffled.size()));
    }

    private static String pointer(String... tokens) {
      StringBuilder pointer = new StringBuilder();
      for (String token : tokens) {
        pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
      }
      return pointer.toString();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static JsonNode getJson(URI host, String path) {
    try {
      return JSON.readTree(send(HttpRequest.newBuilder(host.resolve(path)).GET()));
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox's " + path + " is not JSON", e);
    }
  }

  static String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(120)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  static void log(String format, Object... arguments) {
    EvaluationBenchmark.log(format, arguments);
  }
}
