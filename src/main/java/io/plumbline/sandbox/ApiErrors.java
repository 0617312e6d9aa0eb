package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Error bodies as each Databricks API family sends them. */
final class ApiErrors {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApiErrors() {}

  /** {@code {"error_code": ..., "message": ...}}, the REST APIs' error shape. */
  static SandboxResponse databricks(int status, String errorCode, String message) {
    ObjectNode body = NODES.objectNode();
    body.put("error_code", errorCode);
    body.put("message", message);
    return SandboxResponse.json(status, body);
  }

  /** The SCIM error shape ({@code detail}, {@code status} as a string, optional scimType). */
  static SandboxResponse scim(int status, String scimType, String detail) {
    ObjectNode body = NODES.objectNode();
    body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
    body.put("detail", detail);
    body.put("status", Integer.toString(status));
    if (scimType != null) {
      body.put("scimType", scimType);
    }
    return SandboxResponse.json(status, body);
  }

  /** The error code Databricks sends with a status when nothing more specific applies. */
  static String defaultErrorCode(int status) {
    return switch (status) {
      case 400 -> "INVALID_PARAMETER_VALUE";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "RESOURCE_DOES_NOT_EXIST";
      case 409 -> "RESOURCE_CONFLICT";
      case 429 -> "REQUEST_LIMIT_EXCEEDED";
      case 501 -> "NOT_IMPLEMENTED";
      case 503 -> "TEMPORARILY_UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
    };
  }

  static boolean isScimPath(String path) {
    return path.contains("/scim/v2/");
  }

  /** An error for a path in the shape its API family uses. */
  static SandboxResponse forPath(String path, int status, String message) {
    return isScimPath(path)
        ? scim(status, null, message)
        : databricks(status, defaultErrorCode(status), message);
  }
}
