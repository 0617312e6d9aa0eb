package io.plumbline.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/sat-parity.md accounts for every AWS-applicable check of the Security Analysis Tool: one row
 * each, covered by rules that exist in the pack or explained, and the totals at the top are right.
 */
class SatParityTest {

  private static final Path PAGE = Path.of("docs", "sat-parity.md");
  private static final Path SAT_IDS =
      Path.of("src", "test", "resources", "sat", "aws-check-ids.txt");
  private static final Pattern RULE_ID = Pattern.compile("@id\\(\"([A-Z0-9-]+)\"\\)");
  private static final Pattern TOTALS =
      Pattern.compile(
          "\\*\\*(\\d+) AWS-applicable SAT checks: (\\d+) covered by plumbline rules, (\\d+)"
              + " explained, 0 unaccounted\\.\\*\\*");

  private record Row(String satId, String status, List<String> rules, String note) {}

  @Test
  void everyAwsApplicableSatCheckHasExactlyOneRow() throws IOException {
    List<String> expected =
        Files.readAllLines(SAT_IDS).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .toList();
    assertThat(expected).hasSize(65);

    assertThat(rows().keySet()).containsExactlyElementsOf(expected);
  }

  @Test
  void coveredRowsNameRulesOfThePackAndExplainedRowsSayWhy() throws IOException {
    Set<String> pack = rulePack();
    for (Row row : rows().values()) {
      assertThat(row.status()).as(row.satId()).isIn("covered", "explained");
      assertThat(pack).as(row.satId()).containsAll(row.rules());
      if (row.status().equals("covered")) {
        assertThat(row.rules()).as(row.satId()).isNotEmpty();
      } else {
        assertThat(row.note()).as(row.satId()).isNotBlank();
      }
    }
  }

  @Test
  void theTotalsAtTheTopCountTheRows() throws IOException {
    Matcher totals = TOTALS.matcher(Files.readString(PAGE));
    assertThat(totals.find()).as("the totals line of " + PAGE).isTrue();
    Map<String, Row> rows = rows();
    long covered = rows.values().stream().filter(row -> row.status().equals("covered")).count();
    assertThat(Integer.parseInt(totals.group(1))).isEqualTo(rows.size());
    assertThat(Long.parseLong(totals.group(2))).isEqualTo(covered);
    assertThat(Long.parseLong(totals.group(3))).isEqualTo(rows.size() - covered);
  }

  private static Map<String, Row> rows() throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(PAGE)) {
      if (!line.startsWith("| ") || line.startsWith("| SAT check") || line.startsWith("| ---")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertThat(cells).as(line).hasSize(5);
      List<String> rules = new ArrayList<>();
      Arrays.stream(cells[3].split(","))
          .map(String::strip)
          .filter(id -> !id.isEmpty())
          .forEach(rules::add);
      Row row = new Row(cells[0].strip(), cells[2].strip(), rules, cells[4].strip());
      assertThat(rows.put(row.satId(), row)).as("a second row for " + row.satId()).isNull();
    }
    return rows;
  }

  private static Set<String> rulePack() {
    Set<String> ids = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("rules"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".drl")).toList()) {
        Matcher matcher = RULE_ID.matcher(Files.readString(file));
        while (matcher.find()) {
          ids.add(matcher.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }
}
