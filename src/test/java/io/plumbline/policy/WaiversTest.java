package io.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaiversTest {

  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private static final String FILE =
      """
      waivers:
        - id: WVR-1
          rule: DBX-TOK-001
          scope: workspace:1001
          resource: "ci-*"
          justification: CI token, replaced by OAuth in PLAT-88
          owner: platform@example.com
          ticket: PLAT-88
          expires: 2027-03-31
        - id: WVR-2
          rule: DBX-WS-*
          attribute: enableResultsDownloading
          justification: analysts' export until the BI connector ships
          owner: data@example.com
          ticket: DATA-12
          expires: 2026-12-01
        - id: WVR-3
          rule: DBX-IAM-003
          justification: migration of the trust policy
          owner: cloud@example.com
          ticket: CLOUD-7
          expires: 2026-11-20
      """;

  private static Finding finding(
      String rule, Verdict verdict, Scope scope, String resource, Optional<String> attribute) {
    return new Finding(
        rule,
        Severity.HIGH,
        verdict,
        "type",
        scope,
        resource,
        attribute,
        "message",
        JsonNodeFactory.instance.objectNode(),
        Fingerprints.of(rule, "type", scope.toString(), resource, attribute),
        Optional.empty(),
        Optional.empty());
  }

  private static Waivers waivers() {
    return Waivers.of(Waivers.parse("policies/waivers/main.yaml", FILE));
  }

  @Test
  void aFileParsesWithEachWaiverLocatedAtItsLine() {
    List<Waiver> waivers = Waivers.parse("policies/waivers/main.yaml", FILE);

    assertThat(waivers).extracting(Waiver::id).containsExactly("WVR-1", "WVR-2", "WVR-3");
    assertThat(waivers.get(0).source()).isEqualTo("policies/waivers/main.yaml:2");
    assertThat(waivers.get(1).source()).isEqualTo("policies/waivers/main.yaml:10");
    assertThat(waivers.get(0).scope()).hasValue("workspace:1001");
    assertThat(waivers.get(1).attribute()).hasValue("enableResultsDownloading");
  }

  @Test
  void aFailureMatchingAWaiverInForceBecomesWaivedWithTheWaiverId() {
    Finding covered =
        finding("DBX-TOK-001", Verdict.FAIL, Scope.workspace(1001), "ci-1", Optional.empty());
    Finding otherWorkspace =
        finding("DBX-TOK-001", Verdict.FAIL, Scope.workspace(1002), "ci-1", Optional.empty());
    Finding otherResource =
        finding("DBX-TOK-001", Verdict.FAIL, Scope.workspace(1001), "ana", Optional.empty());

    Waivers.Result result = waivers().apply(List.of(covered, otherWorkspace, otherResource), NOW);

    assertThat(result.findings())
        .extracting(Finding::verdict, Finding::waiver)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Verdict.WAIVED, Optional.of("WVR-1")),
            org.assertj.core.groups.Tuple.tuple(Verdict.FAIL, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(Verdict.FAIL, Optional.empty()));
    assertThat(result.statuses().get(0).findings()).containsExactly(covered.fingerprint());
  }

  @Test
  void onlyFailuresAreWaivedNeverUnknownOrPass() {
    Finding unknown =
        finding("DBX-TOK-001", Verdict.UNKNOWN, Scope.workspace(1001), "ci-1", Optional.empty());
    Finding pass =
        finding("DBX-TOK-001", Verdict.PASS, Scope.workspace(1001), "ci-2", Optional.empty());

    Waivers.Result result = waivers().apply(List.of(unknown, pass), NOW);

    assertThat(result.findings()).containsExactly(unknown, pass);
  }

  @Test
  void anAttributePatternOnlyMatchesFindingsOnThatAttribute() {
    Finding drift =
        finding(
            "DBX-WS-004",
            Verdict.FAIL,
            Scope.workspace(1003),
            "1003",
            Optional.of("enableResultsDownloading"));
    Finding whole =
        finding("DBX-WS-004", Verdict.FAIL, Scope.workspace(1003), "1003", Optional.empty());

    Waivers.Result result = waivers().apply(List.of(drift, whole), NOW);

    assertThat(result.findings())
        .extracting(Finding::verdict)
        .containsExactly(Verdict.WAIVED, Verdict.FAIL);
  }

  @Test
  void anExpiredWaiverStopsApplyingAndIsReportedWithTheFindingsThatFailAgain() {
    Finding trust =
        finding("DBX-IAM-003", Verdict.FAIL, Scope.aws("1111"), "role", Optional.empty());

    Waivers.Result result = waivers().apply(List.of(trust), NOW);

    assertThat(result.findings().get(0).verdict()).isEqualTo(Verdict.FAIL);
    WaiverStatus expired = result.statuses().get(2);
    assertThat(expired.state()).isEqualTo(WaiverState.EXPIRED);
    assertThat(expired.findings()).containsExactly(trust.fingerprint());
    assertThat(expired.daysLeft()).isLessThanOrEqualTo(0);
  }

  @Test
  void theExpiryDayIsTheLastDayInForce() {
    Waiver waiver = waivers().all().get(2); // expires 2026-11-20

    assertThat(waiver.isInForce(Instant.parse("2026-11-20T23:59:59Z"))).isTrue();
    assertThat(waiver.isInForce(Instant.parse("2026-11-21T00:00:00Z"))).isFalse();
  }

  @Test
  void waiversExpiringWithinTheWindowAreReportedAsExpiring() {
    Waivers.Result result = waivers().apply(List.of(), NOW);

    assertThat(result.statuses())
        .extracting(WaiverStatus::state)
        .containsExactly(WaiverState.ACTIVE, WaiverState.EXPIRING, WaiverState.EXPIRED);
    assertThat(result.statuses().get(1).daysLeft()).isEqualTo(11);
    assertThat(waivers().apply(List.of(), NOW, Duration.ofDays(5)).statuses().get(1).state())
        .isEqualTo(WaiverState.ACTIVE);
  }

  @Test
  void aMissingFieldIsAnErrorNamingFileLineAndField() {
    String text =
        """
        waivers:
          - id: WVR-9
            rule: DBX-TOK-001
            justification: j
            owner: o
            expires: 2027-01-01
        """;

    assertThatThrownBy(() -> Waivers.parse("policies/waivers/bad.yaml", text))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining(
            "policies/waivers/bad.yaml:2: waivers[0]: missing required key \"ticket\"");
  }

  @Test
  void aBadDateAnUnknownKeyAndABadScopeAreEachNamedAtTheirLine() {
    String text =
        """
        waivers:
          - id: WVR-9
            rule: DBX-TOK-001
            scope: workspaces:1001
            justification: j
            owner: o
            ticket: T-1
            expires: soon
            expiry: 2027-01-01
        """;

    assertThatThrownBy(() -> Waivers.parse("bad.yaml", text))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("bad.yaml:4: waivers[0].scope: expected account:ID, workspace:ID")
        .hasMessageContaining(
            "bad.yaml:8: waivers[0].expires: expected a date YYYY-MM-DD, got \"soon\"")
        .hasMessageContaining("bad.yaml:9: waivers[0]: unknown key \"expiry\"");
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThatThrownBy(() -> Waivers.parse("bad.yaml", "waivers:\n  - id: [a\n    rule: x\n"))
        .isInstanceOf(PlumblineException.class)
        .hasMessageStartingWith("bad.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aWaiverIdUsedTwiceIsAnErrorNamingBothPlaces(@TempDir Path policies) throws Exception {
    Path directory = Files.createDirectories(policies.resolve("waivers"));
    Files.writeString(directory.resolve("a.yaml"), FILE);
    Files.writeString(directory.resolve("b.yml"), FILE.substring(0, FILE.indexOf("  - id: WVR-2")));

    assertThatThrownBy(() -> Waivers.load(policies))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining("b.yml:2: waiver id \"WVR-1\" is already used at")
        .hasMessageContaining("a.yaml:2");
  }

  @Test
  void noWaiversDirectoryMeansNoWaivers(@TempDir Path policies) {
    assertThat(Waivers.load(policies).all()).isEmpty();
  }

  @Test
  void anEmptyFileHasNoWaivers() {
    assertThat(Waivers.parse("empty.yaml", "")).isEmpty();
    assertThat(Waivers.parse("empty.yaml", "waivers: []\n")).isEmpty();
  }
}
