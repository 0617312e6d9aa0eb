package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The S3 emulator: the bucket configuration GETs plumbline collects, REST-XML and path-style
 * ({@code GET /BUCKET?policy}), from the {@code s3.buckets} section of an estate. A setting a
 * bucket does not have is the error S3 sends for it ({@code NoSuchBucketPolicy}, ...), and a policy
 * is sent as the raw JSON S3 stores.
 */
public final class S3Api {

  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  /**
   * The sub-resources served, by query key, with the IAM action that allows each (what faults match
   * and requests are counted under).
   */
  private static final Map<String, String> ACTIONS = actions();

  private static Map<String, String> actions() {
    Map<String, String> actions = new LinkedHashMap<>();
    actions.put("location", "GetBucketLocation");
    actions.put("policy", "GetBucketPolicy");
    actions.put("publicAccessBlock", "GetBucketPublicAccessBlock");
    actions.put("encryption", "GetEncryptionConfiguration");
    actions.put("versioning", "GetBucketVersioning");
    actions.put("ownershipControls", "GetBucketOwnershipControls");
    actions.put("logging", "GetBucketLogging");
    return actions;
  }

  public S3Api() {}

  /** The IAM action of a request ({@code GetBucketPolicy}), or empty for one not served. */
  public static Optional<String> action(SandboxRequest request) {
    if (!request.method().equals("GET")) {
      return Optional.empty();
    }
    return ACTIONS.entrySet().stream()
        .filter(entry -> request.query().containsKey(entry.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** An S3 error response. */
  public static SandboxResponse error(int status, String code, String message, String bucket) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    AwsXml xml =
        new AwsXml()
            .raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .open("Error")
            .element("Code", code)
            .element("Message", message)
            .element("BucketName", bucket)
            .element("RequestId", requestId)
            .close("Error");
    return SandboxResponse.xml(status, xml.toString()).withHeader("x-amz-request-id", requestId);
  }

  public SandboxResponse handle(SandboxRequest request, JsonNode estate) {
    requireNonNull(request, "request is null");
    String bucketName = bucket(request.path());
    Optional<String> action = action(request);
    if (bucketName.isEmpty() || action.isEmpty()) {
      return error(
          405,
          "MethodNotAllowed",
          "The specified method is not allowed against this resource.",
          bucketName.isEmpty() ? null : bucketName);
    }
    JsonNode bucket = estate.path("s3").path("buckets").path(bucketName);
    if (!bucket.isObject()) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist", bucketName);
    }
    return switch (action.get()) {
      case "GetBucketLocation" -> location(bucket, estate);
      case "GetBucketPolicy" -> policy(bucket, bucketName);
      case "GetBucketPublicAccessBlock" -> publicAccessBlock(bucket, bucketName);
      case "GetEncryptionConfiguration" -> encryption(bucket, bucketName);
      case "GetBucketVersioning" -> versioning(bucket);
      case "GetBucketOwnershipControls" -> ownership(bucket, bucketName);
      default -> logging(bucket);
    };
  }

  /** The bucket of a path-style request: the first path segment. */
  static String bucket(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(0, slash);
  }

  /** us-east-1 is an empty constraint; eu-west-1 may be the legacy "EU". */
  private static SandboxResponse location(JsonNode bucket, JsonNode estate) {
    String region = bucket.path("region").asText(estate.path("account").path("region").asText());
    String constraint = region.equals("us-east-1") ? "" : region;
    return SandboxResponse.xml(
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\""
            + NAMESPACE
            + "\">"
            + constraint
            + "</LocationConstraint>");
  }

  private static SandboxResponse policy(JsonNode bucket, String name) {
    JsonNode policy = bucket.path("policy");
    if (!policy.isObject()) {
      return error(404, "NoSuchBucketPolicy", "The bucket policy does not exist", name);
    }
    // S3 sends the document as stored, not wrapped in XML
    return SandboxResponse.json(200, policy);
  }

  private static SandboxResponse publicAccessBlock(JsonNode bucket, String name) {
    JsonNode block = bucket.path("public_access_block");
    if (!block.isObject()) {
      return error(
          404,
          "NoSuchPublicAccessBlockConfiguration",
          "The public access block configuration was not found",
          name);
    }
    AwsXml xml = start("PublicAccessBlockConfiguration");
    flag(xml, "BlockPublicAcls", block, "block_public_acls");
    flag(xml, "IgnorePublicAcls", block, "ignore_public_acls");
    flag(xml, "BlockPublicPolicy", block, "block_public_policy");
    flag(xml, "RestrictPublicBuckets", block, "restrict_public_buckets");
    return SandboxResponse.xml(200, xml.close("PublicAccessBlockConfiguration").toString());
  }

  private static SandboxResponse encryption(JsonNode bucket, String name) {
    JsonNode encryption = bucket.path("encryption");
    if (!encryption.isObject()) {
      return error(
          404,
          "ServerSideEncryptionConfigurationNotFoundError",
          "The server side encryption configuration was not found",
          name);
    }
    AwsXml xml =
        start("ServerSideEncryptionConfiguration")
            .open("Rule")
            .open("ApplyServerSideEncryptionByDefault")
            .element("SSEAlgorithm", text(encryption, "sse_algorithm"))
            .element("KMSMasterKeyID", text(encryption, "kms_master_key_id"))
            .close("ApplyServerSideEncryptionByDefault");
    if (encryption.has("bucket_key_enabled")) {
      xml.element("BucketKeyEnabled", encryption.path("bucket_key_enabled").asText());
    }
    xml.close("Rule").close("ServerSideEncryptionConfiguration");
    return SandboxResponse.xml(200, xml.toString());
  }

  /** Never enabled: an empty configuration, no Status. */
  private static SandboxResponse versioning(JsonNode bucket) {
    JsonNode versioning = bucket.path("versioning");
    AwsXml xml =
        start("VersioningConfiguration")
            .element("Status", text(versioning, "status"))
            .element("MfaDelete", text(versioning, "mfa_delete"))
            .close("VersioningConfiguration");
    return SandboxResponse.xml(200, xml.toString());
  }

  private static SandboxResponse ownership(JsonNode bucket, String name) {
    String ownership = text(bucket, "object_ownership");
    if (ownership == null) {
      return error(
          404,
          "OwnershipControlsNotFoundError",
          "The bucket ownership controls were not found",
          name);
    }
    AwsXml xml =
        start("OwnershipControls")
            .open("Rule")
            .element("ObjectOwnership", ownership)
            .close("Rule")
            .close("OwnershipControls");
    return SandboxResponse.xml(200, xml.toString());
  }

  /** Logging off: an empty BucketLoggingStatus. */
  private static SandboxResponse logging(JsonNode bucket) {
    JsonNode logging = bucket.path("logging");
    AwsXml xml = start("BucketLoggingStatus");
    if (logging.isObject()) {
      xml.open("LoggingEnabled")
          .element("TargetBucket", text(logging, "target_bucket"))
          .element("TargetPrefix", logging.path("target_prefix").asText(""))
          .close("LoggingEnabled");
    }
    return SandboxResponse.xml(200, xml.close("BucketLoggingStatus").toString());
  }

  private static AwsXml start(String root) {
    return new AwsXml()
        .raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .raw("<" + root + " xmlns=\"" + NAMESPACE + "\">");
  }

  private static void flag(AwsXml xml, String element, JsonNode node, String field) {
    xml.element(element, String.valueOf(node.path(field).asBoolean(false)));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
