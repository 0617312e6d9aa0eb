package io.plumbline.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.serve.PlumblineService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Query parameters the API cannot use are the caller's error: 400 with the JSON error body naming
 * the parameter, the value and what was expected; never 404 (as JAX-RS answers a number parameter
 * it cannot convert) or 500.
 */
@QuarkusTest
@TestProfile(ServiceUnderTest.Profile.class)
class ApiBadInputTest {

  @Inject PlumblineService service;

  @BeforeEach
  void startTheService() {
    ServiceUnderTest.start(service);
  }

  private static Response get(String path) {
    return given()
        .header("Authorization", "Bearer " + ServiceUnderTest.VIEWER_TOKEN)
        .urlEncodingEnabled(true)
        .get(path);
  }

  @Test
  void aLimitThatIsNotANumberIsABadRequestNamingIt() {
    Response response = get("/api/v1/scans?limit=NaN");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/json");
    JsonPath body = response.jsonPath();
    assertThat(body.getInt("status")).isEqualTo(400);
    assertThat(body.getString("error")).isEqualTo("Bad Request");
    assertThat(body.getString("message"))
        .isEqualTo("limit: invalid value \"NaN\", expected a whole number from 1 to 2147483647");
  }

  @Test
  void everyLimitOutsideOneToTheLargestIntIsABadRequest() {
    for (String limit : List.of("0", "-1", "1e3", "1.5", "2147483648", "99999999999999999999")) {
      Response response = get("/api/v1/scans?limit=" + limit);

      assertThat(response.statusCode()).as("limit=%s", limit).isEqualTo(400);
      assertThat(response.jsonPath().getString("message"))
          .as("limit=%s", limit)
          .startsWith("limit: invalid value \"" + limit + "\"");
    }
    assertThat(get("/api/v1/scans?limit=1").statusCode()).isEqualTo(200);
  }

  @Test
  void aWorkspaceIdBeyondSixtyFourBitsIsABadRequestNotAServerError() {
    for (String path :
        List.of(
            "/api/v1/findings?workspace=123456789012345678901234567890",
            "/api/v1/lifecycles?workspace=123456789012345678901234567890")) {
      Response response = get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.jsonPath().getString("message"))
          .as(path)
          .isEqualTo(
              "workspace: invalid value \"123456789012345678901234567890\", expected a whole"
                  + " number from 1 to 9223372036854775807");
    }
  }

  @Test
  void theOtherParametersAreBadRequestsToo() {
    for (String path :
        List.of(
            "/api/v1/findings?workspace=prod",
            "/api/v1/findings?since=yesterday-ish",
            "/api/v1/findings?verdict=maybe",
            "/api/v1/findings?severity=dire",
            "/api/v1/lifecycles?state=sleeping",
            "/api/v1/scans?since=NaN",
            "/api/v1/drift?from=only-one")) {
      Response response = get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(response.jsonPath().getInt("status")).as(path).isEqualTo(400);
    }
  }
}
