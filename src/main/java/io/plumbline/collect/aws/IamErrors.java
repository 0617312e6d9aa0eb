package io.plumbline.collect.aws;

import io.plumbline.collect.ReadException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK exceptions into {@link ReadException}s, so no SDK type leaves the package. */
final class IamErrors {

  /** Error codes AWS services use for throttling, whatever the HTTP status. */
  static final Set<String> THROTTLING_CODES =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottled",
          "RequestThrottledException",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "SlowDown",
          "PriorRequestNotComplete");

  private IamErrors() {}

  static boolean isThrottling(int status, String errorCode) {
    return status == 429 || (errorCode != null && THROTTLING_CODES.contains(errorCode));
  }

  /**
   * @param action the IAM action that failed, e.g. {@code GetAccountAuthorizationDetails}
   */
  static ReadException translate(SdkException e, String action) {
    if (e instanceof AwsServiceException service) {
      return service(service, action);
    }
    if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
      return new ReadException(
          OptionalInt.empty(),
          "TIMEOUT",
          action + ": " + e.getMessage(),
          true,
          Optional.empty(),
          e);
    }
    if (hasCause(e, XMLStreamException.class) || isUnmarshallingFailure(e)) {
      return new ReadException(
          OptionalInt.empty(),
          "MALFORMED_RESPONSE",
          action + ": the response could not be parsed: " + rootMessage(e),
          true,
          Optional.empty(),
          e);
    }
    if (hasCause(e, IOException.class)) {
      return new ReadException(
          OptionalInt.empty(),
          "IO_ERROR",
          action + ": " + rootMessage(e),
          true,
          Optional.empty(),
          e);
    }
    // e.g. no credentials found: trying the same read again cannot help
    return new ReadException(
        OptionalInt.empty(),
        e instanceof SdkClientException ? "AWS_CLIENT_ERROR" : "AWS_SDK_ERROR",
        action + ": " + e.getMessage(),
        false,
        Optional.empty(),
        e);
  }

  private static ReadException service(AwsServiceException e, String action) {
    int status = e.statusCode();
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    String message = details == null ? null : details.errorMessage();
    boolean throttled = e.isThrottlingException() || isThrottling(status, code);
    boolean retryable = throttled || ReadException.retryableStatus(status) || status >= 500;
    return new ReadException(
        status > 0 ? OptionalInt.of(status) : OptionalInt.empty(),
        code == null || code.isBlank() ? "HTTP_" + status : code,
        action + ": " + (message == null || message.isBlank() ? e.getMessage() : message),
        retryable,
        retryAfter(details),
        e);
  }

  /** IAM sends no Retry-After today; honour one if a proxy or a future IAM does. */
  private static Optional<Duration> retryAfter(AwsErrorDetails details) {
    if (details == null || details.sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return details
        .sdkHttpResponse()
        .firstMatchingHeader("Retry-After")
        .flatMap(
            value -> {
              try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static boolean isUnmarshallingFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null
          && (message.contains("Unable to unmarshall") || message.contains("Unable to parse"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
