package io.plumbline.policy;

import io.plumbline.policy.facts.Fact;
import java.util.Collection;
import java.util.List;

/**
 * Runs rules over facts. Implementations hold the rule logic (the Drools engine holds none in
 * Java); what a failure means for verdicts is decided by {@link Verdicts}, the same for every
 * engine.
 */
public interface PolicyEngine {

  List<RuleMetadata> rules();

  List<RuleFailure> run(Collection<? extends Fact> facts);
}
