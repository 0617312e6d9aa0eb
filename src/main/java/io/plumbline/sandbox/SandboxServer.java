package io.plumbline.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Serves a {@link Sandbox} over HTTP on 127.0.0.1: the Databricks APIs and the control API on one
 * port, AWS IAM on a second. Injected latency sleeps in a worker thread, so the pool is sized for
 * many concurrent slow calls rather than for CPU.
 */
public final class SandboxServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SandboxServer.class);

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
    // the client's delayed ACK holds every response back ~40 ms. The property is read once, when
    // the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final int WORKER_THREADS = 256;

  private final Sandbox sandbox;
  private final HttpServer databricks;
  private final HttpServer iam;
  private final ExecutorService workers;

  private SandboxServer(
      Sandbox sandbox, HttpServer databricks, HttpServer iam, ExecutorService workers) {
    this.sandbox = sandbox;
    this.databricks = databricks;
    this.iam = iam;
    this.workers = workers;
  }

  public static SandboxServer start(SandboxOptions options) {
    Sandbox sandbox = new Sandbox(options);
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
    HttpServer databricks = bind(options.port(), "Databricks API");
    HttpServer iam = bind(options.iamPort(), "IAM API");
    databricks.createContext("/", exchange -> serve(exchange, sandbox::handle));
    iam.createContext("/", exchange -> serve(exchange, sandbox::handleIam));
    databricks.setExecutor(workers);
    iam.setExecutor(workers);
    databricks.start();
    iam.start();
    SandboxServer server = new SandboxServer(sandbox, databricks, iam, workers);
    sandbox.iamEndpoint(server.iamEndpoint().toString());
    return server;
  }

  private static HttpServer bind(int port, String what) {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the " + what, e);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sandbox-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void serve(
      HttpExchange exchange, Function<SandboxRequest, SandboxResponse> handler) {
    try (exchange) {
      SandboxResponse response;
      try {
        response = handler.apply(toRequest(exchange));
      } catch (RuntimeException e) {
        LOG.errorf(
            e,
            "sandbox failed on %s %s",
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath());
        response = ApiErrors.databricks(500, "INTERNAL_ERROR", "sandbox error: " + e);
      }
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      response.headers().forEach(headers::set);
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // the client went away mid-response; nothing to tell it
      LOG.debugf("client disconnected: %s", e.getMessage());
    }
  }

  private static SandboxRequest toRequest(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> query = SandboxRequest.parseForm(uri.getRawQuery());
    return new SandboxRequest(exchange.getRequestMethod(), uri.getPath(), query, headers, body);
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public int port() {
    return databricks.getAddress().getPort();
  }

  public int iamPort() {
    return iam.getAddress().getPort();
  }

  /** The Databricks host, e.g. {@code http://127.0.0.1:PORT}. */
  public URI host() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public URI iamEndpoint() {
    return URI.create("http://127.0.0.1:" + iamPort());
  }

  @Override
  public void close() {
    databricks.stop(0);
    iam.stop(0);
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
