package io.plumbline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plumbline.audit.ScanService;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ScanProgress;
import io.plumbline.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;

/**
 * Snapshots of the default sandbox estate, with all, some or none of its drift entries, for tests
 * that judge what the reference estate looks like to the rules.
 */
public final class DemoScans {

  private DemoScans() {}

  /** Serves the estate in a sandbox and collects it completely, as {@code scan --demo} does. */
  public static Snapshot scan(Estate estate) {
    Snapshot snapshot = scan(SandboxOptions.of(estate));
    assertThat(snapshot.failedCoverage()).isEmpty();
    return snapshot;
  }

  /**
   * Serves a sandbox with these options (faults included) and collects it as {@code scan --demo}
   * does; reads that fail are in the snapshot's coverage.
   */
  public static Snapshot scan(SandboxOptions options) {
    try (SandboxServer server = SandboxServer.start(options)) {
      return new ScanService()
          .collect(
              CollectPlan.forSandbox(
                  server.host(),
                  server.sandbox().info(),
                  CollectionRun.Settings.defaults(),
                  Duration.ofSeconds(10)),
              ScanProgress.NONE);
    }
  }

  /** The default estate with only the named drift entries (none: the declared state). */
  public static Estate estateWith(Set<String> driftIds) {
    try (InputStream in =
        DemoScans.class.getClassLoader().getResourceAsStream("sandbox/default-estate.yaml")) {
      ObjectNode document = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
      ArrayNode kept = document.arrayNode();
      for (JsonNode entry : document.path("drift")) {
        if (driftIds.contains(entry.path("id").asText())) {
          kept.add(entry);
        }
      }
      document.set("drift", kept);
      return EstateLoader.fromDocument(document, "default-estate.yaml");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Estate demoEstate() {
    return EstateLoader.loadDefault();
  }
}
