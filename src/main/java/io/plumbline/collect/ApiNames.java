package io.plumbline.collect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of the API a call went to, as the {@code api} label of plumbline_api_requests_total and
 * plumbline_api_throttled_total shows it (docs/metrics.md): the scope kind, then the endpoint
 * without version, account id or path parameters, e.g. {@code account.scim.groups}, {@code
 * workspace.unity_catalog.catalogs}, {@code aws.iam.list_roles}. A bounded set: a request that
 * matches no known endpoint is {@code account.other}, {@code workspace.other} or {@code aws.other}.
 */
public final class ApiNames {

  private record Endpoint(Pattern path, String name) {}

  private static final Pattern VERSIONED = Pattern.compile("^/api/2\\.\\d+(/.*)?$");
  private static final Pattern ACCOUNT = Pattern.compile("^/accounts/[^/]+(/.*)?$");

  /** Account endpoints, after {@code /api/2.x/accounts/{account_id}}. */
  private static final List<Endpoint> ACCOUNT_ENDPOINTS =
      List.of(
          endpoint("/workspaces/[^/]+/metastore", "workspaces.metastore"),
          endpoint(
              "/workspaces/[^/]+/permissionassignments(/.*)?", "workspaces.permissionassignments"),
          endpoint("/metastores/[^/]+/workspaces", "metastores.workspaces"),
          endpoint("/scim/v2/Groups(/.*)?", "scim.groups"),
          endpoint("/scim/v2/Users(/.*)?", "scim.users"),
          endpoint("/scim/v2/ServicePrincipals(/.*)?", "scim.service_principals"),
          endpoint("/settings/.*", "settings"),
          // one collection and its items: /workspaces, /workspaces/{id}, /credentials, ...
          endpoint("/([a-z-]+)(/[^/]+)?", null));

  /** Workspace endpoints, after {@code /api/2.x}. */
  private static final List<Endpoint> WORKSPACE_ENDPOINTS =
      List.of(
          endpoint("/preview/scim/v2/Groups(/.*)?", "scim.groups"),
          endpoint("/preview/scim/v2/Users(/.*)?", "scim.users"),
          endpoint("/preview/scim/v2/ServicePrincipals(/.*)?", "scim.service_principals"),
          endpoint("/policies/clusters/.*", "policies.clusters"),
          endpoint("/permissions/.*", "permissions"),
          endpoint("/workspace-conf", "workspace_conf"),
          endpoint("/instance-profiles/.*", "instance_profiles"),
          endpoint("/ip-access-lists(/.*)?", "ip_access_lists"),
          endpoint("/token-management/.*", "token_management"),
          endpoint("/clusters/.*", "clusters"),
          // catalogs, storage-credentials, external-locations, current-metastore-assignment, ...
          endpoint("/unity-catalog/([a-z_-]+)(/.*)?", "unity_catalog."));

  private ApiNames() {}

  /** The name of a Databricks REST call, from its path. */
  public static String databricks(String path) {
    Matcher versioned = VERSIONED.matcher(path);
    if (!versioned.matches()) {
      // the SDK asks the host what it is before its first call
      return path.startsWith("/.well-known/") ? "databricks.config_discovery" : "workspace.other";
    }
    String rest = versioned.group(1) == null ? "" : versioned.group(1);
    Matcher account = ACCOUNT.matcher(rest);
    if (account.matches()) {
      String inAccount = account.group(1) == null ? "" : account.group(1);
      return "account." + match(ACCOUNT_ENDPOINTS, inAccount);
    }
    return "workspace." + match(WORKSPACE_ENDPOINTS, rest);
  }

  /** The name of an AWS call, from the SDK's service and operation names ("IAM", "ListRoles"). */
  public static String aws(String service, String operation) {
    if (service == null || operation == null || service.isBlank() || operation.isBlank()) {
      return "aws.other";
    }
    return "aws." + service.toLowerCase(Locale.ROOT) + "." + snake(operation);
  }

  private static String match(List<Endpoint> endpoints, String path) {
    for (Endpoint endpoint : endpoints) {
      Matcher matcher = endpoint.path().matcher(path);
      if (matcher.matches()) {
        if (endpoint.name() != null && !endpoint.name().endsWith(".")) {
          return endpoint.name();
        }
        // a family named by its first path segment after the prefix
        String prefix = endpoint.name() == null ? "" : endpoint.name();
        return prefix + matcher.group(1).replace('-', '_');
      }
    }
    return "other";
  }

  private static Endpoint endpoint(String path, String name) {
    return new Endpoint(Pattern.compile(path), name);
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
