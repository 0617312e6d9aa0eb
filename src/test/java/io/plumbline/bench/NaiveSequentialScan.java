package io.plumbline.bench;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.ApiClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import io.plumbline.model.WorkspaceConfKeys;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;

/**
 * The scan as one would write it without plumbline's engine: one thread, the plain
 * databricks-sdk-java {@link AccountClient} and {@link WorkspaceClient} (and the AWS SDK's {@link
 * IamClient}), the same list and get calls the collectors make, one after another. There is no
 * client-side rate limiter: a throttled call meets a 429 and the SDK's own Retry-After wait.
 * Results are drained (every page fetched) and counted, not turned into resources.
 *
 * <p>The calls mirror {@code AccountReads}, {@code WorkspaceReads} and {@code IamCollector}: the
 * benchmark compares the sandbox's request counts of both scans to show that they do the same work.
 * An instance counts as it goes and runs once.
 */
public final class NaiveSequentialScan {

  /** Every key {@code GET /api/2.0/workspace-conf} accepts (as {@code WorkspaceReads} asks). */
  private static final List<String> WORKSPACE_CONF_KEYS = WorkspaceConfKeys.ALL;

  private static final String WORKSPACE_HEADER = "X-Databricks-Workspace-Id";

  /** Attempts of one call when the SDK's own retries give up (4 attempts, as plumbline's reads). */
  private static final int ATTEMPTS = 4;

  private static final int IAM_PAGE_SIZE = 100;

  /**
   * What the scan did: how long it took in all and in its phases (the account's GETs of every group
   * by id, the workspaces, IAM), how many items it read, what failed.
   */
  public record Result(
      Duration duration,
      Duration groupGets,
      Duration workspacePhase,
      Duration iamPhase,
      int workspaces,
      int accountGroups,
      long items,
      int calls,
      int retriedCalls,
      List<String> failures) {
    public Result {
      requireNonNull(duration, "duration is null");
      requireNonNull(groupGets, "groupGets is null");
      requireNonNull(workspacePhase, "workspacePhase is null");
      requireNonNull(iamPhase, "iamPhase is null");
      failures = List.copyOf(failures);
    }
  }

  private final URI host;
  private final String accountId;
  private final String token;
  private final Optional<URI> iamEndpoint;
  private final List<String> failures = new ArrayList<>();
  private long items;
  private int calls;
  private int retriedCalls;

