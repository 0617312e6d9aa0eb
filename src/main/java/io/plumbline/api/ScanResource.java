package io.plumbline.api;

import io.plumbline.access.Role;
import io.plumbline.audit.Diffs;
import io.plumbline.audit.DriftView;
import io.plumbline.audit.RunningService;
import io.plumbline.audit.TimeArguments;
import io.plumbline.audit.Views;
import io.plumbline.export.report.ReportFormat;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.snapshot.SnapshotCodec;
import io.plumbline.store.FindingFilter;
import io.plumbline.store.Lifecycle;
import io.plumbline.store.LifecycleFilter;
import io.plumbline.store.LifecycleState;
import io.plumbline.store.ReportFile;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.VerifyResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * /api/v1: scans, findings and their lifecycle, drift, waivers, reports, evidence and rules. Every
 * endpoint names the role it needs; roles are cumulative (viewer, auditor, operator).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {

  private final RunningService service;
  private final SnapshotComparisons comparisons;

  @Inject
  public ScanResource(RunningService service, SnapshotComparisons comparisons) {
    this.service = service;
    this.comparisons = comparisons;
  }

  @GET
  @Path("/scans")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "Stored scans, oldest first, optionally since a date")
  public List<Views.Scan> scans(
      @QueryParam("since") String since,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
          @QueryParam("limit")
          @DefaultValue("500")
          String limit) {
    // a number parameter taken as text: JAX-RS answers an unconvertible one with 404, not 400
    int most = wholeNumber("limit", limit, 1, Integer.MAX_VALUE);
    List<ScanSummary> scans = store().scans(Optional.ofNullable(since).map(ScanResource::since));
    int from = Math.max(0, scans.size() - most);
    return scans.subList(from, scans.size()).stream().map(Views.Scan::of).toList();
  }

  @GET
  @Path("/scans/{scanId}")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "One stored scan")
  public Views.Scan scan(@PathParam("scanId") String scanId) {
    return Views.Scan.of(summary(scanId));
  }

  @POST
  @Path("/scans")
  @RolesAllowed(Role.OPERATOR_NAME)
  @Operation(summary = "Request a scan now; it runs when no other scan is running")
  public Response trigger(@Context SecurityContext security) {
    String who = security.getUserPrincipal().getName();
    String requestId = service.requestScan(who);
    return Response.accepted(new ApiDtos.ScanRequested(requestId, "queued", who)).build();
  }

  @GET
  @Path("/scans/{scanId}/drift")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "What changed in this scan against the stored scan before it")
  public Response drift(@PathParam("scanId") String scanId) {
    summary(scanId);
    DriftView drift =
        store()
            .drift(scanId)
            .map(DriftView::new)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "scan "
                            + scanId
                            + " has no drift: it is the first scan or has no snapshot"));
    return json(drift);
  }

  @GET
  @Path("/drift")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "What changed between two stored scans (from, to)")
  public Response driftBetween(@QueryParam("from") String from, @QueryParam("to") String to) {
    if (from == null || to == null) {
      throw new BadRequestException("give both from and to: stored scan ids");
    }
    summary(from);
    summary(to);
    return json(comparisons.run(() -> Diffs.between(snapshot(from), snapshot(to))));
  }

  @GET
  @Path("/findings")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(
      summary =
          "Findings of a scan (default: the latest) that are not PASS, filtered by verdict,"
              + " severity, rule, workspace and first-seen date")
  public List<Views.FindingView> findings(
      @QueryParam("scan") String scanId,
      @QueryParam("verdict") String verdict,
      @QueryParam("severity") String severity,
      @QueryParam("rule") String rule,
      @QueryParam("workspace") String workspace,
      @QueryParam("since") String since) {
    String scan = scanId != null ? scanId : latest().scanId();
    summary(scan);
    FindingFilter filter = FindingFilter.all();
    if (verdict != null) {
      filter = filter.withVerdicts(verdicts(verdict).toArray(Verdict[]::new));
    }
    Set<Severity> severities =
        severity == null ? EnumSet.allOf(Severity.class) : severities(severity);
    if (rule != null) {
      filter = filter.withRule(rule);
    }
    if (workspace != null) {
      filter = filter.withScope(workspaceScope(workspace));
    }
    if (since != null) {
      filter = filter.withFirstSeenSince(since(since));
    }
    return store().findings(scan, filter).stream()
        .filter(stored -> severities.contains(stored.finding().severity()))
        .map(Views.FindingView::of)
        .toList();
  }

  @GET
  @Path("/lifecycles")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "Finding lifecycles (open or resolved), filtered by rule and workspace")
  public List<Views.LifecycleView> lifecycles(
      @QueryParam("state") String state,
      @QueryParam("rule") String rule,
      @QueryParam("workspace") String workspace) {
    LifecycleFilter filter = LifecycleFilter.all();
    if (state != null) {
      filter = filter.withState(enumValue(LifecycleState.class, "state", state));
    }
    if (rule != null) {
      filter = filter.withRule(rule);
    }
    if (workspace != null) {
      filter = filter.withScope(workspaceScope(workspace));
    }
    return store().lifecycles(filter).stream()
        .map(lifecycle -> Views.LifecycleView.of(lifecycle, List.of()))
        .toList();
  }

  @GET
  @Path("/findings/{fingerprint}")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "One finding's lifecycle and its history scan by scan")
  public Views.LifecycleView finding(@PathParam("fingerprint") String fingerprint) {
    Store store = store();
    Lifecycle lifecycle =
        store.lifecycles(LifecycleFilter.ofFingerprint(fingerprint)).stream()
            .findFirst()
            .orElseThrow(() -> new NotFoundException("no finding with fingerprint " + fingerprint));
    return Views.LifecycleView.of(lifecycle, store.history(fingerprint));
  }

  @GET
  @Path("/waivers")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "Waivers as the latest scan applied them, with state and expiry")
  public List<Views.Waiver> waivers() {
    return store().waivers(latest().scanId()).stream().map(Views.Waiver::of).toList();
  }

  @GET
  @Path("/scans/{scanId}/reports")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Operation(summary = "Reports written for a scan, with their SHA-256")
  public List<Views.Report> reports(@PathParam("scanId") String scanId) {
    summary(scanId);
    return store().reports(scanId).stream().map(file -> Views.Report.of(scanId, file)).toList();
  }

  @GET
  @Path("/scans/{scanId}/reports/{format}")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Produces(MediaType.WILDCARD)
  @Operation(
      summary = "Download one report of a scan by its format name (as the reports list names it)")
  public Response report(@PathParam("scanId") String scanId, @PathParam("format") String format) {
    summary(scanId);
    ReportFile file =
        store().reports(scanId).stream()
            .filter(report -> report.format().equals(format))
            .findFirst()
            .orElseThrow(
                () -> new NotFoundException("scan " + scanId + " has no " + format + " report"));
    java.nio.file.Path path = java.nio.file.Path.of(file.path());
    if (!Files.isRegularFile(path)) {
      throw new NotFoundException(
          "the "
              + format
              + " report of scan "
              + scanId
              + " is not on this replica's disk (plumbline.serve.data-directory)");
    }
    return Response.ok((StreamingOutput) out -> Files.copy(path, out), mediaType(format))
        .header("Content-Disposition", "attachment; filename=\"" + path.getFileName() + "\"")
        .header("Digest", "sha-256=" + file.sha256())
        .build();
  }

  @GET
  @Path("/scans/{scanId}/snapshot")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Produces("application/gzip")
  @Operation(summary = "Evidence: the scan's snapshot as stored (canonical JSON, gzip)")
  public Response snapshotEvidence(@PathParam("scanId") String scanId) {
    Snapshot snapshot = snapshot(scanId);
    StreamingOutput body =
        out -> {
          GZIPOutputStream gzip = new GZIPOutputStream(out);
          SnapshotCodec.writeCanonical(snapshot, gzip);
          gzip.finish();
        };
    return Response.ok(body, "application/gzip")
        .header("Content-Disposition", "attachment; filename=\"" + scanId + "-snapshot.json.gz\"")
        .header("X-Content-Hash", snapshot.contentHash())
        .build();
  }

  @GET
  @Path("/verify")
  @RolesAllowed(Role.AUDITOR_NAME)
  @Operation(summary = "Walk the hash chain of stored scans and report the first broken link")
  public VerifyView verify() {
    VerifyResult result = store().verify();
    return new VerifyView(
        result.intact(),
        result.scansChecked(),
        result.headSeq(),
        result.headHash(),
        result.broken().map(VerifyResult.BrokenLink::describe).orElse(null));
  }

  public record VerifyView(
      boolean intact, long scansChecked, long headSeq, String headHash, String brokenLink) {}

  @GET
  @Path("/rules")
  @RolesAllowed(Role.VIEWER_NAME)
  @Operation(summary = "The rules of the loaded rule pack with their metadata")
  public List<Views.Rule> rules() {
    return service.rules().stream().map(Views.Rule::of).toList();
  }

  private Store store() {
    return service.store();
  }

  private ScanSummary summary(String scanId) {
    return store().scan(scanId).orElseThrow(() -> new NotFoundException("no scan " + scanId));
  }

  private ScanSummary latest() {
    return store().latest().orElseThrow(() -> new NotFoundException("no scan stored yet"));
  }

  private Snapshot snapshot(String scanId) {
    summary(scanId);
    return store()
        .snapshot(scanId)
        .orElseThrow(() -> new NotFoundException("scan " + scanId + " has no snapshot"));
  }

  private static Response json(DriftView drift) {
    StreamingOutput body = drift::writeJson;
    return Response.ok(body, MediaType.APPLICATION_JSON).build();
  }

  private static Instant since(String text) {
    try {
      return TimeArguments.parseSince(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("since: " + e.getMessage());
    }
  }

  private static Scope workspaceScope(String workspace) {
    if (!workspace.matches("\\d+")) {
      throw new BadRequestException("workspace: expected a numeric workspace id, got " + workspace);
    }
    return Scope.workspace(wholeNumber("workspace", workspace, 1, Long.MAX_VALUE));
  }

  /** A query parameter that must be a whole number from {@code least} to {@code most}. */
  private static int wholeNumber(String name, String text, int least, int most) {
    return (int) wholeNumber(name, text, (long) least, (long) most);
  }

  private static long wholeNumber(String name, String text, long least, long most) {
    String stripped = text.strip();
    if (stripped.matches("-?\\d{1,19}")) {
      try {
        long value = Long.parseLong(stripped);
        if (value >= least && value <= most) {
          return value;
        }
      } catch (NumberFormatException e) {
        // beyond a long: refused below
      }
    }
    throw new BadRequestException(
        name
            + ": invalid value \""
            + abbreviate(text)
            + "\", expected a whole number from "
            + least
            + " to "
            + most);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static Set<Verdict> verdicts(String text) {
    Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
    for (String value : text.split(",")) {
      Verdict verdict = enumValue(Verdict.class, "verdict", value);
      if (verdict == Verdict.PASS) {
        throw new BadRequestException(
            "verdict: PASS findings are not stored one by one (only their counts per scan);"
                + " use fail, unknown or waived");
      }
      verdicts.add(verdict);
    }
    return verdicts;
  }

  private static Set<Severity> severities(String text) {
    return Arrays.stream(text.split(","))
        .map(value -> enumValue(Severity.class, "severity", value))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Severity.class)));
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String expected =
          Arrays.stream(type.getEnumConstants())
              .map(constant -> constant.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      throw new BadRequestException(
          name + ": invalid value \"" + value + "\", expected " + expected);
    }
  }

  private static String mediaType(String format) {
    return ReportFormat.byLabel(format)
        .map(ReportFormat::mediaType)
        .orElse(MediaType.APPLICATION_OCTET_STREAM);
  }
}
