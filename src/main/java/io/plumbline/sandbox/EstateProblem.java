package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

/**
 * Something wrong in an estate document: where (a JSON Pointer into the document, "" for the root)
 * and what was expected.
 */
public record EstateProblem(String pointer, String message) {

  public EstateProblem {
    requireNonNull(pointer, "pointer is null");
    requireNonNull(message, "message is null");
  }
}
