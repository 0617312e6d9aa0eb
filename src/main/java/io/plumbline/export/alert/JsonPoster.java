package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * POSTs a JSON body with a timeout and bounded retries. A connection error, a timeout, a 5xx or a
 * 429 is retried with exponential backoff; any other status is final, since sending the same body
 * again would be refused again.
 */
public final class JsonPoster {

  private static final Logger LOG = Logger.getLogger(JsonPoster.class);
  private static final int EXCERPT = 200;

  private final HttpClient client;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration backoff;

  public JsonPoster(HttpClient client, Duration timeout, int maxAttempts, Duration backoff) {
    this.client = requireNonNull(client, "client is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
    }
    this.maxAttempts = maxAttempts;
  }

  public Delivery post(SinkUrl target, byte[] json) {
    HttpRequest request =
        HttpRequest.newBuilder(target.reveal())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "plumbline")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    String problem = "";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1 && !pause(attempt)) {
        return Delivery.failed(attempt - 1, problem + " (interrupted)");
      }
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return Delivery.delivered(attempt);
        }
        problem = "HTTP " + status + excerpt(target, response.body());
        if (status < 500 && status != 429) {
          return Delivery.failed(attempt, problem);
        }
      } catch (IOException e) {
        problem = e.getClass().getSimpleName() + excerpt(target, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Delivery.failed(attempt, "interrupted");
      }
      LOG.debugf("POST to %s, attempt %d of %d: %s", target, attempt, maxAttempts, problem);
    }
    return Delivery.failed(maxAttempts, problem + " after " + maxAttempts + " attempts");
  }

  private boolean pause(int attempt) {
    long millis = backoff.toMillis() << Math.min(attempt - 2, 10);
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String excerpt(SinkUrl target, String text) {
    String masked = target.mask(text).strip().replaceAll("\\s+", " ");
    if (masked.isEmpty()) {
      return "";
    }
    return ": " + (masked.length() > EXCERPT ? masked.substring(0, EXCERPT) + "..." : masked);
  }
}
