package io.plumbline.policy.drools;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.Fact;
import java.nio.file.Path;
import java.util.List;

/**
 * Facts a rule fixture brings beyond its snapshot, such as the drift of a {@code "baseline"} it
 * declares. The baseline work fills this in; until then fixtures hold snapshots only.
 */
final class FixtureExtensions {

  private FixtureExtensions() {}

  static List<Fact> extraFacts(JsonNode fixture, Snapshot snapshot, Path file) {
    return List.of();
  }
}
