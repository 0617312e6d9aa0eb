package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One API call that reads a resource type, and the name the {@code api} label of
 * plumbline_api_requests_total gives it (docs/metrics.md).
 *
 * @param call {@code GET /api/2.0/accounts/{account_id}/workspaces}, or an IAM action
 * @param metricName the label without its scope prefix: {@code workspaces}, {@code scim.groups}
 */
public record ApiCall(String call, String metricName) {

  private static final Pattern VERSION = Pattern.compile("^/api/\\d+\\.\\d+");
  private static final Pattern ACCOUNT_PREFIX = Pattern.compile("^/accounts/\\{account_id}");

  public ApiCall {
    requireNonNull(call, "call is null");
    requireNonNull(metricName, "metricName is null");
  }

  /**
   * A REST call named by its path: version, account prefix, {@code preview}, API versions like
   * {@code v2}, path parameters and a trailing {@code list} are left out; the rest joined with
   * dots, in snake case ({@code GET /api/2.0/preview/scim/v2/ServicePrincipals} is {@code
   * scim.service_principals}).
   */
  public static ApiCall rest(String call) {
    return new ApiCall(call, derivedName(call));
  }

  /** A REST call whose metric name is given rather than derived (several calls share one name). */
  public static ApiCall rest(String call, String metricName) {
    return new ApiCall(call, metricName);
  }

  /** An AWS call: its IAM action, named as the AWS SDK names the operation. */
  public static ApiCall aws(String iamAction) {
    int colon = iamAction.indexOf(':');
    String service = iamAction.substring(0, colon).toLowerCase(Locale.ROOT);
    String action = iamAction.substring(colon + 1);
    // two S3 actions are not named as the operations they allow
    String operation =
        switch (iamAction) {
          case "s3:GetBucketPublicAccessBlock" -> "GetPublicAccessBlock";
          case "s3:GetEncryptionConfiguration" -> "GetBucketEncryption";
          default -> action;
        };
    return new ApiCall(iamAction, service + "." + snake(operation));
  }

  /** The HTTP method, or empty for an AWS call. */
  public String method() {
    int space = call.indexOf(' ');
    return space < 0 ? "" : call.substring(0, space);
  }

  /** The path template, or empty for an AWS call. */
  public String path() {
    int space = call.indexOf(' ');
    return space < 0 ? "" : call.substring(space + 1);
  }

  /** Whether the call goes to the account API ({@code /accounts/{account_id}/...}). */
  public boolean accountApi() {
    return VERSION.matcher(path()).replaceFirst("").startsWith("/accounts/");
  }

  static String derivedName(String call) {
    String path = call.substring(call.indexOf(' ') + 1);
    path = VERSION.matcher(path).replaceFirst("");
    path = ACCOUNT_PREFIX.matcher(path).replaceFirst("");
    List<String> parts = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()
          || segment.equals("preview")
          || segment.matches("v\\d+")
          || (segment.startsWith("{") && segment.endsWith("}"))) {
        continue;
      }
      parts.add(snake(segment).replace('-', '_'));
    }
    if (parts.size() > 1 && parts.get(parts.size() - 1).equals("list")) {
      parts.remove(parts.size() - 1);
    }
    return String.join(".", parts);
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
