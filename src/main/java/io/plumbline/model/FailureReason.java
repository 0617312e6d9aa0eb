package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * Why a read failed, after every attempt: the last HTTP status (absent for I/O errors and
 * timeouts), the API's error code, its message, and how many attempts were made.
 */
public record FailureReason(
    OptionalInt httpStatus, String errorCode, String message, int attempts) {

  public FailureReason {
    requireNonNull(httpStatus, "httpStatus is null");
    requireNonNull(errorCode, "errorCode is null");
    requireNonNull(message, "message is null");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
  }

  @Override
  public String toString() {
    return (httpStatus.isPresent() ? httpStatus.getAsInt() + " " : "")
        + errorCode
        + ": "
        + message
        + " ("
        + attempts
        + (attempts == 1 ? " attempt)" : " attempts)");
  }
}
