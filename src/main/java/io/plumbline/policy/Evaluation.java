package io.plumbline.policy;

import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every finding of one evaluation, every verdict kept, and the rules that ran. */
public record Evaluation(List<Finding> findings, List<RuleMetadata> rules) {

  public Evaluation {
    findings = findings.stream().sorted(Finding.ORDER).toList();
    rules = List.copyOf(rules);
  }

  public List<Finding> withVerdict(Verdict verdict) {
    return findings.stream().filter(finding -> finding.verdict() == verdict).toList();
  }

  public Map<Verdict, Long> countsByVerdict() {
    Map<Verdict, Long> counts = new TreeMap<>();
    for (Verdict verdict : Verdict.values()) {
      counts.put(verdict, 0L);
    }
    findings.forEach(finding -> counts.merge(finding.verdict(), 1L, Long::sum));
    return counts;
  }
}
