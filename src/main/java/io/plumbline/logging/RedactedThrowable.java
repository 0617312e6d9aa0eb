package io.plumbline.logging;

/**
 * A copy of an exception whose message held a credential: the same class name (in {@link
 * #toString}), stack trace and causes, with the messages redacted. An exception without one is
 * logged as it is.
 */
final class RedactedThrowable extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final int DEEPEST_CAUSE = 20;

  private final String originalClass;

  private RedactedThrowable(Throwable original, String message, Throwable cause) {
    super(message, cause, true, true);
    this.originalClass = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  /** {@code thrown} itself when no message of it or its causes changes, else a redacted copy. */
  static Throwable of(Throwable thrown) {
    return needsRedaction(thrown, 0) ? copy(thrown, 0) : thrown;
  }

  private static boolean needsRedaction(Throwable thrown, int depth) {
    if (thrown == null || depth >= DEEPEST_CAUSE) {
      return false;
    }
    String message = thrown.getMessage();
    if (message != null && !message.equals(Redaction.redact(message))) {
      return true;
    }
    for (Throwable suppressed : thrown.getSuppressed()) {
      if (needsRedaction(suppressed, depth + 1)) {
        return true;
      }
    }
    return thrown.getCause() != thrown && needsRedaction(thrown.getCause(), depth + 1);
  }

  /** Causes first (a cause is given at construction); a cycle ends at the depth limit. */
  private static Throwable copy(Throwable original, int depth) {
    Throwable cause = original.getCause();
    Throwable causeCopy =
        cause == null || cause == original || depth + 1 >= DEEPEST_CAUSE
            ? null
            : copy(cause, depth + 1);
    RedactedThrowable copy =
        new RedactedThrowable(original, Redaction.redact(original.getMessage()), causeCopy);
    if (depth + 1 < DEEPEST_CAUSE) {
      for (Throwable suppressed : original.getSuppressed()) {
        copy.addSuppressed(copy(suppressed, depth + 1));
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? originalClass : originalClass + ": " + message;
  }
}
