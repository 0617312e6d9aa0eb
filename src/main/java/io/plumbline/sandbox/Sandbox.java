package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.LocatedDocument;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's state and request pipeline, independent of the HTTP transport: the estate being
 * served, the active faults and rate limits, and request counts. Every Databricks API request goes
 * through authentication, routing, injected latency, rate limiting, injected errors, the handler,
 * and body corruption, in that order.
 */
public final class Sandbox {

  static final String CONTROL_PREFIX = "/_sandbox";
  private static final Set<String> DISCOVERY_PATHS =
      Set.of("/.well-known/databricks-config", "/oidc/.well-known/oauth-authorization-server");
  private static final Pattern WORKSPACE_IN_PATH = Pattern.compile("/workspaces/(\\d+)(/|$)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SandboxOptions options;
  private final Routes routes = new Routes();
  private final IamApi iam = new IamApi();
  private final Ec2Api ec2 = new Ec2Api();
  private final S3Api s3 = new S3Api();
  private final KmsApi kms = new KmsApi();
  private final RequestCounter requests = new RequestCounter();
  private final AtomicReference<Estate> estate;
  private final AtomicReference<Faults> faults;
  private final AtomicReference<RateLimits> rateLimits;
  private volatile String iamEndpoint = "";

  public Sandbox(SandboxOptions options) {
    this.options = requireNonNull(options, "options is null");
    new AccountApi(options.scimPageSize()).register(routes);
    new WorkspaceApi(options.scimPageSize()).register(routes);
    this.estate = new AtomicReference<>(options.estate());
    this.faults = new AtomicReference<>(initialFaults());
    this.rateLimits = new AtomicReference<>(rateLimitsFor(faults.get()));
  }

  private Faults initialFaults() {
    return options
        .faults()
        .map(document -> Faults.parse(document, options.seed(), pointer -> "faults at " + pointer))
        .orElseGet(() -> Faults.none(options.seed()));
  }

  private RateLimits rateLimitsFor(Faults active) {
    Map<RateLimits.Family, Double> rates =
        options.rateLimited()
            ? RateLimits.published().rates()
            : new EnumMap<>(RateLimits.Family.class);
    rates.putAll(active.rateLimitOverrides());
    return new RateLimits(rates);
  }

  /** Reads and validates a faults file (YAML or JSON), naming file and line for each problem. */
  public static JsonNode readFaultsFile(java.nio.file.Path file) {
    String text = TextFiles.read(file, "faults file");
    LocatedDocument document;
    try {
      document = LocatedDocument.parseYaml(file.toString(), text);
    } catch (LocatedDocument.SyntaxException e) {
      throw PlumblineException.userError("invalid faults file: " + e.getMessage());
    }
    if (document.root().isNull()) {
      throw PlumblineException.userError(
          "invalid faults file: " + file + ": the file is empty (expected {faults: [...]})");
    }
    Faults.parse(document.root(), 0, document::where);
    return document.root();
  }

  void iamEndpoint(String endpoint) {
    this.iamEndpoint = endpoint;
  }

  public Estate estate() {
    return estate.get();
  }

  /** Handles one request to the Databricks port (emulated APIs and the control API). */
  public SandboxResponse handle(SandboxRequest request) {
    String path = request.path();
    if (path.equals(CONTROL_PREFIX) || path.startsWith(CONTROL_PREFIX + "/")) {
      return control(request);
    }
    if (DISCOVERY_PATHS.contains(path)) {
      // the SDK probes these before authenticating; 404 (not 5xx) makes it carry on with a PAT
      requests.record(request.method() + " " + path, 404);
      return ApiErrors.databricks(404, "NOT_FOUND", "Not found: " + path);
    }
    Estate current = estate.get();
    Optional<Routes.Match> match = routes.match(request.method(), path);
    String endpoint =
        match.map(found -> found.route().endpoint()).orElse(request.method() + " (no route)");
    SandboxResponse response = handleApi(request, current, match);
    requests.record(endpoint, response.status());
    return response;
  }

  private SandboxResponse handleApi(
      SandboxRequest request, Estate current, Optional<Routes.Match> match) {
    String path = request.path();
    if (!authorized(request, current)) {
      return ApiErrors.forPath(
          path, 401, "Invalid access token: send \"Authorization: Bearer <token>\"");
    }
    if (match.isEmpty()) {
      return routes.hasPath(path)
          ? ApiErrors.databricks(
              405, "METHOD_NOT_ALLOWED", request.method() + " is not supported on " + path)
          : ApiErrors.databricks(
              404,
              "ENDPOINT_NOT_FOUND",
              "No API found for '" + request.method() + " " + path + "'");
    }
    Routes.Match found = match.get();
    String accountId = found.parameters().get("account_id");
    if (accountId != null && !accountId.equals(current.accountId())) {
      return ApiErrors.forPath(
          path, 403, "The token does not belong to account " + accountId + ".");
    }
    OptionalLong workspace = workspaceOf(request);
    Faults.Decision decision = faults.get().decide(path, workspace, requestKey(request, workspace));
    sleep(decision.latencyMillis());
    String endpoint = found.route().endpoint();
    Optional<RateLimits.Family> family = RateLimits.family(endpoint);
    if (family.isPresent()) {
      String scope =
          workspace.isPresent() && !endpoint.contains("/accounts/")
              ? "workspace-" + workspace.getAsLong()
              : "account";
      Optional<Integer> wait = rateLimits.get().acquire(family.get(), scope);
      if (wait.isPresent()) {
        return ApiErrors.forPath(
                path, 429, "Too many requests. Please wait a moment and try again.")
            .withHeader("Retry-After", Integer.toString(wait.get()));
      }
    }
    if (decision.statusFault().isPresent()) {
      Faults.Fault fault = decision.statusFault().get();
      int status = fault.status().orElseThrow();
      SandboxResponse error =
          ApiErrors.forPath(path, status, "Injected fault " + status + " for " + fault.match());
      if (status == 429 || status == 503) {
        error =
            error.withHeader("Retry-After", Integer.toString(fault.retryAfterSeconds().orElse(1)));
      }
      return error;
    }
    SandboxResponse response;
    try {
      response =
          found.route().handler().handle(new Routes.Call(request, found.parameters(), current));
    } catch (Paging.BadRequestException e) {
      response =
          ApiErrors.isScimPath(path)
              ? ApiErrors.scim(400, "invalidValue", e.getMessage())
              : ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", e.getMessage());
    }
    return corrupt(response, decision);
  }

  /**
   * Handles one request to the AWS port: IAM (Query protocol), EC2 (Query, version 2016-11-15), S3
   * (REST-XML, path-style) or KMS (JSON 1.1), told apart by the service of the request's SigV4
   * credential scope, as AWS's own endpoints are by host.
   */
  public SandboxResponse handleIam(SandboxRequest request) {
    String service = signingService(request);
    return switch (service) {
      case "ec2" -> handleAws(request, "EC2", Ec2Api.action(request));
      case "s3" -> handleAws(request, "S3", S3Api.action(request).orElse(""));
      case "kms" -> handleAws(request, "KMS", KmsApi.action(request));
      default -> {
        String action = IamApi.action(request);
        String endpoint = "IAM " + (action.isEmpty() ? "(no action)" : action);
        SandboxResponse response = handleIamRequest(request, action);
        requests.record(endpoint, response.status());
        yield response;
      }
    };
  }

  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=[^/,]+/\\d{8}/[^/,]+/([^/,]+)/aws4_request");

  /**
   * The service of a SigV4 Authorization header ({@code .../20261208/us-east-1/ec2/aws4_request}).
   */
  static String signingService(SandboxRequest request) {
    Matcher matcher = CREDENTIAL_SCOPE.matcher(request.header("authorization").orElse(""));
    return matcher.find() ? matcher.group(1) : "iam";
  }

  /**
   * EC2, S3 and KMS: counted as {@code EC2 DescribeVpcs}, {@code S3 GetBucketPolicy} (S3 by the IAM
   * action that allows the call), faults matched on {@code /ec2/DescribeVpcs}, {@code
   * /s3/GetBucketPolicy}, {@code /kms/DescribeKey}.
   */
  private SandboxResponse handleAws(SandboxRequest request, String service, String action) {
    String endpoint = service + " " + (action.isEmpty() ? "(no action)" : action);
    SandboxResponse response = handleAwsRequest(request, service, action);
    requests.record(endpoint, response.status());
    return response;
  }

  private SandboxResponse handleAwsRequest(SandboxRequest request, String service, String action) {
    if (!request.header("authorization").orElse("").startsWith("AWS4-HMAC-SHA256 ")) {
      return awsError(
          service,
          403,
          "MissingAuthenticationToken",
          "Request is missing Authentication Token",
          request);
    }
    String faultPath = "/" + service.toLowerCase(java.util.Locale.ROOT) + "/" + action;
    Faults.Decision decision =
        faults
            .get()
            .decide(
                faultPath,
                OptionalLong.empty(),
                service + " " + request.path() + "?" + request.query() + " " + request.bodyText());
    sleep(decision.latencyMillis());
    if (decision.statusFault().isPresent()) {
      int status = decision.statusFault().get().status().orElseThrow();
      String prefix = service.toLowerCase(java.util.Locale.ROOT);
      return switch (status) {
        case 429 ->
            switch (service) {
              case "EC2" ->
                  awsError(
                      service, 503, "RequestLimitExceeded", "Request limit exceeded.", request);
              case "S3" ->
                  awsError(service, 503, "SlowDown", "Please reduce your request rate.", request);
              default -> awsError(service, 400, "ThrottlingException", "Rate exceeded", request);
            };
        case 403 ->
            awsError(
                service,
                service.equals("KMS") ? 400 : 403,
                service.equals("KMS")
                    ? "AccessDeniedException"
                    : service.equals("EC2") ? "UnauthorizedOperation" : "AccessDenied",
                "User is not authorized to perform: " + prefix + ":" + action,
                request);
        default ->
            awsError(
                service,
                status,
                status >= 500 ? "InternalError" : "InvalidRequest",
                "Injected fault " + status,
                request);
      };
    }
    JsonNode document = estate.get().document();
    SandboxResponse response =
        switch (service) {
          case "EC2" -> ec2.handle(request, document);
          case "S3" -> s3.handle(request, document);
          default -> kms.handle(request, document);
        };
    return corrupt(response, decision);
  }

  private static SandboxResponse awsError(
      String service, int status, String code, String message, SandboxRequest request) {
    return switch (service) {
      case "EC2" -> Ec2Api.error(status, code, message);
      case "S3" -> S3Api.error(status, code, message, S3Api.bucket(request.path()));
      default -> KmsApi.error(status, code, message);
    };
  }

  private SandboxResponse handleIamRequest(SandboxRequest request, String action) {
    if (!request.header("authorization").orElse("").startsWith("AWS4-HMAC-SHA256 ")) {
      return IamApi.error(
          403, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    String faultPath = "/iam/" + action;
    Faults.Decision decision =
        faults.get().decide(faultPath, OptionalLong.empty(), "IAM " + request.bodyText());
    sleep(decision.latencyMillis());
    if (decision.statusFault().isPresent()) {
      int status = decision.statusFault().get().status().orElseThrow();
      return switch (status) {
        case 429 -> IamApi.error(400, "Sender", "Throttling", "Rate exceeded");
        case 403 ->
            IamApi.error(
                403, "Sender", "AccessDenied", "User is not authorized to perform: iam:" + action);
        default ->
            IamApi.error(
                status,
                status >= 500 ? "Receiver" : "Sender",
                status >= 500 ? "ServiceFailure" : "InvalidInput",
                "Injected fault " + status);
      };
    }
    return corrupt(iam.handle(request, estate.get().document()), decision);
  }

  private static SandboxResponse corrupt(SandboxResponse response, Faults.Decision decision) {
    if (decision.bodyFault().isEmpty() || response.status() >= 400) {
      return response;
    }
    String kind = decision.bodyFault().get().body().orElseThrow();
    return kind.equals("truncated")
        ? response.withBody(Faults.truncate(response.body()))
        : response.withBody(Faults.malformed());
  }

  private static boolean authorized(SandboxRequest request, Estate current) {
    return request
        .header("authorization")
        .map(value -> value.equals("Bearer " + current.token()))
        .orElse(false);
  }

  private static OptionalLong workspaceOf(SandboxRequest request) {
    Optional<String> header = request.header(WorkspaceApi.WORKSPACE_HEADER);
    if (header.isPresent()) {
      try {
        return OptionalLong.of(Long.parseLong(header.get().trim()));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    Matcher matcher = WORKSPACE_IN_PATH.matcher(request.path());
    return matcher.find()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  private static String requestKey(SandboxRequest request, OptionalLong workspace) {
    return request.method()
        + " "
        + request.path()
        + "?"
        + request.query()
        + (workspace.isPresent() ? " @" + workspace.getAsLong() : "");
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- control API -------------------------------------------------------------------------

  private SandboxResponse control(SandboxRequest request) {
    String route = request.method() + " " + request.path().substring(CONTROL_PREFIX.length());
    try {
      return switch (route) {
        case "GET /info" -> SandboxResponse.json(200, info());
        case "GET /estate" -> SandboxResponse.json(200, estate.get().document());
        case "PATCH /estate" -> patchEstate(request);
        case "GET /faults" -> SandboxResponse.json(200, faults.get().document());
        case "POST /faults" -> replaceFaults(request);
        case "GET /requests" -> SandboxResponse.json(200, requests.toJson());
        case "POST /reset" -> reset();
        default ->
            ApiErrors.databricks(
                404,
                "ENDPOINT_NOT_FOUND",
                "No control endpoint '"
                    + route
                    + "' (expected GET /info, GET|PATCH /estate, GET|POST /faults, GET /requests, POST /reset)");
      };
    } catch (PlumblineException e) {
      return ApiErrors.databricks(400, "INVALID_PARAMETER_VALUE", e.getMessage());
    }
  }

  /** The values a client needs to talk to this sandbox. */
  public ObjectNode info() {
    Estate current = estate.get();
    ObjectNode body = JSON.createObjectNode();
    body.put("account_id", current.accountId());
    body.put("token", current.token());
    body.put("iam_endpoint", iamEndpoint);
    body.put("aws_account_id", current.document().path("account").path("aws_account_id").asText());
    ArrayNode workspaces = body.putArray("workspaces");
    current.workspaces().forEach(workspace -> workspaces.add(workspace.id()));
    return body;
  }

  private synchronized SandboxResponse patchEstate(SandboxRequest request) {
    JsonNode patch = readJson(request, "a JSON Patch (RFC 6902) array");
    JsonNode patched;
    try {
      patched = JsonPatch.apply(estate.get().document(), patch);
    } catch (JsonPatch.PatchException e) {
      return ApiErrors.databricks(
          400, "INVALID_PARAMETER_VALUE", "invalid JSON Patch: " + e.getMessage());
    }
    Estate next;
    try {
      next = EstateLoader.fromDocument(patched, "patched estate");
    } catch (EstateLoader.InvalidEstateException e) {
      // the estate being served is left as it was
      return ApiErrors.databricks(422, "INVALID_STATE", e.getMessage());
    }
    estate.set(next);
    ObjectNode body = JSON.createObjectNode();
    body.put("operations", patch.size());
    return SandboxResponse.json(200, body);
  }

  private SandboxResponse replaceFaults(SandboxRequest request) {
    JsonNode document = readJson(request, "{\"faults\": [...]}");
    Faults parsed =
        Faults.parse(
            document,
            options.seed(),
            pointer -> "request body at " + (pointer.isEmpty() ? "/" : pointer));
    faults.set(parsed);
    rateLimits.set(rateLimitsFor(parsed));
    return SandboxResponse.json(200, parsed.document());
  }

  /** Back to the estate, faults and limits the sandbox started with; counters cleared. */
  public synchronized SandboxResponse reset() {
    estate.set(options.estate());
    Faults initial = initialFaults();
    faults.set(initial);
    rateLimits.set(rateLimitsFor(initial));
    requests.reset();
    ObjectNode body = JSON.createObjectNode();
    body.put("reset", true);
    return SandboxResponse.json(200, body);
  }

  private static JsonNode readJson(SandboxRequest request, String expected) {
    try {
      JsonNode node = JSON.readTree(request.body());
      if (node == null || node.isMissingNode()) {
        throw PlumblineException.userError("request body is empty: expected " + expected);
      }
      return node;
    } catch (IOException e) {
      throw PlumblineException.userError(
          "request body is not JSON (expected "
              + expected
              + "): "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
