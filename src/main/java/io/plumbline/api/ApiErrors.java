package io.plumbline.api;

import io.plumbline.audit.ServiceNotRunningException;
import io.plumbline.error.PlumblineException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become JSON bodies with a status: {status, error, message}. */
public class ApiErrors {

  private static final Logger LOG = Logger.getLogger(ApiErrors.class);

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response response = body(status, e.getMessage());
    String retryAfter = e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER);
    return retryAfter == null
        ? response
        : Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, retryAfter).build();
  }

  @ServerExceptionMapper
  public Response notRunning(ServiceNotRunningException e) {
    return body(503, e.getMessage());
  }

  @ServerExceptionMapper
  public Response plumbline(PlumblineException e) {
    int status =
        switch (e.kind()) {
          case USER_ERROR -> 400;
          case EXTERNAL -> 502;
          case INTERNAL -> 500;
        };
    return body(status, e.getMessage());
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("API request failed", e);
    return body(500, "internal error; the service log has the details");
  }

  private static Response body(int status, String message) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String error = known == null ? "error" : known.getReasonPhrase();
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiDtos.Error(status, error, message))
        .build();
  }
}
