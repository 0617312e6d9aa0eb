package io.plumbline.collect;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed API call in collector-neutral terms: collectors translate their SDK's exceptions into
 * this so that the engine can decide on retries and report coverage without knowing any SDK.
 */
public class ReadException extends Exception {

  private final OptionalInt httpStatus;
  private final String errorCode;
  private final boolean retryable;
  private final Optional<Duration> retryAfter;

  public ReadException(
      OptionalInt httpStatus,
      String errorCode,
      String message,
      boolean retryable,
      Optional<Duration> retryAfter,
      Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public OptionalInt httpStatus() {
    return httpStatus;
  }

  public String errorCode() {
    return errorCode;
  }

  /** Whether trying the whole read again may succeed (throttling, 5xx, I/O, bad body). */
  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /** Whether the status is one a read should retry: throttling and server-side failures. */
  public static boolean retryableStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }
}
