package io.plumbline.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Credentials as the HTTP clients, the SDKs and plumbline log them, and what is left of them. */
class RedactionTest {

  private static final String PAT = "dapi0123456789abcdef0123456789abcdef-2";

  @Test
  void theApacheClientsHeaderAndWireLinesLoseTheAuthorizationValue() {
    assertThat(Redaction.redact("http-outgoing-0 >> Authorization: Bearer canary-token"))
        .isEqualTo("http-outgoing-0 >> Authorization: [REDACTED]");
    assertThat(
            Redaction.redact("http-outgoing-0 >> \"Authorization: Bearer " + PAT + "[\\r][\\n]\""))
        .isEqualTo("http-outgoing-0 >> \"Authorization: [REDACTED][\\r][\\n]\"");
    assertThat(
            Redaction.redact(
                "http-outgoing-3 >> Authorization: AWS4-HMAC-SHA256"
                    + " Credential=AKIAEXAMPLE/20261121/us-east-1/iam/aws4_request,"
                    + " SignedHeaders=host;x-amz-date, Signature=0a1b2c"))
        .isEqualTo("http-outgoing-3 >> Authorization: [REDACTED]");
    assertThat(Redaction.redact("http-outgoing-3 >> X-Amz-Security-Token: IQoJb3JpZ2luX2VjEXAMPLE"))
        .isEqualTo("http-outgoing-3 >> X-Amz-Security-Token: [REDACTED]");
    assertThat(Redaction.redact("http-outgoing-1 << Set-Cookie: session=abc123; Path=/"))
        .isEqualTo("http-outgoing-1 << Set-Cookie: [REDACTED]");
  }

  @Test
  void headersPrintedAsAMapLoseTheirValuesToo() {
    assertThat(Redaction.redact("headers={Authorization=[Bearer " + PAT + "], Host=[x]}"))
        .isEqualTo("headers={Authorization=[[REDACTED]], Host=[x]}");
  }

  @Test
  void tokensAndSecretsInBodiesFormsAndEnvironmentLinesAreRemoved() {
    assertThat(
            Redaction.redact(
                "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\","
                    + "\"token_type\":\"Bearer\",\"expires_in\":3600}"))
        .isEqualTo(
            "{\"access_token\":\"[REDACTED]\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    assertThat(
            Redaction.redact(
                "grant_type=client_credentials&client_secret=dose0123456789abcdef&scope=all-apis"))
        .isEqualTo("grant_type=client_credentials&client_secret=[REDACTED]&scope=all-apis");
    assertThat(
            Redaction.redact(
                "<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>"
                    + "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>"
                    + "<SessionToken>IQoJb3JpZ2luX2Vj</SessionToken></Credentials>"))
        .isEqualTo(
            "<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>"
                + "<SecretAccessKey>[REDACTED]</SecretAccessKey>"
                + "<SessionToken>[REDACTED]</SessionToken></Credentials>");
    assertThat(Redaction.redact("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY and more"))
        .isEqualTo("AWS_SECRET_ACCESS_KEY=[REDACTED] and more");
    assertThat(Redaction.redact("retrying with " + PAT + " after 429"))
        .isEqualTo("retrying with [REDACTED] after 429");
    assertThat(Redaction.redact("an id token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here"))
        .isEqualTo("an id token [REDACTED] here");
    assertThat(Redaction.redact("store at jdbc:postgresql://plumbline:hunter2@db:5432/plumbline"))
        .isEqualTo("store at jdbc:postgresql://plumbline:[REDACTED]@db:5432/plumbline");
  }

  @Test
  void redactingTwiceChangesNothingMore() {
    for (String line :
        List.of(
            "http-outgoing-0 >> Authorization: Bearer " + PAT,
            "http-outgoing-0 >> \"Authorization: Bearer " + PAT + "[\\r][\\n]\"",
            "headers={Authorization=[Bearer " + PAT + "], Host=[x]}",
            "{\"access_token\":\"abc\"} <SessionToken>x</SessionToken> Bearer y",
            "jdbc:postgresql://plumbline:hunter2@db:5432/plumbline")) {
      String once = Redaction.redact(line);
      assertThat(Redaction.redact(once)).as(line).isEqualTo(once);
    }
  }

  @Test
  void linesWithoutCredentialsAreLeftAlone() {
    for (String line :
        List.of(
            "loaded 104 rules from rules, 5 baseline files and 0 waivers in 812 ms",
            "token tok-never of ana@example.com never expires",
            "rate limit token_management=40 per second",
            "GET /api/2.0/token-management/tokens 200 in 12 ms",
            "http-outgoing-0 >> Host: 127.0.0.1:8990")) {
      assertThat(Redaction.redact(line)).isEqualTo(line);
    }
  }

  @Test
  void theFilterRedactsTheFormattedMessageAndTheExceptionKeepingItsClassAndStack() {
    ExtLogRecord record =
        new ExtLogRecord(Level.FINE, "calling %s with %s", ExtLogRecord.FormatStyle.PRINTF, "test");
    record.setParameters(new Object[] {"/api/2.0/clusters/list", "Authorization: Bearer " + PAT});
    IllegalStateException thrown =
        new IllegalStateException(
            "request failed", new IllegalArgumentException("bad header Bearer " + PAT));
    record.setThrown(thrown);

    assertThat(new RedactSecretsFilter().isLoggable(record)).isTrue();

    assertThat(record.getFormattedMessage())
        .isEqualTo("calling /api/2.0/clusters/list with Authorization: [REDACTED]");
    assertThat(record.getThrown().toString())
        .isEqualTo("java.lang.IllegalStateException: request failed");
    assertThat(record.getThrown().getCause().toString())
        .isEqualTo("java.lang.IllegalArgumentException: bad header Bearer [REDACTED]");
    assertThat(record.getThrown().getStackTrace()).isEqualTo(thrown.getStackTrace());
  }

  @Test
  void anExceptionWithoutCredentialsIsLoggedAsItIs() {
    ExtLogRecord record = new ExtLogRecord(Level.WARNING, "read failed", "test");
    IllegalStateException thrown = new IllegalStateException("HTTP 503 from /api/2.0/groups");
    record.setThrown(thrown);

    new RedactSecretsFilter().isLoggable(record);

    assertThat(record.getThrown()).isSameAs(thrown);
  }

  @Test
  void everyLogHandlerRunsTheFilter() throws Exception {
    Properties properties = new Properties();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(in);
    }
    for (String handler : List.of("console", "file", "syslog", "socket")) {
      assertThat(properties.getProperty("quarkus.log." + handler + ".filter"))
          .as(handler)
          .isEqualTo(RedactSecretsFilter.NAME);
    }
  }
}
