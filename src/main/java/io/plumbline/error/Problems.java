package io.plumbline.error;

import java.util.List;

/**
 * The one shape of a message listing problems with a file: the first line says what is wrong and
 * the first problem (each problem starts with its file and line), the others follow, one a line. A
 * person, or a CI log's one-line summary, reads the first line and knows where to look.
 */
public final class Problems {

  /** Problems listed after the first line; a file with more shows a count instead. */
  public static final int MAXIMUM_SHOWN = 20;

  private Problems() {}

  /**
   * {@code what: first problem (and N more problems below)}, then the others indented, e.g. {@code
   * invalid baseline: policies/baselines/prod.yaml:4:15: /tiers/prod/modes/groups: ...}.
   */
  public static String message(String what, List<String> problems) {
    if (problems.isEmpty()) {
      return what;
    }
    StringBuilder message = new StringBuilder(what).append(": ").append(problems.get(0));
    int more = problems.size() - 1;
    if (more > 0) {
      message
          .append(" (and ")
          .append(more)
          .append(more == 1 ? " more problem below)" : " more problems below)");
    }
    problems.stream()
        .skip(1)
        .limit(MAXIMUM_SHOWN)
        .forEach(problem -> message.append(System.lineSeparator()).append("  ").append(problem));
    if (more > MAXIMUM_SHOWN) {
      message
          .append(System.lineSeparator())
          .append("  ... and ")
          .append(more - MAXIMUM_SHOWN)
          .append(" more");
    }
    return message.toString();
  }
}
