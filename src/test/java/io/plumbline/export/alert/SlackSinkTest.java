package io.plumbline.export.alert;

import static io.plumbline.export.alert.AlertFixtures.START;
import static io.plumbline.export.alert.AlertFixtures.drifted;
import static io.plumbline.export.alert.AlertFixtures.event;
import static io.plumbline.export.alert.AlertFixtures.finding;
import static io.plumbline.export.alert.AlertFixtures.ipAccessListsOff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackSinkTest {

  private static final String WEBHOOK_PATH = "/services/T0001/B0001/XXXXsecretXXXX";

  private RecordingReceiver receiver;
  private final MutableClock clock = new MutableClock(START);
  private final InMemoryNotificationLog log = new InMemoryNotificationLog();
  private SlackSink sink;
  private AlertDispatcher dispatcher;

  @BeforeEach
  void start() throws IOException {
    receiver = new RecordingReceiver();
    sink =
        new SlackSink(
            "security-channel",
            SinkUrl.of(receiver.url(WEBHOOK_PATH)),
            new JsonPoster(HttpClient.newHttpClient(), Duration.ofSeconds(5), 3, Duration.ZERO));
    dispatcher =
        new AlertDispatcher(
            List.of(new SinkRoute(sink, Severity.MEDIUM)),
            new AlertSettings(
                Duration.ofHours(4),
                Duration.ofHours(12),
                Optional.of(URI.create("https://runbooks.example.com/plumbline/")),
                Optional.empty()),
            log,
            clock);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aBatchIsOneIncomingWebhookMessageWithAHeaderAndOneSectionPerCause() {
    dispatcher.dispatch(
        AlertFixtures.scan(
            "scan-7",
            START,
            drifted(
                Transition.NEW,
                ipAccessListsOff(1001),
                "ipRanges: <none> -> 10.0.0.0/8 & more",
                "c-ranges"),
            event(
                Transition.NEW,
                finding("DBX-TOKEN-002", Severity.CRITICAL, Verdict.FAIL, 1002, "token-9"))));

    assertThat(receiver.requests()).hasSize(1);
    JsonNode body = receiver.last().body();
    assertThat(body.path("text").asText()).isEqualTo("plumbline: 2 firing (scan scan-7)");
    JsonNode blocks = body.path("blocks");
    assertThat(types(blocks)).containsExactly("header", "context", "section", "section");
    assertThat(blocks.path(0).path("text").path("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.path(0).path("text").path("text").asText()).isEqualTo("plumbline: 2 firing");
    assertThat(blocks.path(1).path("elements").path(0).path("text").asText())
        .isEqualTo("scan `scan-7` at 2025-03-01T08:00:00Z");
    assertThat(blocks.path(2).path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.path(2).path("text").path("text").asText())
        .isEqualTo(
            ":rotating_light: *DBX-TOKEN-002: IP access lists are disabled (1 firing)*\n"
                + "• `CRITICAL` DBX-TOKEN-002 on workspace_conf workspace:1002 token-9"
                + " — IP access lists are disabled"
                + " <https://runbooks.example.com/plumbline/DBX-TOKEN-002|runbook>");
    assertThat(blocks.path(3).path("text").path("text").asText())
        .startsWith(
            ":rotating_light: *DBX-WS-001: ipRanges: &lt;none&gt; -&gt; 10.0.0.0/8 &amp; more"
                + " (1 firing)*\n• `HIGH` DBX-WS-001 on workspace_conf workspace:1001");
  }

  @Test
  void aGroupOfFortyListsTenAndCountsTheRest() {
    FindingEvent[] events =
        IntStream.range(0, 40)
            .mapToObj(
                index ->
                    drifted(
                        Transition.NEW,
                        ipAccessListsOff(5000 + index),
                        "enableIpAccessLists: true -> false",
                        "c-ip"))
            .toArray(FindingEvent[]::new);

    dispatcher.dispatch(AlertFixtures.scan("scan-8", START, events));

    JsonNode blocks = receiver.last().body().path("blocks");
    assertThat(types(blocks)).containsExactly("header", "context", "section");
    String section = blocks.path(2).path("text").path("text").asText();
    assertThat(section)
        .startsWith(
            ":rotating_light: *DBX-WS-001: enableIpAccessLists: true -&gt; false (40 firing)*")
        .endsWith("\n… and 30 more");
    assertThat(section.lines().filter(line -> line.startsWith("• "))).hasSize(10);
  }

  @Test
  void aResolveIsAnnouncedAsResolved() {
    Finding finding = ipAccessListsOff(1001);
    dispatcher.dispatch(AlertFixtures.scan("scan-1", START, event(Transition.NEW, finding)));

    dispatcher.dispatch(
        AlertFixtures.scan(
            "scan-2",
            START.plusSeconds(600),
            event(Transition.RESOLVED, finding.withVerdict(Verdict.PASS, Optional.empty()))));

    JsonNode body = receiver.last().body();
    assertThat(body.path("text").asText()).isEqualTo("plumbline: 1 resolved (scan scan-2)");
    assertThat(body.path("blocks").path(2).path("text").path("text").asText())
        .startsWith(":white_check_mark: *DBX-WS-001: IP access lists are disabled (1 resolved)*");
  }

  @Test
  void theWebhookUrlIsASecretThatNeverShowsInTheSinksDescription() {
    assertThat(sink.toString())
        .isEqualTo("security-channel (slack " + receiver.url("") + "****)")
        .doesNotContain("XXXXsecretXXXX");
  }

  private static List<String> types(JsonNode blocks) {
    return StreamSupport.stream(blocks.spliterator(), false)
        .map(block -> block.path("type").asText())
        .toList();
  }
}
