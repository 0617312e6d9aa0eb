package io.plumbline.model;

import java.util.Locale;

/** What a scope is: a Databricks account, one of its workspaces, or an AWS account. */
public enum ScopeKind {
  ACCOUNT,
  WORKSPACE,
  AWS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
