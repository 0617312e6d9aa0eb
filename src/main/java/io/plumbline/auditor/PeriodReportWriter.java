package io.plumbline.auditor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.plumbline.error.PlumblineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a {@link PeriodReport}: JSON (the model), CSV (one row per control and rule), HTML and PDF
 * (one template: the PDF is the HTML rendered by openhtmltopdf, with a table of contents, page
 * numbers and running headers).
 */
public final class PeriodReportWriter {

  /** The formats of {@code plumbline report}, each with the file it writes. */
  public enum Format {
    JSON("period-report.json", "application/json"),
    CSV("period-report.csv", "text/csv"),
    HTML("period-report.html", "text/html"),
    PDF("period-report.pdf", "application/pdf");

    private final String fileName;
    private final String mediaType;

    Format(String fileName, String mediaType) {
      this.fileName = fileName;
      this.mediaType = mediaType;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String fileName() {
      return fileName;
    }

    public String mediaType() {
      return mediaType;
    }

    public static Set<Format> parseList(String text) {
      Set<Format> formats = EnumSet.noneOf(Format.class);
      for (String part : text.split(",")) {
        String name = part.strip().toLowerCase(Locale.ROOT);
        if (name.equals("all")) {
          formats.addAll(EnumSet.allOf(Format.class));
          continue;
        }
        formats.add(
            Arrays.stream(values())
                .filter(format -> format.label().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "invalid format \""
                                + part.strip()
                                + "\": expected a comma-separated list of "
                                + Arrays.stream(values())
                                    .map(Format::label)
                                    .collect(Collectors.joining(", "))
                                + " (or all)")));
      }
      return formats;
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private PeriodReportWriter() {}

  /** The report in one format, as bytes. */
  public static byte[] render(PeriodReport report, Format format) {
    try {
      return switch (format) {
        case JSON -> JSON.writeValueAsBytes(report);
        case CSV -> csv(report).getBytes(StandardCharsets.UTF_8);
        case HTML -> PeriodReportHtml.render(report).getBytes(StandardCharsets.UTF_8);
        case PDF -> pdf(PeriodReportHtml.render(report));
      };
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the period report as " + format, e);
    }
  }

  /** Writes every format into {@code directory}, each file replaced atomically. */
  public static List<Path> writeAll(PeriodReport report, Path directory, Set<Format> formats) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Format format : Format.values()) {
        if (!formats.contains(format)) {
          continue;
        }
        Path target = directory.resolve(format.fileName());
        Path partial = directory.resolve(format.fileName() + ".partial");
        Files.write(partial, render(report, format));
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
      }
    } catch (IOException e) {
      throw PlumblineException.userError(
          "cannot write the period report to " + directory + ": " + e);
    }
    return written;
  }

  static byte[] pdf(String html) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = bytes) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(html, null);
      builder.toStream(out);
      builder.run();
    }
    return bytes.toByteArray();
  }

  static String csv(PeriodReport report) {
    StringBuilder csv =
        new StringBuilder(
            "framework,control_id,control_title,control_status,coverage_complete,days_failed,"
                + "rule_id,rule_status,pass,fail,waived,unknown\r\n");
    for (PeriodReport.ControlResult control : report.controls()) {
      for (PeriodReport.RuleResult rule : control.rules()) {
        csv.append(
                String.join(
                    ",",
                    cell(control.framework()),
                    cell(control.controlId()),
                    cell(control.title()),
                    control.status(),
                    String.valueOf(control.coverageComplete()),
                    String.valueOf(control.daysFailedCount()),
                    cell(rule.ruleId()),
                    rule.status(),
                    String.valueOf(rule.pass()),
                    String.valueOf(rule.fail()),
                    String.valueOf(rule.waived()),
                    String.valueOf(rule.unknown())))
            .append("\r\n");
      }
    }
    return csv.toString();
  }

  /** RFC 4180 quoting, and a leading formula character neutralised for spreadsheets. */
  private static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
