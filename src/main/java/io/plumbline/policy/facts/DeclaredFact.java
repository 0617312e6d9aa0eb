package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

/**
 * The Java superclass of the fact types Drools declares from the resource-type catalogue ({@link
 * FactDeclarations}): what every such fact has besides its attributes, and the {@link Fact} that
 * {@code findings.fail} takes. Drools makes the subclasses when it builds the rule base, so they
 * exist only there; outside the engine a fact of a declared type is a {@link ResourceFact}.
 */
public abstract class DeclaredFact implements Fact {

  private ResourceRef ref;
  private String workspaceId = "";

  /** Binds the resource; called once, by the engine, before the fact is inserted. */
  public final void bind(ResourceRef ref, String workspaceId) {
    if (this.ref != null) {
      throw new IllegalStateException("fact for " + this.ref + " is already bound");
    }
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
  }

  @Override
  public final ResourceRef ref() {
    return ref;
  }

  /** The workspace a workspace-scoped resource was read in; empty for account and AWS scopes. */
  public final String getWorkspaceId() {
    return workspaceId;
  }

  /** Read at account level rather than in a workspace. */
  public final boolean isAccountLevel() {
    return ref.scope().kind() == io.plumbline.model.ScopeKind.ACCOUNT;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + ref + ")";
  }
}
