package io.plumbline.export.report;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Findings of one scope (a workspace, the account, the AWS account) by verdict and severity. */
public record ScopeCounts(
    Scope scope,
    Optional<String> name,
    Map<Severity, Long> failuresBySeverity,
    long unknown,
    long waived,
    long passed) {

  public ScopeCounts {
    requireNonNull(scope, "scope is null");
    requireNonNull(name, "name is null");
    Map<Severity, Long> complete = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      complete.put(severity, failuresBySeverity.getOrDefault(severity, 0L));
    }
    failuresBySeverity = Collections.unmodifiableMap(complete);
  }

  public long failures() {
    return failuresBySeverity.values().stream().mapToLong(Long::longValue).sum();
  }
}
