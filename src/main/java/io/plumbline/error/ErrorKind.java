package io.plumbline.error;

/**
 * Who has to act on an error. The CLI maps each kind to an exit code and the REST API to an HTTP
 * status, each in one place.
 */
public enum ErrorKind {
  /** Bad input from the user: a flag, a config value, a policy or estate file. */
  USER_ERROR,
  /** A system plumbline talks to failed or answered something unusable. */
  EXTERNAL,
  /** A bug in plumbline. */
  INTERNAL
}
