package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Secret;
import java.net.URI;
import java.util.Set;

/**
 * One Databricks account to collect.
 *
 * @param name a short name for logs ("main")
 * @param host the account console host, e.g. {@code https://accounts.cloud.databricks.com}
 * @param routing how workspace APIs are reached: each workspace's deployment URL in production, or
 *     the account host plus the {@code X-Databricks-Workspace-Id} header (the sandbox)
 * @param includeWorkspaces workspace ids to collect; empty means all
 * @param excludeWorkspaces workspace ids never to collect
 */
public record DatabricksTarget(
    String name,
    URI host,
    String accountId,
    Auth auth,
    WorkspaceRouting routing,
    Set<Long> includeWorkspaces,
    Set<Long> excludeWorkspaces) {

  public DatabricksTarget {
    requireNonNull(name, "name is null");
    requireNonNull(host, "host is null");
    requireNonNull(accountId, "accountId is null");
    requireNonNull(auth, "auth is null");
    requireNonNull(routing, "routing is null");
    includeWorkspaces = Set.copyOf(includeWorkspaces);
    excludeWorkspaces = Set.copyOf(excludeWorkspaces);
  }

  public enum WorkspaceRouting {
    DEPLOYMENT_URL,
    HEADER
  }

  /** How plumbline authenticates; both are handled by the Databricks SDK. */
  public sealed interface Auth permits PersonalAccessToken, OAuthMachineToMachine {}

  public record PersonalAccessToken(Secret token) implements Auth {
    public PersonalAccessToken {
      requireNonNull(token, "token is null");
    }
  }

  public record OAuthMachineToMachine(String clientId, Secret clientSecret) implements Auth {
    public OAuthMachineToMachine {
      requireNonNull(clientId, "clientId is null");
      requireNonNull(clientSecret, "clientSecret is null");
    }
  }

  public boolean includes(long workspaceId) {
    return !excludeWorkspaces.contains(workspaceId)
        && (includeWorkspaces.isEmpty() || includeWorkspaces.contains(workspaceId));
  }
}
