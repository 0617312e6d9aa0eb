package io.plumbline.collect.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.plumbline.collect.ReadException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs SDK calls and turns whatever they throw into a {@link ReadException}: the HTTP status, the
 * API's error code, a one-line message with every credential value masked, and whether trying the
 * read again may help. A list must be drained inside the call: the SDK's iterables fetch pages
 * lazily, and a page that fails must fail the whole read.
 */
final class SdkCalls {

  static final String METASTORE_DOES_NOT_EXIST = "METASTORE_DOES_NOT_EXIST";

  /** The SDK's error code and pseudo-status for a request that got no response. */
  private static final String SDK_IO_ERROR = "IO_ERROR";

  private static final int SDK_IO_STATUS = 523;
  private static final int MAXIMUM_MESSAGE_LENGTH = 300;

  @FunctionalInterface
  interface Call<T> {
    T call() throws IOException;
  }

  private final List<String> secrets;

  /**
   * @param secrets credential values that must never appear in a message (masked wherever an API or
   *     the SDK echoes them)
   */
  SdkCalls(List<String> secrets) {
    this.secrets = secrets.stream().filter(secret -> !secret.isEmpty()).toList();
  }

  <T> T call(String operation, Call<T> call) throws ReadException, InterruptedException {
    try {
      return call.call();
    } catch (DatabricksException e) {
      throw translate(operation, e);
    } catch (IOException e) {
      throw translateIo(operation, e);
    } catch (RuntimeException e) {
      // the SDK failing on an answer it did not expect (a missing field, an unmappable value)
      throw new ReadException(
          OptionalInt.empty(),
          "SDK_ERROR",
          message(operation, e.getClass().getSimpleName() + ": " + e.getMessage()),
          false,
          Optional.empty(),
          e);
    }
  }

  /** An answer that parsed but lacks what every answer must carry (an id, a requested key). */
  static ReadException malformed(String message) {
    return new ReadException(
        OptionalInt.empty(), "MALFORMED_RESPONSE", message, false, Optional.empty(), null);
  }

  /** Whether a failure is Unity Catalog's explicit "this workspace has no metastore". */
  static boolean isMetastoreMissing(ReadException failure) {
    return failure.httpStatus().orElse(0) == 404
        && METASTORE_DOES_NOT_EXIST.equals(failure.errorCode());
  }

  ReadException translate(String operation, DatabricksException failure)
      throws InterruptedException {
    if (Thread.currentThread().isInterrupted()
        || failure.getCause() instanceof InterruptedException) {
      throw interrupted(operation, failure);
    }
    DatabricksError error = null;
    boolean exhaustedSdkRetries = false;
    if (failure instanceof DatabricksError direct) {
      error = direct;
    } else if (failure.getCause() instanceof DatabricksError cause) {
      // "Request GET ... failed after 4 retries": the SDK gave up on a 429, 503 or connect error
      error = cause;
      exhaustedSdkRetries = true;
    }
    String suffix = exhaustedSdkRetries ? " (the SDK's retries were exhausted)" : "";
    if (error != null) {
      if (SDK_IO_ERROR.equals(error.getErrorCode()) || error.getStatusCode() == SDK_IO_STATUS) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return ioFailure(operation, cause, suffix, failure);
      }
      int status = error.getStatusCode();
      String code =
          error.getErrorCode() == null || error.getErrorCode().isBlank()
              ? "HTTP_" + status
              : error.getErrorCode();
      return new ReadException(
          status > 0 ? OptionalInt.of(status) : OptionalInt.empty(),
          code,
          message(operation, error.getMessage()) + suffix,
          exhaustedSdkRetries || ReadException.retryableStatus(status),
          Optional.empty(),
          failure);
    }
    Optional<IOException> io = ioCause(failure);
    if (io.isPresent()) {
      // the SDK wraps a body it could not read or parse as "IO error: ..."
      return ioFailure(operation, io.get(), suffix, failure);
    }
    return new ReadException(
        OptionalInt.empty(),
        "SDK_ERROR",
        message(operation, failure.getMessage()),
        false,
        Optional.empty(),
        failure);
  }

  private ReadException translateIo(String operation, IOException failure)
      throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(operation, failure);
    }
    return ioFailure(operation, failure, "", failure);
  }

  private ReadException ioFailure(
      String operation, Throwable cause, String suffix, Throwable failure)
      throws InterruptedException {
    if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
      throw interrupted(operation, failure);
    }
    String code =
        cause instanceof JsonProcessingException
            ? "MALFORMED_RESPONSE"
            : cause instanceof SocketTimeoutException ? "TIMEOUT" : "IO_ERROR";
    String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new ReadException(
        OptionalInt.empty(),
        code,
        message(operation, detail) + suffix,
        true,
        Optional.empty(),
        failure);
  }

  private static Optional<IOException> ioCause(Throwable failure) {
    Throwable cause = failure.getCause();
    for (int depth = 0; cause != null && depth < 8; depth++) {
      if (cause instanceof IOException io) {
        return Optional.of(io);
      }
      cause = cause.getCause();
    }
    return Optional.empty();
  }

  private InterruptedException interrupted(String operation, Throwable failure) {
    Thread.currentThread().interrupt();
    InterruptedException interrupted = new InterruptedException(operation + ": interrupted");
    interrupted.initCause(failure);
    return interrupted;
  }

  /** "operation: first line of the message", credentials masked, at most a few hundred chars. */
  String message(String operation, String text) {
    String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
    for (String secret : secrets) {
      line = line.replace(secret, "****");
    }
    if (line.length() > MAXIMUM_MESSAGE_LENGTH) {
      line = line.substring(0, MAXIMUM_MESSAGE_LENGTH) + "...";
    }
    return line.isEmpty() ? operation : operation + ": " + line;
  }
}
