package io.plumbline.baseline;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import java.util.List;

/**
 * A policy file (baseline, waiver, framework mapping) that cannot be used; the message lists the
 * problems, each with the file, line, field and what was expected.
 */
public final class InvalidPolicyFileException extends PlumblineException {

  private final List<String> problems;

  /**
   * @param what what is wrong ("invalid baseline"), without the file: each problem starts with its
   *     file and line
   */
  InvalidPolicyFileException(String what, List<String> problems) {
    super(ErrorKind.USER_ERROR, Problems.message(what, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
