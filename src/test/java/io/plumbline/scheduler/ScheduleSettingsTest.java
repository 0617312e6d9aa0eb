package io.plumbline.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleSettingsTest {

  private static ScheduleSettings fromProperties(Map<String, String> properties) {
    ScheduleConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(ScheduleConfig.class)
            .withValidateUnknown(true)
            .build()
            .getConfigMapping(ScheduleConfig.class);
    return ScheduleSettings.from(config);
  }

  @Test
  void theDefaultsScanEveryThirtyMinutesWithAGeneratedInstanceId() {
    ScheduleSettings settings = fromProperties(Map.of());

    assertThat(settings)
        .isEqualTo(
            new ScheduleSettings(
                "0 0/30 * * * ?",
                ZoneId.of("UTC"),
                true,
                "AUTO",
                Duration.ofSeconds(15),
                Duration.ofMinutes(5)));
    assertThat(settings.generatesInstanceId()).isTrue();
  }

  @Test
  void everyPropertyIsReadFromConfiguration() {
    ScheduleSettings settings =
        fromProperties(
            Map.of(
                "plumbline.schedule.cron", "0 15 2 * * ?",
                "plumbline.schedule.time-zone", "Europe/Paris",
                "plumbline.schedule.enabled", "false",
                "plumbline.schedule.instance-id", "plumbline-0",
                "plumbline.schedule.shutdown-grace", "30s",
                "plumbline.schedule.cluster-checkin-interval", "5s"));

    assertThat(settings)
        .isEqualTo(
            new ScheduleSettings(
                "0 15 2 * * ?",
                ZoneId.of("Europe/Paris"),
                false,
                "plumbline-0",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
  }

  @Test
  void aBadCronExpressionIsAUserErrorNamingThePropertyAndTheValue() {
    assertThatThrownBy(() -> fromProperties(Map.of("plumbline.schedule.cron", "0 61 * * * ?")))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("invalid plumbline.schedule.cron \"0 61 * * * ?\"")
        .hasMessageContaining("Minute")
        .extracting(e -> ((PlumblineException) e).kind())
        .isEqualTo(ErrorKind.USER_ERROR);
  }

  @Test
  void aUnixCronExpressionIsRefusedWithAHintAboutTheSecondsField() {
    assertThatThrownBy(() -> ScheduleSettings.ofCron("*/30 * * * *"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("invalid plumbline.schedule.cron \"*/30 * * * *\"")
        .hasMessageContaining("5 fields")
        .hasMessageContaining("seconds");
  }

  @Test
  void aCronExpressionThatNeverFiresAgainIsRefused() {
    assertThatThrownBy(() -> ScheduleSettings.ofCron("0 0 0 1 1 ? 2001"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("never fires again");
  }

  @Test
  void aCheckinIntervalBelowATenthOfASecondIsRefused() {
    assertThatThrownBy(
            () ->
                ScheduleSettings.ofCron("0 0/30 * * * ?")
                    .withClusterCheckinInterval(Duration.ofMillis(10)))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("plumbline.schedule.cluster-checkin-interval");
  }

  @Test
  void theDatabaseVendorComesFromTheJdbcUrlWithoutEchoingIt() {
    assertThat(DatabaseVendor.fromJdbcUrl("jdbc:h2:file:/var/lib/plumbline/db"))
        .isEqualTo(DatabaseVendor.H2);
    assertThat(DatabaseVendor.fromJdbcUrl("jdbc:postgresql://db:5432/plumbline"))
        .isEqualTo(DatabaseVendor.POSTGRESQL);
    assertThatThrownBy(() -> DatabaseVendor.fromJdbcUrl("jdbc:mysql://db/x?password=hunter2"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("jdbc:mysql:")
        .message()
        .doesNotContain("hunter2");
  }
}
