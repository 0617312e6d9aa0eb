package io.plumbline.export.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Renders a {@link ReportModel} in one format; one implementation per format. A writer declares its
 * format's name (what {@code --format} and {@code plumbline.serve.report-formats} select it by),
 * the file it writes in an output directory and the media type the API serves it as; {@link
 * ReportFormat} registers the writers and derives the list of formats from them.
 */
public interface ReportWriter {

  /** The format's name, lower case: {@code json}. */
  String format();

  /** The file written in an output directory: {@code findings.json}. */
  String fileName();

  /** The media type of the file: {@code application/json}. */
  String mediaType();

  void write(ReportModel model, Writer out) throws IOException;
}
