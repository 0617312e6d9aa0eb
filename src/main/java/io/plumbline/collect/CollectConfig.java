package io.plumbline.collect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to collect and how hard to push. Secrets are never configuration values: a token or a client
 * secret is read from the environment variable or the file the configuration names.
 *
 * <pre>
 * plumbline:
 *   collect:
 *     accounts:
 *       main:
 *         host: https://accounts.cloud.databricks.com
 *         account-id: 0f1e...
 *         token-env: DATABRICKS_TOKEN
 *     aws:
 *       account-id: "111122223333"
 * </pre>
 */
@ConfigMapping(prefix = "plumbline.collect")
public interface CollectConfig {

  /** Databricks accounts to collect, by a short name used in logs. */
  Map<String, Account> accounts();

  /** The AWS account whose IAM roles are collected; absent to skip IAM. */
  Optional<Aws> aws();

  /** Timeout of one HTTP call. */
  @WithDefault("30s")
  Duration callTimeout();

  /** Budget of a whole collection; reads unfinished by then are recorded FAILED. */
  @WithDefault("30m")
  Duration deadline();

  Concurrency concurrency();

  Retry retry();

  /**
   * Client-side requests per second per endpoint family (account_scim_get, account_scim_list,
   * workspace_scim, permissions_get, token_management), overriding the published limits; 0 means
   * unlimited.
   */
  Map<String, Double> rateLimits();

  interface Account {
    /** The account console, e.g. https://accounts.cloud.databricks.com. */
    URI host();

    /** The Databricks account id (a UUID). */
    String accountId();

    /** Environment variable holding a personal access token. */
    Optional<String> tokenEnv();

    /** File holding a personal access token. */
    Optional<Path> tokenFile();

    /** OAuth machine-to-machine client id (a service principal's application id). */
    Optional<String> clientId();

    /** Environment variable holding the OAuth client secret. */
    Optional<String> clientSecretEnv();

    /** File holding the OAuth client secret. */
    Optional<Path> clientSecretFile();

    /**
     * How workspace APIs are reached: {@code deployment-url} (https://NAME.cloud.databricks.com) or
     * {@code header} (the account host plus X-Databricks-Workspace-Id, as the sandbox needs).
     */
    @WithDefault("deployment-url")
    String workspaceRouting();

    /** Workspace ids to collect; all when empty. */
    Optional<Set<Long>> includeWorkspaces();

    /** Workspace ids never to collect. */
    Optional<Set<Long>> excludeWorkspaces();
  }

  interface Aws {
    /** The 12-digit AWS account id. */
    String accountId();

    /**
     * Signing region; IAM is global, so the default is aws-global. (No {@code @WithDefault}: a
     * default would make the whole optional section present.)
     */
    Optional<String> region();

    /** Endpoint override, for the sandbox or a VPC endpoint. */
    Optional<URI> endpoint();

    /** A role to assume before reading, e.g. the plumbline collector role. */
    Optional<String> roleArn();
  }

  interface Concurrency {
    /** Account-level reads in flight at once. */
    @WithDefault("8")
    int account();

    /** Workspace-level reads in flight at once, across all workspaces. */
    @WithDefault("16")
    int workspaces();

    /** AWS reads in flight at once. */
    @WithDefault("4")
    int aws();
  }

  interface Retry {
    /** Attempts of a read, the first included. */
    @WithDefault("4")
    int maxAttempts();

    @WithDefault("500ms")
    Duration initialBackoff();

    @WithDefault("30s")
    Duration maxBackoff();
  }
}
