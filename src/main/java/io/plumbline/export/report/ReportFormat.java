package io.plumbline.export.report;

import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.io.Writer;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The report formats by name, each with its writer and the file it writes in an output directory.
 */
public enum ReportFormat {
  JSON("json", "findings.json", JsonReportWriter::new),
  CSV("csv", "findings.csv", CsvReportWriter::new),
  SARIF("sarif", "findings.sarif", SarifReportWriter::new),
  HTML("html", "report.html", HtmlReportWriter::new);

  private final String label;
  private final String fileName;
  private final Supplier<ReportWriter> writer;

  ReportFormat(String label, String fileName, Supplier<ReportWriter> writer) {
    this.label = label;
    this.fileName = fileName;
    this.writer = writer;
  }

  public String label() {
    return label;
  }

  public String fileName() {
    return fileName;
  }

  public ReportWriter writer() {
    return writer.get();
  }

  public static String labels() {
    return Arrays.stream(values()).map(ReportFormat::label).collect(Collectors.joining(","));
  }

  /** Parses {@code json,csv,sarif,html} (any subset, any order, {@code all} for every one). */
  public static Set<ReportFormat> parseList(String text) {
    Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
    for (String part : text.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        formats.addAll(EnumSet.allOf(ReportFormat.class));
        continue;
      }
      ReportFormat format =
          Arrays.stream(values())
              .filter(candidate -> candidate.label.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "invalid format \""
                              + part.strip()
                              + "\": expected a comma-separated list of "
                              + String.join(", ", labels().split(","))
                              + " (or all)"));
      formats.add(format);
    }
    return formats;
  }

  /**
   * Writes the model in every given format into {@code directory}, each file replaced atomically so
   * that a reader never sees half a report.
   */
  public static List<Path> writeAll(ReportModel model, Path directory, Set<ReportFormat> formats) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (ReportFormat format : values()) {
        if (!formats.contains(format)) {
          continue;
        }
        Path target = directory.resolve(format.fileName);
        Path partial = directory.resolve(format.fileName + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
          format.writer().write(model, out);
        }
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
      }
    } catch (IOException e) {
      throw PlumblineException.userError("cannot write reports to " + directory + ": " + e);
    }
    return written;
  }
}
