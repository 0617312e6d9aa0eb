package io.plumbline.export.report;

import java.io.IOException;
import java.io.Writer;

/** Renders a {@link ReportModel} in one format; one implementation per format. */
public interface ReportWriter {

  void write(ReportModel model, Writer out) throws IOException;
}
