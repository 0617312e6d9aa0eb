package io.plumbline.error;

import static java.util.Objects.requireNonNull;

/** An error whose message is fit to show the user as it is, classified by {@link ErrorKind}. */
public class PlumblineException extends RuntimeException {

  private final ErrorKind kind;

  public PlumblineException(ErrorKind kind, String message) {
    super(requireNonNull(message, "message is null"));
    this.kind = requireNonNull(kind, "kind is null");
  }

  public PlumblineException(ErrorKind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public ErrorKind kind() {
    return kind;
  }

  public static PlumblineException userError(String message) {
    return new PlumblineException(ErrorKind.USER_ERROR, message);
  }
}
