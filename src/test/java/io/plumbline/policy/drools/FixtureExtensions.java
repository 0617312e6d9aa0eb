package io.plumbline.policy.drools;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.baseline.BaselineComparator;
import io.plumbline.baseline.Baselines;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.Fact;
import java.nio.file.Path;
import java.util.List;

/**
 * Facts a rule fixture brings beyond its snapshot: a fixture may carry {@code "baseline": {...}}, a
 * baseline document in the format of policies/baselines (docs/baselines.md) written inline as JSON,
 * and then gets the drift between its snapshot and that baseline, as an evaluation would.
 */
final class FixtureExtensions {

  private FixtureExtensions() {}

  static List<Fact> extraFacts(JsonNode fixture, Snapshot snapshot, Path file) {
    JsonNode baseline = fixture.get("baseline");
    if (baseline == null || baseline.isNull()) {
      return List.of();
    }
    Baselines baselines = Baselines.fromTree(baseline, file + "#/baseline");
    return BaselineComparator.driftFacts(snapshot, baselines);
  }
}
