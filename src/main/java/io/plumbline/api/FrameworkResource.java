package io.plumbline.api;

import io.plumbline.access.Role;
import io.plumbline.audit.RunningService;
import io.plumbline.auditor.FrameworkViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Framework views: the frameworks of the policies, and their controls' status as of a date. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FrameworkResource {

  private final RunningService service;

  @Inject
  public FrameworkResource(RunningService service) {
    this.service = service;
  }

  @GET
  @Path("/frameworks")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "The frameworks the rules give evidence for, with their control counts")
  public List<FrameworkViews.FrameworkView> frameworks() {
    return FrameworkViews.frameworks(service.store());
  }

  @GET
  @Path("/frameworks/{id}/controls")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(
      summary =
          "Each control's status with its rules' verdicts, as judged by the last scan at or before"
              + " ?at= (YYYY-MM-DD: that whole day; or an ISO time; default now). A control judged"
              + " on data not read completely is UNKNOWN, never PASS.")
  public FrameworkViews.ControlsAt controls(
      @PathParam("id") String id, @QueryParam("at") String at) {
    Instant when = at == null || at.isBlank() ? Instant.now() : parse(at);
    return FrameworkViews.controls(service.store(), id, when)
        .orElseThrow(() -> new NotFoundException("no framework " + id));
  }

  @GET
  @Path("/period-reports")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Operation(
      summary =
          "Period reports kept in the store (plumbline.report.schedule), each format with its"
              + " SHA-256")
  public List<io.plumbline.store.Store.StoredReport> periodReports() {
    return service.store().storedReports();
  }

  @GET
  @Path("/period-reports/{reportId}/{format}")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "Download one format (pdf, html, json) of a stored period report")
  public jakarta.ws.rs.core.Response periodReport(
      @PathParam("reportId") String reportId, @PathParam("format") String format) {
    io.plumbline.store.Store.StoredReport listed =
        service.store().storedReports().stream()
            .filter(report -> report.reportId().equals(reportId) && report.format().equals(format))
            .findFirst()
            .orElseThrow(
                () -> new NotFoundException("no period report " + reportId + " as " + format));
    byte[] bytes = service.store().storedReport(reportId, format).orElseThrow();
    return jakarta.ws.rs.core.Response.ok(bytes, listed.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + reportId + "." + format + "\"")
        .header("Digest", "sha-256=" + listed.sha256())
        .build();
  }

  private static Instant parse(String at) {
    try {
      return LocalDate.parse(at.strip())
          .plusDays(1)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant()
          .minusNanos(1000);
    } catch (DateTimeParseException notADate) {
      try {
        return Instant.parse(at.strip());
      } catch (DateTimeParseException e) {
        throw new BadRequestException(
            "at: invalid date \""
                + at
                + "\": expected YYYY-MM-DD or an ISO time such as 2026-11-30T00:00:00Z");
      }
    }
  }
}
