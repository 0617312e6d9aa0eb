package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportWriterTest {

  private static String render() throws IOException {
    StringWriter out = new StringWriter();
    new CsvReportWriter().write(ReportFixtures.model(), out);
    return out.toString();
  }

  @Test
  void itHasAHeaderAndOneRowPerFindingThatAnRfc4180ReaderReadsBack() throws IOException {
    List<List<String>> rows = parse(render());

    assertThat(rows.get(0)).isEqualTo(CsvReportWriter.COLUMNS);
    assertThat(rows).hasSize(ReportFixtures.model().findings().size() + 1);
    assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(CsvReportWriter.COLUMNS.size()));
    List<String> token =
        rows.stream()
            .filter(row -> row.get(7).startsWith("tok-<script>"))
            .findFirst()
            .orElseThrow();
    assertThat(token.get(9))
        .isEqualTo("token of =HYPERLINK(\"http://x\") never expires, \"created\" by\nemma");
  }

  @Test
  void linesEndWithCrLfAndQuotesAreDoubled() throws IOException {
    String csv = render();

    assertThat(csv).endsWith("\r\n").contains("\"\"created\"\"");
    assertThat(csv.replace("\r\n", "")).doesNotContain("\r");
  }

  @Test
  void aFieldASpreadsheetWouldRunAsAFormulaIsNeutralised() {
    assertThat(CsvReportWriter.field("=HYPERLINK(\"http://x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(CsvReportWriter.field("+1")).isEqualTo("'+1");
    assertThat(CsvReportWriter.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvReportWriter.field("plain")).isEqualTo("plain");
  }

  /** A strict RFC 4180 reader: CRLF records, quoted fields may hold commas, quotes and breaks. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int index = 0;
    while (index < text.length()) {
      char character = text.charAt(index);
      if (quoted) {
        if (character == '"' && index + 1 < text.length() && text.charAt(index + 1) == '"') {
          field.append('"');
          index += 2;
          continue;
        }
        if (character == '"') {
          quoted = false;
        } else {
          field.append(character);
        }
        index++;
        continue;
      }
      if (character == '"' && field.length() == 0) {
        quoted = true;
      } else if (character == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (character == '\r' && text.startsWith("\r\n", index)) {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        index++;
      } else {
        field.append(character);
      }
      index++;
    }
    assertThat(quoted).as("unterminated quoted field").isFalse();
    assertThat(row).as("last record not terminated by CRLF").isEmpty();
    return rows;
  }
}