  public NaiveSequentialScan(URI host, String accountId, String token, Optional<URI> iamEndpoint) {
    this.host = requireNonNull(host, "host is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
    this.token = requireNonNull(token, "token is null");
    this.iamEndpoint = requireNonNull(iamEndpoint, "iamEndpoint is null");
  }

  public Result run() {
    long start = System.nanoTime();
    AccountClient account =
        new AccountClient(
            new DatabricksConfig()
                .setHost(host.toString())
                .setAccountId(accountId)
                .setToken(token)
                .setCredentialsProvider(new PatCredentialsProvider())
                .setHttpTimeoutSeconds(30));

    // ---- account ------------------------------------------------------------------------------
    List<Workspace> workspaces =
        call("list workspaces", () -> drain(account.workspaces().list()), List.of());
    List<MetastoreInfo> metastores =
        call("list metastores", () -> drain(account.metastores().list()), List.of());
    Map<Long, String> metastoreByWorkspace = new LinkedHashMap<>();
    for (MetastoreInfo metastore : metastores) {
      String metastoreId = metastore.getMetastoreId();
      List<Long> assigned =
          call(
              "list workspaces of metastore " + metastoreId,
              () -> drain(account.metastoreAssignments().list(metastoreId)),
              List.of());
      assigned.forEach(workspaceId -> metastoreByWorkspace.putIfAbsent(workspaceId, metastoreId));
    }
    List<Group> groups =
        call(
            "list account groups",
            () -> drain(account.groups().list(new ListAccountGroupsRequest())),
            List.of());
    long groupGetsStart = System.nanoTime();
    for (Group group : groups) {
      call("get account group " + group.getId(), () -> account.groups().get(group.getId()), null);
      items++;
    }
    Duration groupGets = Duration.ofNanos(System.nanoTime() - groupGetsStart);
    call(
        "list account users",
        () -> drain(account.users().list(new ListAccountUsersRequest())),
        List.of());
    call(
        "list account service principals",
        () -> drain(account.servicePrincipals().list(new ListAccountServicePrincipalsRequest())),
        List.of());
    call("list credentials", () -> drain(account.credentials().list()), List.of());
    call("list storage configurations", () -> drain(account.storage().list()), List.of());
    call("list networks", () -> drain(account.networks().list()), List.of());
    call("list private access settings", () -> drain(account.privateAccess().list()), List.of());
    call("list VPC endpoints", () -> drain(account.vpcEndpoints().list()), List.of());
    call("list customer-managed keys", () -> drain(account.encryptionKeys().list()), List.of());
    call(
        "list log delivery",
        () -> drain(account.logDelivery().list(new ListLogDeliveryRequest())),
        List.of());
    call("list account IP access lists", () -> drain(account.ipAccessLists().list()), List.of());
    call(
        "get account IP access enablement",
        () ->
            rawGet(
                account.apiClient(),
                "/api/2.0/accounts/"
                    + accountId
                    + "/settings/types/acct_ip_acl_enable/names/default",
                Map.of(),
                Optional.empty()),
        0);

    // ---- workspaces, one after another ---------------------------------------------------------
    long workspacesStart = System.nanoTime();
    int running = 0;
    for (Workspace workspace : workspaces) {
      if (workspace.getWorkspaceId() == null) {
        continue;
      }
      if (workspace.getWorkspaceStatus() != null
          && !workspace.getWorkspaceStatus().toString().equals("RUNNING")) {
        continue;
      }
      running++;
      scanWorkspace(
          account, workspace, metastoreByWorkspace.containsKey(workspace.getWorkspaceId()));
    }

    Duration workspacePhase = Duration.ofNanos(System.nanoTime() - workspacesStart);

    // ---- AWS IAM -------------------------------------------------------------------------------
    long iamStart = System.nanoTime();
    iamEndpoint.ifPresent(this::scanIam);
    Duration iamPhase = Duration.ofNanos(System.nanoTime() - iamStart);

    return new Result(
        Duration.ofNanos(System.nanoTime() - start),
        groupGets,
        workspacePhase,
        iamPhase,
        running,
        groups.size(),
        items,
        calls,
        retriedCalls,
        failures);
  }

  private void scanWorkspace(AccountClient account, Workspace workspace, boolean hasMetastore) {
    long id = workspace.getWorkspaceId();
    String in = " in workspace " + id;
    WorkspaceClient client =
        call(
            "connect to workspace " + id,
            () ->
                account.getWorkspaceClient(
                    new Workspace()
                        .setWorkspaceId(id)
                        .setDeploymentName(workspace.getDeploymentName())),
            null);
    if (client == null) {
      return;
    }
    if (hasMetastore) {
      call("get metastore assignment" + in, () -> account.metastoreAssignments().get(id), null);
    }
    call(
        "list permission assignments" + in,
        () -> drain(account.workspaceAssignment().list(id)),
        List.of());
    call("list groups" + in, () -> drain(client.groups().list(new ListGroupsRequest())), List.of());
    call("list users" + in, () -> drain(client.users().list(new ListUsersRequest())), List.of());
    call(
        "list service principals" + in,
        () -> drain(client.servicePrincipals().list(new ListServicePrincipalsRequest())),
        List.of());
    List<Policy> policies =
        call(
            "list cluster policies" + in,
            () -> drain(client.clusterPolicies().list(new ListClusterPoliciesRequest())),
            List.of());
    for (Policy policy : policies) {
      call(
          "get permissions of cluster policy " + policy.getPolicyId() + in,
          () -> client.clusterPolicies().getPermissions(policy.getPolicyId()),
          null);
    }
    call(
        "get workspace conf" + in,
        () ->
            rawGet(
                client.apiClient(),
                "/api/2.0/workspace-conf",
                Map.of("keys", String.join(",", WORKSPACE_CONF_KEYS)),
                Optional.of(id)),
        0);
    call("list instance profiles" + in, () -> drain(client.instanceProfiles().list()), List.of());
    call("list IP access lists" + in, () -> drain(client.ipAccessLists().list()), List.of());
    call(
        "list tokens" + in,
        () -> drain(client.tokenManagement().list(new ListTokenManagementRequest())),
        List.of());
    call(
        "list clusters" + in,
        () -> drain(client.clusters().list(new ListClustersRequest().setPageSize(100L))),
        List.of());
    unityCatalog(
        "list catalogs" + in,
        () -> drain(client.catalogs().list(new ListCatalogsRequest().setMaxResults(0L))));
    unityCatalog(
        "list storage credentials" + in,
        () ->
            drain(
                client
                    .storageCredentials()
                    .list(new ListStorageCredentialsRequest().setMaxResults(0L))));
    unityCatalog(
        "list external locations" + in,
        () ->
            drain(
                client
                    .externalLocations()
                    .list(new ListExternalLocationsRequest().setMaxResults(0L))));
  }

  /** A Unity Catalog list; a workspace without a metastore answers 404 METASTORE_DOES_NOT_EXIST. */
  private void unityCatalog(String what, Callable<List<?>> list) {
    call(what, list, List.of(), NaiveSequentialScan::metastoreMissing);
  }

  private static boolean metastoreMissing(Exception e) {
    return e instanceof DatabricksError error
        && error.getStatusCode() == 404
        && "METASTORE_DOES_NOT_EXIST".equals(error.getErrorCode());
  }

  private void scanIam(URI endpoint) {
    try (IamClient iam =
        IamClient.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(endpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("sandbox", "sandbox-secret")))
            .build()) {
      call(
          "IAM GetAccountAuthorizationDetails",
          () -> {
            long count = 0;
            for (GetAccountAuthorizationDetailsResponse page :
                iam.getAccountAuthorizationDetailsPaginator(
                    request ->
                        request
                            .filter(
                                EntityType.ROLE,
                                EntityType.LOCAL_MANAGED_POLICY,
                                EntityType.AWS_MANAGED_POLICY)
                            .maxItems(IAM_PAGE_SIZE))) {
              count += page.roleDetailList().size() + page.policies().size();
            }
            items += count;
            return count;
          },
          0L);
      call(
          "IAM ListRoles",
          () -> {
            long count = 0;
            for (ListRolesResponse page :
                iam.listRolesPaginator(request -> request.maxItems(IAM_PAGE_SIZE))) {
              count += page.roles().size();
            }
            items += count;
            return count;
          },
          0L);
      call(
          "IAM ListInstanceProfiles",
          () -> {
            long count = 0;
            for (ListInstanceProfilesResponse page :
                iam.listInstanceProfilesPaginator(request -> request.maxItems(IAM_PAGE_SIZE))) {
              count += page.instanceProfiles().size();
            }
            items += count;
            return count;
          },
          0L);
    }
  }

