package io.plumbline.policy;

import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.policy.facts.Fact;
import java.util.List;

/** Runs an engine over facts and turns its failures into a complete set of verdicts. */
public final class Evaluator {

  private final PolicyEngine engine;

  public Evaluator(PolicyEngine engine) {
    this.engine = engine;
  }

  public Evaluation evaluate(Snapshot snapshot, List<? extends Fact> facts) {
    List<RuleFailure> failures = engine.run(facts);
    List<Finding> findings = Verdicts.compute(engine.rules(), snapshot, failures);
    return new Evaluation(findings, engine.rules());
  }
}
