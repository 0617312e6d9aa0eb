package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;

/** How many of one scope's resource types a scan read completely, of those it attempted. */
public record ScopeCoverage(Scope scope, long complete, long attempted) {

  public ScopeCoverage {
    requireNonNull(scope, "scope is null");
    if (complete < 0 || attempted < complete) {
      throw new IllegalArgumentException(
          "invalid coverage of " + scope + ": " + complete + " of " + attempted);
    }
  }

  /** Complete reads over attempted reads; 1 for a scope with nothing attempted. */
  public double ratio() {
    return attempted == 0 ? 1.0 : (double) complete / attempted;
  }
}
