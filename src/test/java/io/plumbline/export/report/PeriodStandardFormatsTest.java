package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.auditor.AuditorStore;
import io.plumbline.auditor.PeriodReport;
import io.plumbline.auditor.PeriodReportBuilder;
import io.plumbline.auditor.PeriodStandardFormats;
import io.plumbline.auditor.Slos;
import io.plumbline.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline report --format ocsf,oscal}: a period ending on a scan with a failed read, from
 * a real store, in both standard formats, each valid against its schema.
 */
class PeriodStandardFormatsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void aPeriodEndingOnAFailedReadIsValidOcsfAndOscalWithItsControlsNotAssessed() throws Exception {
    AuditorStore estate = AuditorStore.shared();
    PeriodReport report;
    Path ocsf;
    try (Store store = estate.open()) {
      report =
          new PeriodReportBuilder(
                  store, Slos.defaults(), Duration.ofHours(25), Optional.empty(), "test", "test")
              .build(estate.incompletePeriod(), PeriodReportBuilder.ALL, Instant.now());
      ocsf = PeriodStandardFormats.writeOcsf(store, report, "test", out);
    }
    OcsfSchema schema = new OcsfSchema(OcsfSchema.locate());
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(ocsf)) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).isNotEmpty();
    for (JsonNode event : events) {
      assertThat(schema.validate(event, "compliance_finding")).as(event.toString()).isEmpty();
    }
    assertThat(events)
        .filteredOn(
            event ->
                event.at("/finding_info/types/0").asText().equals(AuditorStore.SETTING_RULE)
                    && event.at("/resource/data/scope").asText().equals(AuditorStore.DEV))
        .isNotEmpty()
        .allSatisfy(event -> assertThat(event.at("/compliance/status_id").asInt()).isEqualTo(2));

    JsonNode oscal = JSON.readTree(PeriodStandardFormats.writeOscal(report, out).toFile());
    assertThat(StandardFormatsTest.validateOscal(oscal)).isEmpty();
    List<String> findingTitles = new ArrayList<>();
    oscal
        .at("/assessment-results/results/0/findings")
        .forEach(finding -> findingTitles.add(finding.path("title").asText()));
    for (PeriodReport.ControlResult control : report.controls()) {
      String reference = control.framework() + ":" + control.controlId();
      if (control.status().equals(PeriodReport.UNKNOWN)) {
        assertThat(findingTitles).as(reference + " is not assessed").doesNotContain(reference);
      } else {
        assertThat(findingTitles).contains(reference);
      }
    }
    assertThat(report.controls())
        .anySatisfy(control -> assertThat(control.status()).isEqualTo(PeriodReport.UNKNOWN));
  }
}
