package io.plumbline.export.report;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every format rendered from the same model, compared with its golden file (regenerate with {@code
 * -Dplumbline.regenerateGoldens=true}, then review the diff).
 */
class ReportWritersGoldenTest {

  @ParameterizedTest(name = "{0} matches its golden file")
  @EnumSource(ReportFormat.class)
  void eachFormatRendersTheFixtureModelAsItsGoldenFile(ReportFormat format) throws IOException {
    StringWriter out = new StringWriter();

    format.writer().write(ReportFixtures.model(), out);

    Golden.assertMatches(format.fileName(), out.toString());
  }
}
