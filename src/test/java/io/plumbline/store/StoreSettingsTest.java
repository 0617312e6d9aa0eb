package io.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.PlumblineException;
import io.plumbline.model.Secret;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSettingsTest {

  private static final String SECRET = "s3cret-do-not-print";

  @Test
  void theDefaultIsAnH2FileUnderTheWorkingDirectoryKeptFourHundredDays() {
    StoreSettings settings = StoreSettings.defaults();

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:h2:file:./.plumbline/store/plumbline");
    assertThat(settings.retainFor()).isEqualTo(Duration.ofDays(400));
    assertThat(settings.retainCount()).isEmpty();
    assertThat(settings.username()).isEmpty();
    assertThat(settings.password()).isEmpty();
  }

  @Test
  void theDisplayUrlMasksEveryPasswordLikeValue() {
    assertThat(
            StoreSettings.of(
                    "jdbc:postgresql://db:5432/plumbline?user=plumbline&password="
                        + SECRET
                        + "&sslmode=verify-full&sslpassword="
                        + SECRET)
                .displayUrl())
        .isEqualTo(
            "jdbc:postgresql://db:5432/plumbline?user=plumbline&password=****"
                + "&sslmode=verify-full&sslpassword=****");
    assertThat(
            StoreSettings.of("jdbc:h2:file:./x;USER=sa;PASSWORD=" + SECRET + ";MODE=Regular")
                .displayUrl())
        .isEqualTo("jdbc:h2:file:./x;USER=sa;PASSWORD=****;MODE=Regular");
    assertThat(
            StoreSettings.of("jdbc:postgresql://plumbline:" + SECRET + "@db/plumbline")
                .displayUrl())
        .isEqualTo("jdbc:postgresql://plumbline:****@db/plumbline");
  }

  @Test
  void theStringFormShowsNoPassword() {
    StoreSettings settings =
        StoreSettings.of("jdbc:postgresql://db/plumbline?password=" + SECRET)
            .withCredentials("plumbline", Secret.of(SECRET));

    assertThat(settings.toString())
        .doesNotContain(SECRET)
        .contains(
            "jdbc:postgresql://db/plumbline?password=****", "username=plumbline", "password=****");
  }

  @Test
  void anUnsupportedUrlIsRefusedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> StoreSettings.of("jdbc:mysql://db/plumbline?password=" + SECRET))
        .isInstanceOf(PlumblineException.class)
        .hasMessage(
            "unsupported store URL \"jdbc:mysql://db/plumbline?password=****\": expected"
                + " jdbc:h2:file:PATH or jdbc:postgresql://HOST/DATABASE");
  }

  @Test
  void anH2UrlThatTurnsOnClosingAtExitOrAWriteDelayIsRefused() {
    assertThatThrownBy(() -> StoreSettings.of("jdbc:h2:file:./x;db_close_on_exit=true"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageStartingWith(
            "store URL \"jdbc:h2:file:./x;db_close_on_exit=true\" sets DB_CLOSE_ON_EXIT=true: the"
                + " store needs DB_CLOSE_ON_EXIT=FALSE");
    assertThatThrownBy(() -> StoreSettings.of("jdbc:h2:file:./x;MODE=Regular;WRITE_DELAY=500"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("sets WRITE_DELAY=500: the store needs WRITE_DELAY=0");
    assertThat(StoreSettings.of("jdbc:h2:file:./x;DB_CLOSE_ON_EXIT=false;WRITE_DELAY=0").jdbcUrl())
        .isEqualTo("jdbc:h2:file:./x;DB_CLOSE_ON_EXIT=false;WRITE_DELAY=0");
  }

  @Test
  void retentionMustKeepSomething() {
    assertThatThrownBy(
            () -> StoreSettings.defaults().withRetention(Duration.ZERO, OptionalInt.empty()))
        .hasMessage("store retention max-age must be positive: PT0S");
    assertThatThrownBy(
            () -> StoreSettings.defaults().withRetention(Duration.ofDays(1), OptionalInt.of(0)))
        .hasMessage("store retention max-count must be at least 1: 0");
  }

  @Test
  void theConfigurationDefaultsAndThePasswordFromTheEnvironment() {
    StoreConfig config = config(Map.of());

    StoreSettings settings =
        StoreSettings.from(config, name -> name.equals("PLUMBLINE_STORE_PASSWORD") ? SECRET : null);

    assertThat(settings.jdbcUrl()).isEqualTo(StoreSettings.DEFAULT_URL);
    assertThat(settings.retainFor()).isEqualTo(Duration.ofDays(400));
    assertThat(settings.retainCount()).isEmpty();
    assertThat(settings.password()).map(Secret::reveal).contains(SECRET);
  }

  @Test
  void everyKeyIsRead(@TempDir Path directory) throws Exception {
    Path passwordFile = Files.writeString(directory.resolve("password"), SECRET + "\n");
    StoreConfig config =
        config(
            Map.of(
                "plumbline.store.url", "jdbc:postgresql://db:5432/plumbline",
                "plumbline.store.username", "plumbline",
                "plumbline.store.password-file", passwordFile.toString(),
                "plumbline.store.retention.max-age", "30d",
                "plumbline.store.retention.max-count", "100"));

    StoreSettings settings = StoreSettings.from(config, name -> "from-the-environment");

    assertThat(settings)
        .isEqualTo(
            new StoreSettings(
                "jdbc:postgresql://db:5432/plumbline",
                Optional.of("plumbline"),
                Optional.of(Secret.of(SECRET)),
                Duration.ofDays(30),
                OptionalInt.of(100)));
  }

  @Test
  void aMissingPasswordFileIsNamed(@TempDir Path directory) {
    Path missing = directory.resolve("nope");
    StoreConfig config = config(Map.of("plumbline.store.password-file", missing.toString()));

    assertThatThrownBy(() -> StoreSettings.from(config, name -> null))
        .isInstanceOf(PlumblineException.class)
        .hasMessage("store password file not found: " + missing);
  }

  private static StoreConfig config(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 300))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(StoreConfig.class)
            .withValidateUnknown(true)
            .build();
    return config.getConfigMapping(StoreConfig.class);
  }
}
