package io.plumbline.collect;

import io.plumbline.model.ApiCall;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of the API a call went to, as the {@code api} label of plumbline_api_requests_total and
 * plumbline_api_throttled_total shows it (docs/metrics.md): the scope kind, then the name the
 * catalogue gives the call ({@link ApiCall#metricName()}), e.g. {@code account.scim.groups}, {@code
 * workspace.unity_catalog.catalogs}, {@code aws.iam.list_roles}. A request is named by the most
 * specific declared call whose path it falls under, so the label set is the catalogue's. A bounded
 * set: a request under no declared call is {@code account.<collection>} for an account collection
 * or item, else {@code account.other}, {@code workspace.other} or {@code aws.other}.
 */
public final class ApiNames {

  private record Endpoint(Pattern path, String name, int specificity) {}

  private static final Pattern VERSIONED = Pattern.compile("^/api/\\d+\\.\\d+(/.*)?$");
  private static final Pattern ACCOUNT = Pattern.compile("^/accounts/[^/]+(/.*)?$");

  /** An account collection and its items not (yet) declared: /workspaces/{id}, /credentials. */
  private static final Pattern ACCOUNT_COLLECTION = Pattern.compile("^/([a-z-]+)(/[^/]+)?$");

  /** Every declared REST call, account and workspace apart, most specific first. */
  private static final List<Endpoint> ACCOUNT_ENDPOINTS = endpoints(true);

  private static final List<Endpoint> WORKSPACE_ENDPOINTS = endpoints(false);

  private ApiNames() {}

  private static List<Endpoint> endpoints(boolean account) {
    Map<String, Endpoint> byPath = new LinkedHashMap<>();
    for (ResourceType type : ResourceCatalogue.ALL) {
      for (ApiCall call : type.apiCalls()) {
        if (call.path().isEmpty() || call.accountApi() != account) {
          continue;
        }
        String path = VERSIONED.matcher(call.path()).replaceFirst("$1");
        if (account) {
          path = ACCOUNT.matcher(path).replaceFirst("$1");
        }
        byPath.putIfAbsent(path, endpoint(path, call.metricName()));
      }
    }
    List<Endpoint> endpoints = new ArrayList<>(byPath.values());
    endpoints.sort(Comparator.comparingInt(Endpoint::specificity).reversed());
    return List.copyOf(endpoints);
  }

  /** A path template as a pattern that also matches the template's own sub-paths. */
  private static Endpoint endpoint(String template, String name) {
    StringBuilder regex = new StringBuilder("^");
    int segments = 0;
    for (String segment : template.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      segments++;
      regex
          .append('/')
          .append(
              segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment));
    }
    regex.append("(/.*)?$");
    return new Endpoint(Pattern.compile(regex.toString()), name, segments);
  }

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
      String declared = match(ACCOUNT_ENDPOINTS, inAccount);
      if (declared != null) {
        return "account." + declared;
      }
      Matcher collection = ACCOUNT_COLLECTION.matcher(inAccount);
      return "account." + (collection.matches() ? collection.group(1).replace('-', '_') : "other");
    }
    String declared = match(WORKSPACE_ENDPOINTS, rest);
    return "workspace." + (declared == null ? "other" : declared);
  }

  /** The name of an AWS call, from the SDK's service and operation names ("IAM", "ListRoles"). */
  public static String aws(String service, String operation) {
    if (service == null || operation == null || service.isBlank() || operation.isBlank()) {
      return "aws.other";
    }
    return "aws." + service.toLowerCase(Locale.ROOT) + "." + snake(operation);
  }

  /**
   * The name of a call declared by its IAM action ({@code s3:GetBucketPolicy}): the SDK
   * operation's, which differs from the action for two S3 calls.
   */
  public static String awsAction(String iamAction) {
    if (iamAction.indexOf(':') < 0) {
      return "aws.other";
    }
    return "aws." + io.plumbline.model.ApiCall.aws(iamAction).metricName();
  }

  private static String match(List<Endpoint> endpoints, String path) {
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().matcher(path).matches()) {
        return endpoint.name();
      }
    }
    return null;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
