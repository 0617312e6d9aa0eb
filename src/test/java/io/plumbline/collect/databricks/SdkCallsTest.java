package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.fasterxml.jackson.core.JsonParseException;
import io.plumbline.collect.ReadException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How SDK failures become read failures the engine can retry and report. */
class SdkCallsTest {

  private static final String TOKEN = "dapi-secret-value";

  private final SdkCalls calls = new SdkCalls(List.of(TOKEN));

  private ReadException failure(RuntimeException thrown) {
    return catchThrowableOfType(
        ReadException.class,
        () ->
            calls.call(
                "GET /api/2.1/clusters/list",
                () -> {
                  throw thrown;
                }));
  }

  @Test
  void anApiErrorKeepsItsStatusAndCodeAndIsRetriedOnlyWhenTheStatusSaysSo() {
    ReadException forbidden =
        failure(new DatabricksError("PERMISSION_DENIED", "You are not an admin", 403));
    assertThat(forbidden.httpStatus()).hasValue(403);
    assertThat(forbidden.errorCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(forbidden.retryable()).isFalse();
    assertThat(forbidden.getMessage())
        .isEqualTo("GET /api/2.1/clusters/list: You are not an admin");

    ReadException internal = failure(new DatabricksError("INTERNAL_ERROR", "boom", 500));
    assertThat(internal.retryable()).isTrue();
  }

  @Test
  void exhaustedSdkRetriesAreRetryableWithTheLastStatus() {
    ReadException exhausted =
        failure(
            new DatabricksException(
                "Request GET /api/2.1/clusters/list failed after 4 retries",
                new DatabricksError("TEMPORARILY_UNAVAILABLE", "try later", 503)));
    assertThat(exhausted.httpStatus()).hasValue(503);
    assertThat(exhausted.retryable()).isTrue();
    assertThat(exhausted.getMessage()).contains("try later").contains("retries were exhausted");
  }

  @Test
  void unreadableBodiesAndConnectionFailuresAreRetryableWithoutStatus() {
    ReadException malformed =
        failure(
            new DatabricksException(
                "IO error: Unexpected end-of-input",
                new JsonParseException(null, "Unexpected end-of-input")));
    assertThat(malformed.errorCode()).isEqualTo("MALFORMED_RESPONSE");
    assertThat(malformed.httpStatus()).isEmpty();
    assertThat(malformed.retryable()).isTrue();

    ReadException unreachable =
        failure(new DatabricksError("IO_ERROR", 523, new ConnectException("Connection refused")));
    assertThat(unreachable.errorCode()).isEqualTo("IO_ERROR");
    assertThat(unreachable.httpStatus()).isEmpty();
    assertThat(unreachable.retryable()).isTrue();
  }

  @Test
  void theExplicitNoMetastoreAnswerIsRecognisedAndAPlain404IsNot() {
    assertThat(
            SdkCalls.isMetastoreMissing(
                failure(
                    new DatabricksError("METASTORE_DOES_NOT_EXIST", "No metastore assigned", 404))))
        .isTrue();
    assertThat(
            SdkCalls.isMetastoreMissing(
                failure(new DatabricksError("RESOURCE_DOES_NOT_EXIST", "gone", 404))))
        .isFalse();
  }

  @Test
  void credentialsEchoedInAMessageAreMaskedAndOnlyTheFirstLineIsKept() {
    ReadException failure =
        failure(
            new DatabricksException(
                "cannot configure default credentials: token=" + TOKEN + "\nmore detail"));
    assertThat(failure.getMessage()).doesNotContain(TOKEN).contains("****").doesNotContain("\n");
    assertThat(failure.errorCode()).isEqualTo("SDK_ERROR");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void anythingElseTheSdkThrowsIsAFailedReadWithAMaskedMessage() {
    ReadException failure = failure(new IllegalStateException("no field x in " + TOKEN));
    assertThat(failure.errorCode()).isEqualTo("SDK_ERROR");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage())
        .isEqualTo("GET /api/2.1/clusters/list: IllegalStateException: no field x in ****");
  }

  @Test
  void anInterruptedCallStaysInterrupted() {
    Throwable thrown =
        catchThrowableOfType(
            InterruptedException.class,
            () ->
                calls.call(
                    "GET /x",
                    () -> {
                      throw new DatabricksException(
                          "Current thread was interrupted", new InterruptedException());
                    }));
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("flag restored (and cleared here)").isTrue();
  }
}
