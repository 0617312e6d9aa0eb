package io.plumbline.auditor;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span a period report covers, in UTC: from (inclusive) to (exclusive), with the label people
 * gave it ({@code 2026-Q4}, {@code 2026-11}, {@code 2026-W47}, or {@code 2026-11-01..2026-11-30}).
 */
public record Period(Instant from, Instant to, String label) {

  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

  public Period {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    requireNonNull(label, "label is null");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "the period ends (" + to + ") before it starts (" + from + ")");
    }
  }

  /** {@code 2026-Q4}, {@code 2026-11} or {@code 2026-W47} (ISO week). */
  public static Period parse(String text) {
    String value = text.strip();
    Matcher quarter = QUARTER.matcher(value);
    if (quarter.matches()) {
      int year = Integer.parseInt(quarter.group(1));
      int first = (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1;
      LocalDate start = LocalDate.of(year, first, 1);
      return days(start, start.plusMonths(3), value);
    }
    Matcher week = WEEK.matcher(value);
    if (week.matches()) {
      int year = Integer.parseInt(week.group(1));
      int number = Integer.parseInt(week.group(2));
      LocalDate anyDay = LocalDate.of(year, 6, 1);
      if (number < 1 || number > anyDay.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
        throw new IllegalArgumentException(
            "invalid week \""
                + value
                + "\": "
                + year
                + " has weeks W01 to W"
                + anyDay.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum());
      }
      LocalDate start =
          anyDay
              .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number)
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      return days(start, start.plusWeeks(1), value);
    }
    Matcher month = MONTH.matcher(value);
    if (month.matches()) {
      int number = Integer.parseInt(month.group(2));
      if (number < 1 || number > 12) {
        throw new IllegalArgumentException("invalid month \"" + value + "\": expected 01 to 12");
      }
      YearMonth yearMonth = YearMonth.of(Integer.parseInt(month.group(1)), number);
      return days(yearMonth.atDay(1), yearMonth.plusMonths(1).atDay(1), value);
    }
    throw new IllegalArgumentException(
        "invalid period \""
            + value
            + "\": expected a quarter (2026-Q4), a month (2026-11) or an"
            + " ISO week (2026-W47)");
  }

  /**
   * {@code --from} and {@code --to}: dates (YYYY-MM-DD, {@code --to} inclusive: the whole day) or
   * ISO instants ({@code --to} exclusive).
   */
  public static Period between(String from, String to) {
    Instant start = instant(from, false, "--from");
    Instant end = instant(to, true, "--to");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "--to (" + to.strip() + ") is not after --from (" + from.strip() + ")");
    }
    return new Period(start, end, from.strip() + ".." + to.strip());
  }

  /** The calendar month before the one {@code now} falls in: what the monthly schedule reports. */
  public static Period previousMonth(Instant now) {
    YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC)).minusMonths(1);
    return days(month.atDay(1), month.plusMonths(1).atDay(1), month.toString());
  }

  /** Whether {@code at} lies in the period. */
  public boolean contains(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  private static Period days(LocalDate start, LocalDate end, String label) {
    return new Period(
        start.atStartOfDay(ZoneOffset.UTC).toInstant(),
        end.atStartOfDay(ZoneOffset.UTC).toInstant(),
        label);
  }

  private static Instant instant(String text, boolean endOfDay, String option) {
    String value = text.strip();
    try {
      LocalDate date = LocalDate.parse(value);
      return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notADate) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            option
                + ": invalid date \""
                + value
                + "\": expected YYYY-MM-DD or an ISO time such as"
                + " 2026-11-01T00:00:00Z");
      }
    }
  }
}
