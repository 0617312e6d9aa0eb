package io.plumbline.baseline;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.util.List;

/**
 * A policy file (baseline, waiver, framework mapping) that cannot be used; the message lists the
 * problems, each with the file, line, field and what was expected.
 */
public final class InvalidPolicyFileException extends PlumblineException {

  private static final int MAXIMUM_PROBLEMS_SHOWN = 20;

  private final List<String> problems;

  InvalidPolicyFileException(String summary, List<String> problems) {
    super(ErrorKind.USER_ERROR, format(summary, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(String summary, List<String> problems) {
    StringBuilder message =
        new StringBuilder(summary)
            .append(" (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem)" : " problems)");
    problems.stream()
        .limit(MAXIMUM_PROBLEMS_SHOWN)
        .forEach(problem -> message.append(System.lineSeparator()).append("  ").append(problem));
    if (problems.size() > MAXIMUM_PROBLEMS_SHOWN) {
      message
          .append(System.lineSeparator())
          .append("  ... and ")
          .append(problems.size() - MAXIMUM_PROBLEMS_SHOWN)
          .append(" more");
    }
    return message.toString();
  }
}
