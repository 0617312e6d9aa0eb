package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The KMS emulator: DescribeKey, GetKeyPolicy and GetKeyRotationStatus in KMS's JSON 1.1 protocol
 * ({@code X-Amz-Target: TrentService.<Operation>}), from the {@code kms.keys} section of an estate
 * (keyed by key id). A key is named by its id or its ARN.
 */
public final class KmsApi {

  static final String TARGET_PREFIX = "TrentService.";
  private static final ObjectMapper JSON = new ObjectMapper();

  public KmsApi() {}

  /** The operation a request names ({@code DescribeKey}), or "". */
  public static String action(SandboxRequest request) {
    String target = request.header("x-amz-target").orElse("");
    return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
  }

  /** A KMS error: HTTP 400 for nearly everything, the exception name in {@code __type}. */
  public static SandboxResponse error(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    return json(status, body);
  }

  public SandboxResponse handle(SandboxRequest request, JsonNode estate) {
    requireNonNull(request, "request is null");
    String operation = action(request);
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return error(
          400, "SerializationException", "Start of structure or map found where not expected.");
    }
    if (body == null || !body.isObject()) {
      return error(400, "SerializationException", "The request body is not a JSON object.");
    }
    String keyName = body.path("KeyId").asText("");
    if (keyName.isEmpty()) {
      return error(
          400,
          "ValidationException",
          "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    }
    String account = estate.path("account").path("aws_account_id").asText();
    String defaultRegion = estate.path("account").path("region").asText();
    Optional<Map.Entry<String, JsonNode>> found =
        estate.path("kms").path("keys").properties().stream()
            .filter(
                entry ->
                    entry.getKey().equals(keyName)
                        || arn(entry.getKey(), entry.getValue(), account, defaultRegion)
                            .equals(keyName))
            .findFirst();
    if (found.isEmpty()) {
      return error(400, "NotFoundException", "Key '" + keyName + "' does not exist");
    }
    String id = found.get().getKey();
    JsonNode key = found.get().getValue();
    String arn = arn(id, key, account, defaultRegion);
    return switch (operation) {
      case "DescribeKey" -> describe(id, key, arn);
      case "GetKeyPolicy" -> {
        ObjectNode result = JSON.createObjectNode();
        result.put("PolicyName", "default");
        // the policy is a JSON string, not URL-encoded (unlike IAM)
        result.put("Policy", key.path("policy").toString());
        yield json(200, result);
      }
      case "GetKeyRotationStatus" -> rotation(id, key, arn);
      default ->
          error(400, "UnknownOperationException", "Operation " + operation + " is not supported.");
    };
  }

  private static SandboxResponse describe(String id, JsonNode key, String arn) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("AWSAccountId", arn.split(":")[4]);
    metadata.put("KeyId", id);
    metadata.put("Arn", arn);
    metadata.put("CreationDate", key.path("creation_date").asLong(1741599000L));
    metadata.put("Enabled", key.path("enabled").asBoolean(true));
    if (key.has("description")) {
      metadata.put("Description", key.path("description").asText());
    }
    metadata.put("KeyUsage", key.path("key_usage").asText("ENCRYPT_DECRYPT"));
    metadata.put("KeyState", key.path("key_state").asText("Enabled"));
    metadata.put("Origin", key.path("origin").asText("AWS_KMS"));
    metadata.put("KeyManager", key.path("key_manager").asText("CUSTOMER"));
    metadata.put("CustomerMasterKeySpec", key.path("key_spec").asText("SYMMETRIC_DEFAULT"));
    metadata.put("KeySpec", key.path("key_spec").asText("SYMMETRIC_DEFAULT"));
    metadata.put("MultiRegion", key.path("multi_region").asBoolean(false));
    metadata.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
    ObjectNode result = JSON.createObjectNode();
    result.set("KeyMetadata", metadata);
    return json(200, result);
  }

  private static SandboxResponse rotation(String id, JsonNode key, String arn) {
    String spec = key.path("key_spec").asText("SYMMETRIC_DEFAULT");
    if (!spec.equals("SYMMETRIC_DEFAULT")
        || !key.path("origin").asText("AWS_KMS").equals("AWS_KMS")) {
      return error(
          400,
          "UnsupportedOperationException",
          arn + " origin or key spec does not support automatic key rotation");
    }
    ObjectNode result = JSON.createObjectNode();
    boolean enabled = key.path("rotation_enabled").asBoolean(false);
    result.put("KeyRotationEnabled", enabled);
    result.put("KeyId", arn);
    if (enabled) {
      result.put("RotationPeriodInDays", key.path("rotation_period_in_days").asInt(365));
      result.put("NextRotationDate", 1798761600L);
    }
    return json(200, result);
  }

  static String arn(String id, JsonNode key, String account, String defaultRegion) {
    return "arn:aws:kms:" + key.path("region").asText(defaultRegion) + ":" + account + ":key/" + id;
  }

  private static SandboxResponse json(int status, JsonNode body) {
    SandboxResponse response = SandboxResponse.json(status, body);
    return new SandboxResponse(
        response.status(), "application/x-amz-json-1.1", response.body(), response.headers());
  }
}
