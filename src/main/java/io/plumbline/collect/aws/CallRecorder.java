package io.plumbline.collect.aws;

import static java.util.Objects.requireNonNull;

import io.plumbline.collect.ApiNames;
import io.plumbline.collect.CallStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every HTTP attempt the SDK makes, its own retries included, in {@link CallStats}: the
 * status, or "error" when no response came, and whether the attempt was throttled. IAM throttles
 * with HTTP 400 and the error code {@code Throttling}, so the start of an error body is read to
 * find its code (and handed on unchanged).
 */
final class CallRecorder implements ExecutionInterceptor {

  /**
   * Whether an attempt was sent and no response has been seen for it yet. The SDK keeps attribute
   * names in one JVM-wide registry that refuses duplicates, and this class can be loaded more than
   * once (each Quarkus application start in tests gets a fresh class loader): the name carries the
   * identity of this class so each load registers its own.
   */
  private static final ExecutionAttribute<Boolean> AWAITING_RESPONSE =
      new ExecutionAttribute<>(
          "plumbline.iam.awaitingResponse@"
              + Integer.toHexString(System.identityHashCode(CallRecorder.class)));

  private static final int ERROR_BODY_PREFIX = 4096;

  /** The error code of an XML error (IAM, EC2, S3) or a JSON one (KMS: {@code __type}). */
  private static final Pattern ERROR_CODE =
      Pattern.compile(
          "<Code>\\s*([^<\\s]+)\\s*</Code>|\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([^\"]+)\"");

  private final CallStats stats;

  CallRecorder(CallStats stats) {
    this.stats = requireNonNull(stats, "stats is null");
  }

  /**
   * A proxy's HTML error page sent with status 200: the SDK's XML unmarshaller reads it as an
   * answer without any of the expected elements (an empty list), which would pass for a complete
   * read. Refused here, so the read fails instead.
   */
  private static InputStream refuseHtml(InputStream original) {
    try {
      byte[] prefix = original.readNBytes(64);
      String start =
          new String(prefix, StandardCharsets.UTF_8)
              .stripLeading()
              .toLowerCase(java.util.Locale.ROOT);
      if (start.startsWith("<html") || start.startsWith("<!doctype html")) {
        throw software.amazon.awssdk.core.exception.SdkClientException.create(
            "the response is an HTML page, not an AWS API answer");
      }
      return new SequenceInputStream(new ByteArrayInputStream(prefix), original);
    } catch (java.io.IOException e) {
      throw software.amazon.awssdk.core.exception.SdkClientException.create(
          "the response could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    // the previous attempt of this execution never got a response (I/O error, timeout)
    if (Boolean.TRUE.equals(attributes.getAttribute(AWAITING_RESPONSE))) {
      stats.call(api(attributes), 0);
    }
    attributes.putAttribute(AWAITING_RESPONSE, true);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    attributes.putAttribute(AWAITING_RESPONSE, false);
    int status = context.httpResponse().statusCode();
    stats.call(api(attributes), status);
    Optional<InputStream> body = context.responseBody();
    if (status < 400) {
      // IAM's reads check their answers themselves (MALFORMED_RESPONSE, retried)
      boolean iam =
          "Iam"
              .equals(
                  attributes.getAttribute(
                      software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.SERVICE_NAME));
      return iam ? body : body.map(CallRecorder::refuseHtml);
    }
    if (status == 429) {
      stats.throttled();
      return body;
    }
    if (body.isEmpty()) {
      return body;
    }
    try {
      InputStream original = body.get();
      byte[] prefix = original.readNBytes(ERROR_BODY_PREFIX);
      Matcher code = ERROR_CODE.matcher(new String(prefix, StandardCharsets.UTF_8));
      if (code.find()
          && IamErrors.isThrottling(
              status, code.group(1) != null ? code.group(1) : code.group(2))) {
        stats.throttled();
      }
      return Optional.of(new SequenceInputStream(new ByteArrayInputStream(prefix), original));
    } catch (IOException e) {
      // the SDK would have failed reading the same stream; let it report that its own way
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(AWAITING_RESPONSE))) {
      stats.call(api(attributes), 0);
      attributes.putAttribute(AWAITING_RESPONSE, false);
    }
  }

  /** {@code aws.iam.list_roles}, {@code aws.sts.assume_role}: see {@link ApiNames}. */
  static String api(ExecutionAttributes attributes) {
    return ApiNames.aws(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
