package io.plumbline.collect.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import io.plumbline.collect.ApiNames;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The HTTP client under every SDK client: it sees each real request, the SDK's own retries
 * included, so it is where the client-side rate limits are enforced and calls are counted. Each
 * request is classified into the endpoint family whose published limit applies, and into a scope
 * (the account, or one workspace: the limits are per workspace), then waits for a token of that
 * family and scope before it is sent.
 */
final class InstrumentedHttpClient implements HttpClient {

  static final String WORKSPACE_HEADER = "X-Databricks-Workspace-Id";

  /** Endpoint families with a published rate limit; everything else is {@link #UNLIMITED}. */
  static final String ACCOUNT_SCIM_GET = "account_scim_get";

  static final String ACCOUNT_SCIM_LIST = "account_scim_list";
  static final String WORKSPACE_SCIM = "workspace_scim";
  static final String PERMISSIONS_GET = "permissions_get";
  static final String TOKEN_MANAGEMENT = "token_management";
  static final String UNLIMITED = "unlimited";

  private static final Pattern ACCOUNT_SCIM_ITEM =
      Pattern.compile("/api/2\\.0/accounts/[^/]+/scim/v2/(Users|Groups|ServicePrincipals)/[^/]+/?");
  private static final Pattern ACCOUNT_SCIM_COLLECTION =
      Pattern.compile("/api/2\\.0/accounts/[^/]+/scim/v2/(Users|Groups|ServicePrincipals)/?");

  private final HttpClient delegate;
  private final ClientRateLimiter rateLimiter;
  private final CallStats stats;
  private final String accountScope;
  private final OptionalLong workspace;

  /**
   * @param accountId the account whose limits apply to account-level requests (two accounts never
   *     share a bucket)
   * @param workspace the workspace every request is for (a client on a workspace's deployment URL);
   *     empty for the account host, where the scope comes from the path and the {@value
   *     #WORKSPACE_HEADER} header
   */
  InstrumentedHttpClient(
      HttpClient delegate,
      ClientRateLimiter rateLimiter,
      CallStats stats,
      String accountId,
      OptionalLong workspace) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
    this.stats = requireNonNull(stats, "stats is null");
    this.accountScope = accountScope(requireNonNull(accountId, "accountId is null"));
    this.workspace = requireNonNull(workspace, "workspace is null");
  }

  @Override
  public Response execute(Request request) throws IOException {
    String path = path(request);
    String family = family(request.getMethod(), path);
    String scope =
        scope(path, header(request.getHeaders(), WORKSPACE_HEADER), workspace, accountScope);
    String api = ApiNames.databricks(path);
    try {
      long waited = rateLimiter.acquire(family, scope);
      if (waited > 0) {
        stats.waitedForRateLimit(waited);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting for the " + family + " rate limit");
      interrupted.initCause(e);
      throw interrupted;
    }
    Response response;
    try {
      response = delegate.execute(request);
    } catch (IOException | RuntimeException e) {
      stats.call(api, 0);
      throw e;
    }
    stats.call(api, response.getStatusCode());
    if (response.getStatusCode() == 429) {
      stats.throttled();
    }
    return response;
  }

  private static String path(Request request) {
    try {
      URI uri = request.getUri();
      String path = uri.getPath();
      return path == null ? "" : path;
    } catch (RuntimeException e) {
      // a URL the SDK could not turn into a URI still gets sent (and fails) by the delegate
      return "";
    }
  }

  /** The endpoint family of a request, by the published Databricks limits. */
  static String family(String method, String path) {
    boolean get = "GET".equalsIgnoreCase(method);
    if (path.startsWith("/api/2.0/accounts/")) {
      if (get && ACCOUNT_SCIM_ITEM.matcher(path).matches()) {
        return ACCOUNT_SCIM_GET;
      }
      if (get && ACCOUNT_SCIM_COLLECTION.matcher(path).matches()) {
        return ACCOUNT_SCIM_LIST;
      }
      return UNLIMITED;
    }
    if (path.startsWith("/api/2.0/preview/scim/v2/")) {
      return WORKSPACE_SCIM;
    }
    if (get && path.startsWith("/api/2.0/permissions/")) {
      return PERMISSIONS_GET;
    }
    if (path.startsWith("/api/2.0/token-management/")) {
      return TOKEN_MANAGEMENT;
    }
    return UNLIMITED;
  }

  static String accountScope(String accountId) {
    return "account:" + accountId;
  }

  /**
   * The account's scope for account APIs, else {@code workspace:<id>} from the client's fixed
   * workspace or the routing header. A request with neither (discovery probes) counts as the
   * account's.
   */
  static String scope(
      String path, String workspaceHeader, OptionalLong fixedWorkspace, String accountScope) {
    if (path.startsWith("/api/2.0/accounts/") || path.startsWith("/api/2.1/accounts/")) {
      return accountScope;
    }
    if (fixedWorkspace.isPresent()) {
      return "workspace:" + fixedWorkspace.getAsLong();
    }
    if (workspaceHeader != null && !workspaceHeader.isBlank()) {
      return "workspace:" + workspaceHeader.trim();
    }
    return accountScope;
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    String exact = headers.get(name);
    if (exact != null) {
      return exact;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
