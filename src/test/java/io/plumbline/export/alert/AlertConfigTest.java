package io.plumbline.export.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.plumbline.error.PlumblineException;
import io.plumbline.model.Severity;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertConfigTest {

  @Test
  void withNothingConfiguredThereAreNoSinksAndTheDocumentedDefaults() {
    AlertConfig config = config(Map.of());

    assertThat(config.sinks()).isEmpty();
    assertThat(config.minSeverity()).isEqualTo("high");
    assertThat(config.renotifyInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(config.resolveTimeout()).isEqualTo(Duration.ofHours(12));
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.retry().maxAttempts()).isEqualTo(3);
    assertThat(config.retry().backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.runbookBaseUrl()).contains(AlertSettings.DEFAULT_RUNBOOK_BASE_URL);
    assertThat(AlertSinks.routes(config, name -> null)).isEmpty();
    assertThat(AlertSinks.settings(config)).isEqualTo(AlertSettings.defaults());
  }

  @Test
  void eachSinkIsBuiltByTheImplementationItsTypeNames(@TempDir Path directory) throws Exception {
    Path urlFile = directory.resolve("webhook-url");
    Files.writeString(urlFile, "https://hooks.example.com/in/abc123\n");
    AlertConfig config =
        config(
            Map.of(
                "plumbline.alert.sinks.oncall.type", "alertmanager",
                "plumbline.alert.sinks.oncall.url", "http://alertmanager:9093",
                "plumbline.alert.sinks.channel.type", "slack",
                "plumbline.alert.sinks.channel.url-env", "SLACK_URL",
                "plumbline.alert.sinks.channel.min-severity", "medium",
                "plumbline.alert.sinks.hook.type", "webhook",
                "plumbline.alert.sinks.hook.url-file", urlFile.toString(),
                "plumbline.alert.sinks.off.type", "webhook",
                "plumbline.alert.sinks.off.enabled", "false"));

    List<SinkRoute> routes =
        AlertSinks.routes(
            config,
            name -> name.equals("SLACK_URL") ? "https://hooks.slack.com/services/T/B/x" : null);

    assertThat(routes)
        .extracting(route -> route.sink().getClass(), SinkRoute::name, SinkRoute::minSeverity)
        .containsExactly(
            tuple(SlackSink.class, "channel", Severity.MEDIUM),
            tuple(WebhookSink.class, "hook", Severity.HIGH),
            tuple(AlertmanagerSink.class, "oncall", Severity.HIGH));
    assertThat(routes.get(0).sink()).hasToString("channel (slack https://hooks.slack.com/****)");
    assertThat(routes.get(1).sink()).hasToString("hook (webhook https://hooks.example.com/****)");
    assertThat(routes.get(2).sink())
        .hasToString("oncall (alertmanager http://alertmanager:9093/****)");
    assertThat(AlertSinks.types()).containsExactly("alertmanager", "slack", "webhook");
  }

  @Test
  void anUnknownSinkTypeIsRefusedNamingTheKnownOnes() {
    AlertConfig config =
        config(
            Map.of(
                "plumbline.alert.sinks.pager.type", "pagerduty",
                "plumbline.alert.sinks.pager.url", "https://events.example.com/"));

    assertThatThrownBy(() -> AlertSinks.routes(config, name -> null))
        .isInstanceOf(PlumblineException.class)
        .hasMessage(
            "plumbline.alert.sinks.pager.type: unknown sink type \"pagerduty\": expected one of"
                + " alertmanager, slack, webhook");
  }

  @Test
  void anUnknownKeyUnderThePrefixIsAnError() {
    assertThatThrownBy(() -> config(Map.of("plumbline.alert.renotify", "1h")))
        .hasMessageContaining("plumbline.alert.renotify");
  }

  @Test
  void aSinkNeedsExactlyOneUrlSourceAndAMissingVariableIsNamedWithoutAValue() {
    AlertConfig none = config(Map.of("plumbline.alert.sinks.hook.type", "webhook"));
    AlertConfig unset =
        config(
            Map.of(
                "plumbline.alert.sinks.hook.type", "webhook",
                "plumbline.alert.sinks.hook.url-env", "HOOK_URL"));
    AlertConfig notHttp =
        config(
            Map.of(
                "plumbline.alert.sinks.hook.type", "webhook",
                "plumbline.alert.sinks.hook.url-env", "HOOK_URL"));

    assertThatThrownBy(() -> AlertSinks.routes(none, name -> null))
        .hasMessage(
            "plumbline.alert.sinks.hook.url: set exactly one of url, url-env and url-file, got 0");
    assertThatThrownBy(() -> AlertSinks.routes(unset, name -> null))
        .hasMessage("plumbline.alert.sinks.hook.url-env: environment variable HOOK_URL is not set");
    assertThatThrownBy(() -> AlertSinks.routes(notHttp, name -> "ftp://files.example.com/s3cr3t"))
        .hasMessageStartingWith("plumbline.alert.sinks.hook.url-env: invalid sink URL")
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void theResolveTimeoutMustOutlastTheRenotifyInterval() {
    AlertConfig config =
        config(
            Map.of(
                "plumbline.alert.renotify-interval", "6h",
                "plumbline.alert.resolve-timeout", "6h"));

    assertThatThrownBy(() -> AlertSinks.settings(config))
        .isInstanceOf(PlumblineException.class)
        .hasMessage(
            "plumbline.alert.resolve-timeout must be longer than"
                + " plumbline.alert.renotify-interval (PT6H), got PT6H");
  }

  @Test
  void anInvalidSeverityIsRefusedWithTheKey() {
    AlertConfig config = config(Map.of("plumbline.alert.min-severity", "urgent"));

    assertThatThrownBy(() -> AlertSinks.routes(config, name -> null))
        .hasMessageStartingWith("plumbline.alert.min-severity: invalid severity \"urgent\"");
  }

  @Test
  void theRunbookOfARuleIsTheBaseUrlAndTheRuleId() {
    AlertSettings settings =
        new AlertSettings(
            Duration.ofHours(4),
            Duration.ofHours(12),
            Optional.of(URI.create("https://wiki.example.com/runbooks")),
            Optional.empty());

    assertThat(settings.runbookUrl("DBX-WS-001"))
        .contains(URI.create("https://wiki.example.com/runbooks/DBX-WS-001"));
    // by default the rule's section of docs/rules.md, by its anchor
    assertThat(AlertSettings.defaults().runbookUrl("DBX-WS-001"))
        .contains(
            URI.create(
                "https://github.com/plumbline/plumbline/blob/main/docs/rules.md#DBX-WS-001"));
  }

  @Test
  void aSinkTypeThatPostsToNoUrlIsBuiltFromTheOptionsOfItsOwnSubtree() {
    AlertConfig config =
        config(
            Map.of(
                "plumbline.alert.sinks.audit-log.type", "file",
                "plumbline.alert.sinks.audit-log.options.path", "/var/log/plumbline/alerts.jsonl"));
    record FileSink(String name, String path) implements AlertSink {
      @Override
      public Delivery send(AlertBatch batch) {
        throw new UnsupportedOperationException("not sent in this test");
      }
    }
    Map<String, AlertSinks.Factory> types = new HashMap<>(AlertSinks.BUILT_IN);
    types.put(
        "file", context -> new FileSink(context.name(), context.config().options().get("path")));

    List<SinkRoute> routes =
        AlertSinks.routes(config, name -> null, java.net.http.HttpClient.newHttpClient(), types);

    assertThat(routes)
        .extracting(SinkRoute::sink)
        .containsExactly(new FileSink("audit-log", "/var/log/plumbline/alerts.jsonl"));
  }

  private static AlertConfig config(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 500))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(AlertConfig.class)
            .withValidateUnknown(true)
            .build();
    return config.getConfigMapping(AlertConfig.class);
  }
}
