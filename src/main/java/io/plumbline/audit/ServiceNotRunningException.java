package io.plumbline.audit;

/** The service has not started (or has stopped): the API answers 503. */
public final class ServiceNotRunningException extends RuntimeException {
  public ServiceNotRunningException(String message) {
    super(message);
  }
}
