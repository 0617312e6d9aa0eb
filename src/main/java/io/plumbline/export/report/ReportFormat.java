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
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The registered report writers, one constant per writer. Everything else about a format (its name,
 * file and media type) is what its writer declares; the list of formats that options, config and
 * the API accept is derived from these constants.
 */
public enum ReportFormat {
  JSON(JsonReportWriter::new),
  CSV(CsvReportWriter::new),
  SARIF(SarifReportWriter::new),
  HTML(HtmlReportWriter::new),
  /** Written only when named: one event per finding, for a SIEM or a security lake. */
  OCSF(OcsfReportWriter::new, false),
  /** Written only when named: for GRC tools that take OSCAL. */
  OSCAL(OscalReportWriter::new, false);

  private final boolean byDefault;
  private final String label;
  private final String fileName;
  private final String mediaType;
  private final Supplier<ReportWriter> writer;

  ReportFormat(Supplier<ReportWriter> writer) {
    this(writer, true);
  }

  ReportFormat(Supplier<ReportWriter> writer, boolean byDefault) {
    this.byDefault = byDefault;
    ReportWriter declared = writer.get();
    this.label = declared.format();
    this.fileName = declared.fileName();
    this.mediaType = declared.mediaType();
    this.writer = writer;
  }

  /** The name the writer declares: {@code json}. */
  public String label() {
    return label;
  }

  public String fileName() {
    return fileName;
  }

  public String mediaType() {
    return mediaType;
  }

  public ReportWriter writer() {
    return writer.get();
  }

  /** The format named {@code label}, if a writer declares it. */
  public static Optional<ReportFormat> byLabel(String label) {
    return Arrays.stream(values()).filter(format -> format.label.equals(label)).findFirst();
  }

  /** The format whose writer writes files named {@code fileName}, if any. */
  public static Optional<ReportFormat> byFileName(String fileName) {
    return Arrays.stream(values()).filter(format -> format.fileName.equals(fileName)).findFirst();
  }

  /** How help texts list the formats: {@code json (findings.json), csv (findings.csv), ...}. */
  public static List<String> described() {
    return Arrays.stream(values())
        .map(format -> format.label + " (" + format.fileName + ")")
        .toList();
  }

  /**
   * The formats written when none are named, and what {@code all} means: every format but those
   * written only on request (ocsf, oscal).
   */
  public static String labels() {
    return Arrays.stream(values())
        .filter(format -> format.byDefault)
        .map(ReportFormat::label)
        .collect(Collectors.joining(","));
  }

  /** Every format a writer declares, those written only on request included. */
  public static String allLabels() {
    return Arrays.stream(values()).map(ReportFormat::label).collect(Collectors.joining(","));
  }

  /**
   * Parses a comma-separated list of format names (any subset, any order, {@code all} for every
   * one).
   */
  public static Set<ReportFormat> parseList(String text) {
    Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
    for (String part : text.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        Arrays.stream(values()).filter(format -> format.byDefault).forEach(formats::add);
        continue;
      }
      ReportFormat format =
          byLabel(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "invalid format \""
                              + part.strip()
                              + "\": expected a comma-separated list of "
                              + String.join(", ", allLabels().split(","))
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
