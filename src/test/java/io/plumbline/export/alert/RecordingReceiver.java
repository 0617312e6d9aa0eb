package io.plumbline.export.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A webhook receiver on loopback that records every request and answers as the test says. */
final class RecordingReceiver implements AutoCloseable {

  record Request(String method, String path, String contentType, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  RecordingReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int status;
          synchronized (this) {
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
            status = statuses.isEmpty() ? 200 : statuses.removeFirst();
          }
          byte[] answer = (status == 200 ? "ok" : "failed").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  /** The receiver answers these statuses to the next requests, then 200. */
  synchronized void answer(int... next) {
    for (int status : next) {
      statuses.addLast(status);
    }
  }

  URI url(String path) {
    return URI.create(
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + (path.startsWith("/") ? "" : "/")
            + path);
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized Request last() {
    return requests.get(requests.size() - 1);
  }

  synchronized void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
