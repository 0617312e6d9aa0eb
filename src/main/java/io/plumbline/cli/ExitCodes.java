package io.plumbline.cli;

import io.plumbline.error.ErrorKind;

/** Process exit codes; later commands keep these meanings (CI systems act on them). */
public final class ExitCodes {

  public static final int SUCCESS = 0;

  /** A finding at or above the failure threshold failed. */
  public static final int FINDINGS = 1;

  /** A usage or configuration error: bad flag, bad file. */
  public static final int USAGE = 2;

  /** Collection was incomplete: some coverage FAILED, or an external system failed. */
  public static final int INCOMPLETE = 3;

  /** A bug in plumbline. */
  public static final int INTERNAL = 70;

  private ExitCodes() {}

  public static int of(ErrorKind kind) {
    return switch (kind) {
      case USER_ERROR -> USAGE;
      case EXTERNAL -> INCOMPLETE;
      case INTERNAL -> INTERNAL;
    };
  }
}