  /**
   * One SDK call (its pages included), tried again when the SDK gives up on a throttled or
   * unavailable server, as a careful script would; any other failure is recorded and the scan goes
   * on.
   */
  private <T> T call(String what, Callable<T> call, T fallback) {
    return call(what, call, fallback, e -> false);
  }

  /** As above; a failure {@code expected} accepts is an answer, not a failure. */
  private <T> T call(String what, Callable<T> call, T fallback, Predicate<Exception> expected) {
    calls++;
    Exception last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        T result = call.call();
        if (result instanceof List<?> list) {
          items += list.size();
        }
        return result;
      } catch (DatabricksException | SdkException e) {
        if (expected.test(e)) {
          return fallback;
        }
        last = e;
        if (!retryable(e)) {
          break;
        }
        retriedCalls++;
      } catch (Exception e) {
        last = e;
        break;
      }
    }
    failures.add(what + ": " + firstLine(last));
    return fallback;
  }

  private static boolean retryable(Exception e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof DatabricksError error) {
        int status = error.getStatusCode();
        return status == 429 || status == 503 || status == 502 || status == 504;
      }
      cause = cause.getCause();
    }
    return e instanceof SdkException sdk && sdk.retryable();
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    return e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
  }

  private static <T> List<T> drain(Iterable<T> iterable) {
    List<T> list = new ArrayList<>();
    if (iterable != null) {
      iterable.forEach(list::add);
    }
    return list;
  }

  /** A GET the SDK's models cannot make (workspace-conf keys, the account IP-list flag). */
  private static int rawGet(
      ApiClient api, String path, Map<String, String> query, Optional<Long> workspaceId)
      throws Exception {
    Request request = new Request("GET", path).withHeader("Accept", "application/json");
    query.forEach(request::withQueryParam);
    workspaceId.ifPresent(id -> request.withHeader(WORKSPACE_HEADER, Long.toString(id)));
    try (InputStream body = api.execute(request, InputStream.class)) {
      return body.readAllBytes().length;
    }
  }
}
