package io.plumbline.collect.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.Collector;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.DatabricksTarget.OAuthMachineToMachine;
import io.plumbline.collect.DatabricksTarget.PersonalAccessToken;
import io.plumbline.collect.ResourceTypeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Collects one Databricks account and its workspaces through databricks-sdk-java: the account's
 * provisioning objects, Unity Catalog metastores and assignments, identities and IP access lists,
 * and in every workspace its identities, cluster policies and their permissions, settings, instance
 * profiles, tokens, clusters and Unity Catalog securables. No SDK type leaves this package:
 * everything read becomes a {@link io.plumbline.model.Resource}.
 *
 * <p>One collector may serve many runs, one after another or at once: it keeps only the HTTP
 * connection pool; the SDK clients and everything shared between reads are built per run.
 */
public final class DatabricksCollector implements Collector {

  /** Connections: enough for the account and workspace lanes at full concurrency. */
  private static final int MAXIMUM_CONNECTIONS = 256;

  private static final int MAXIMUM_CONNECTIONS_PER_HOST = 64;

  private final DatabricksTarget target;
  private final ClientRateLimiter rateLimiter;
  private final int timeoutSeconds;
  private final HttpClient transport;
  private final PoolingHttpClientConnectionManager connections;

  /**
   * @param callTimeout the most one HTTP exchange may take (connect, and each wait for data)
   */
  public DatabricksCollector(
      DatabricksTarget target, ClientRateLimiter rateLimiter, Duration callTimeout) {
    this.target = requireNonNull(target, "target is null");
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
    requireNonNull(callTimeout, "callTimeout is null");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ceilSeconds(callTimeout)));
    this.connections = new PoolingHttpClientConnectionManager();
    connections.setMaxTotal(MAXIMUM_CONNECTIONS);
    connections.setDefaultMaxPerRoute(MAXIMUM_CONNECTIONS_PER_HOST);
    this.transport =
        new CommonsHttpClient.Builder()
            .withTimeoutSeconds(timeoutSeconds)
            .withConnectionManager(connections)
            .build();
  }

  private static long ceilSeconds(Duration duration) {
    return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
  }

  /** The declared resource types (for the permissions command), without a target. */
  public static List<ResourceTypeSpec> declaredResourceTypes() {
    return ResourceTypes.ALL;
  }

  /**
   * Client-side limits from the published Databricks limits: family name -> requests/second.
   * Families: {@code account_scim_get} (GET of one account user, group or service principal),
   * {@code account_scim_list}, {@code workspace_scim}, {@code permissions_get} and {@code
   * token_management}; the limits apply per account, or per workspace for workspace families.
   */
  public static Map<String, Double> publishedRateLimits() {
    return Map.of(
        InstrumentedHttpClient.ACCOUNT_SCIM_GET, 20.0,
        InstrumentedHttpClient.ACCOUNT_SCIM_LIST, 240.0,
        InstrumentedHttpClient.WORKSPACE_SCIM, 255.0,
        InstrumentedHttpClient.PERMISSIONS_GET, 100.0,
        InstrumentedHttpClient.TOKEN_MANAGEMENT, 40.0);
  }

  @Override
  public String name() {
    return "databricks-" + target.name();
  }

  @Override
  public List<ResourceTypeSpec> resourceTypes() {
    return declaredResourceTypes();
  }

  /**
   * Schedules the account reads; the first of them lists the workspaces and schedules theirs.
   * Clients are built by the first read that needs them, so that a host that cannot be reached
   * shows as failed reads, not as an exception here.
   */
  @Override
  public void start(CollectionRun run) {
    DatabricksClients clients =
        new DatabricksClients(
            target, transport, rateLimiter, run.stats(), timeoutSeconds, new SdkCalls(secrets()));
    AccountReads accountReads = new AccountReads(target, clients);
    WorkspaceReads workspaceReads = new WorkspaceReads(target, clients, accountReads);
    run.phase("databricks account");
    accountReads.schedule(run, workspaceReads::schedule);
  }

  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (target.auth() instanceof PersonalAccessToken token) {
      secrets.add(token.token().reveal());
    } else if (target.auth() instanceof OAuthMachineToMachine oauth) {
      secrets.add(oauth.clientSecret().reveal());
    }
    return secrets;
  }

  /**
   * Closes the pooled connections. Without it, a service scanning every few minutes kept each
   * scan's keep-alive connections open (CLOSE_WAIT once the server hung up) until a full GC
   * finalized the pool.
   */
  @Override
  public void close() {
    connections.shutdown();
  }
}
