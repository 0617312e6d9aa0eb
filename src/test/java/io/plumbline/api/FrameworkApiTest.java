package io.plumbline.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.serve.PlumblineService;
import io.plumbline.store.ScanSummary;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/frameworks and GET /api/v1/frameworks/{id}/controls?at=DATE on a running service. */
@QuarkusTest
@TestProfile(ServiceUnderTest.Profile.class)
class FrameworkApiTest {

  @Inject PlumblineService service;

  @BeforeEach
  void startTheService() {
    ServiceUnderTest.start(service);
  }

  private static Response get(String path) {
    return given().header("Authorization", "Bearer " + ServiceUnderTest.VIEWER_TOKEN).get(path);
  }

  @Test
  void theFrameworksAreThoseTheLatestScanWasJudgedWith() {
    Response response = get("/api/v1/frameworks");
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    List<String> ids = response.jsonPath().getList("id");
    assertThat(ids).containsExactly("cis-databricks", "dasf", "nist-800-53", "soc2");
    List<Integer> controls = response.jsonPath().getList("controls");
    assertThat(controls).allMatch(count -> count > 0);
  }

  @Test
  void controlsAtADateAreJudgedByTheLastScanByThenWithTheirRulesVerdicts() {
    ScanSummary latest = service.store().latestWithSnapshot().orElseThrow();
    Response response = get("/api/v1/frameworks/nist-800-53/controls?at=" + latest.finishedAt());
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    JsonPath body = response.jsonPath();
    assertThat(body.getString("scan_id")).isEqualTo(latest.scanId());
    List<Map<String, Object>> controls = body.getList("controls");
    assertThat(controls).isNotEmpty();
    for (Map<String, Object> control : controls) {
      assertThat(control.get("status")).isIn("PASS", "FAIL", "UNKNOWN", "WAIVED", "NOT_APPLICABLE");
      assertThat((List<?>) control.get("rules")).isNotEmpty();
    }
    // the reference estate fails some NIST controls
    assertThat(controls).anySatisfy(control -> assertThat(control.get("status")).isEqualTo("FAIL"));

    // before any scan nothing was judged: every control is UNKNOWN, none PASS
    Response before = get("/api/v1/frameworks/nist-800-53/controls?at=2000-01-01");
    assertThat(before.statusCode()).isEqualTo(200);
    List<String> statuses = before.jsonPath().getList("controls.status");
    assertThat(statuses).isNotEmpty().containsOnly("UNKNOWN");
  }

  @Test
  void anUnknownFrameworkIs404AndABadDate400() {
    assertThat(get("/api/v1/frameworks/iso-27001/controls").statusCode()).isEqualTo(404);
    Response bad = get("/api/v1/frameworks/soc2/controls?at=yesterday");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.jsonPath().getString("message")).startsWith("at: invalid date");
  }
}
