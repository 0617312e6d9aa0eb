package io.plumbline.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code --since} / {@code ?since=} argument: a date (midnight UTC) or an ISO-8601 instant. */
public final class TimeArguments {

  private TimeArguments() {}

  public static Instant parseSince(String text) {
    String value = text.strip();
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid date \""
              + text
              + "\": expected YYYY-MM-DD or an ISO-8601 time such as 2026-11-21T08:00:00Z");
    }
  }
}
