package io.plumbline.baseline;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest S3 the SDK's GetObject works against, on 127.0.0.1 and a free port: path-style
 * {@code GET} and {@code HEAD /BUCKET/KEY}, with S3's XML error bodies for a missing bucket or key
 * and for a key set to be denied. It checks no signature; it records each request's {@code
 * Authorization} header, so a test can see which access key id signed it.
 */
public final class FakeS3 implements AutoCloseable {

  /** One request as it arrived. */
  public record Request(String method, String path, String authorization) {
    public Request {
      requireNonNull(method, "method is null");
      requireNonNull(path, "path is null");
      requireNonNull(authorization, "authorization is null");
    }
  }

  private final HttpServer server;
  private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private FakeS3(HttpServer server) {
    this.server = server;
  }

  public static FakeS3 start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeS3 s3 = new FakeS3(server);
    server.createContext("/", s3::handle);
    server.start();
    return s3;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FakeS3 bucket(String bucket) {
    buckets.computeIfAbsent(bucket, name -> new ConcurrentHashMap<>());
    return this;
  }

  public FakeS3 put(String bucket, String key, byte[] content) {
    bucket(bucket);
    buckets.get(bucket).put(key, content.clone());
    return this;
  }

  /** Answers 403 AccessDenied for this key, whether it exists or not. */
  public FakeS3 deny(String bucket, String key) {
    bucket(bucket);
    denied.add(bucket + "/" + key);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath(); // decoded; the query (x-id=...) is ignored
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(method, path, authorization == null ? "" : authorization));
      int slash = path.indexOf('/', 1);
      String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
      String key = slash < 0 ? "" : path.substring(slash + 1);
      if (!method.equals("GET") && !method.equals("HEAD")) {
        error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed.", key);
      } else if (!buckets.containsKey(bucket)) {
        error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist.", key);
      } else if (denied.contains(bucket + "/" + key)) {
        error(exchange, 403, "AccessDenied", "Access Denied", key);
      } else if (!buckets.get(bucket).containsKey(key)) {
        error(exchange, 404, "NoSuchKey", "The specified key does not exist.", key);
      } else {
        byte[] content = buckets.get(bucket).get(key);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange
            .getResponseHeaders()
            .set("ETag", "\"" + Integer.toHexString(content.length) + "\"");
        send(exchange, 200, content);
      }
    }
  }

  private static void error(
      HttpExchange exchange, int status, String code, String message, String key)
      throws IOException {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message><Key>"
            + key
            + "</Key><RequestId>4442587FB7D0A2F9</RequestId></Error>";
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.getResponseHeaders().set("x-amz-request-id", "4442587FB7D0A2F9");
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
