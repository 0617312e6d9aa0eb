package io.plumbline.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.access.Role;
import io.plumbline.serve.PlumblineService;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.ScanSummary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of /api/v1 refuses callers without its role: 401 without a token or with an
 * unknown one, 403 with a weaker role, and serves the role and every stronger one. The table below
 * must name every operation the OpenAPI document lists, so a new endpoint cannot skip this test.
 */
@QuarkusTest
@TestProfile(ServiceUnderTest.Profile.class)
class ApiAccessTest {

  private record Endpoint(String method, String template, Role required) {
    String path(Map<String, String> values) {
      String path = template;
      for (Map.Entry<String, String> value : values.entrySet()) {
        path = path.replace("{" + value.getKey() + "}", value.getValue());
      }
      return path;
    }
  }

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/api/v1/scans", Role.VIEWER),
          new Endpoint("GET", "/api/v1/scans/{scanId}", Role.VIEWER),
          new Endpoint("POST", "/api/v1/scans", Role.OPERATOR),
          new Endpoint("GET", "/api/v1/scans/{scanId}/drift", Role.VIEWER),
          new Endpoint("GET", "/api/v1/drift", Role.VIEWER),
          new Endpoint("GET", "/api/v1/findings", Role.VIEWER),
          new Endpoint("GET", "/api/v1/findings/{fingerprint}", Role.VIEWER),
          new Endpoint("GET", "/api/v1/lifecycles", Role.VIEWER),
          new Endpoint("GET", "/api/v1/waivers", Role.VIEWER),
          new Endpoint("GET", "/api/v1/rules", Role.VIEWER),
          new Endpoint("GET", "/api/v1/frameworks", Role.VIEWER),
          new Endpoint("GET", "/api/v1/frameworks/{id}/controls", Role.VIEWER),
          new Endpoint("GET", "/api/v1/period-reports", Role.AUDITOR),
          new Endpoint("GET", "/api/v1/period-reports/{reportId}/{format}", Role.AUDITOR),
          new Endpoint("GET", "/api/v1/scans/{scanId}/reports", Role.AUDITOR),
          new Endpoint("GET", "/api/v1/scans/{scanId}/reports/{format}", Role.AUDITOR),
          new Endpoint("GET", "/api/v1/scans/{scanId}/snapshot", Role.AUDITOR),
          new Endpoint("GET", "/api/v1/verify", Role.AUDITOR));

  private static final Map<Role, String> TOKENS =
      Map.of(
          Role.VIEWER, ServiceUnderTest.VIEWER_TOKEN,
          Role.AUDITOR, ServiceUnderTest.AUDITOR_TOKEN,
          Role.OPERATOR, ServiceUnderTest.OPERATOR_TOKEN);

  @Inject PlumblineService service;

  @BeforeEach
  void startTheService() {
    ServiceUnderTest.start(service);
  }

  @Test
  void everyOperationInTheOpenApiDocumentIsInTheAccessTable() throws Exception {
    String document = given().queryParam("format", "json").get("/q/openapi").asString();
    JsonNode paths = new ObjectMapper().readTree(document).path("paths");
    List<String> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = paths.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> path = fields.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
    }
    List<String> table =
        ENDPOINTS.stream().map(endpoint -> endpoint.method() + " " + endpoint.template()).toList();

    assertThat(operations).isNotEmpty().containsExactlyInAnyOrderElementsOf(table);
  }

  @Test
  void everyEndpointDeniesWithoutItsRoleAndServesWithIt() {
    ScanSummary scan = service.store().latest().orElseThrow();
    String fingerprint = service.store().lifecycles(LifecycleFilter.all()).get(0).fingerprint();
    Map<String, String> values =
        Map.of(
            "scanId",
            scan.scanId(),
            "fingerprint",
            fingerprint,
            "format",
            "json",
            "id",
            "nist-800-53",
            "reportId",
            "period-2026-11-all");
    List<String> problems = new ArrayList<>();
    for (Endpoint endpoint : ENDPOINTS) {
      String path = endpoint.path(values);
      if (endpoint.template().equals("/api/v1/drift")) {
        path = path + "?from=" + scan.scanId() + "&to=" + scan.scanId();
      }
      expect(problems, endpoint, path, given(), 401, "no token");
      expect(
          problems,
          endpoint,
          path,
          given().header("Authorization", "Bearer not-a-known-token"),
          401,
          "an unknown token");
      for (Role role : Role.values()) {
        RequestSpecification request =
            given().header("Authorization", "Bearer " + TOKENS.get(role));
        int status = call(request, endpoint.method(), path);
        boolean allowed = role.compareTo(endpoint.required()) >= 0;
        if (allowed && (status == 401 || status == 403 || status >= 500)) {
          problems.add(endpoint + " as " + role + ": expected access, got " + status);
        }
        if (!allowed && status != 403) {
          problems.add(endpoint + " as " + role + ": expected 403, got " + status);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void anUnauthenticatedCallIsChallengedForABearerToken() {
    io.restassured.response.Response response = given().get("/api/v1/scans");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  private static void expect(
      List<String> problems,
      Endpoint endpoint,
      String path,
      RequestSpecification request,
      int expected,
      String who) {
    int status = call(request, endpoint.method(), path);
    if (status != expected) {
      problems.add(endpoint + " with " + who + ": expected " + expected + ", got " + status);
    }
  }

  private static int call(RequestSpecification request, String method, String path) {
    return switch (method) {
      case "GET" -> request.get(path).statusCode();
      case "POST" -> request.post(path).statusCode();
      default -> throw new IllegalArgumentException(method);
    };
  }
}
