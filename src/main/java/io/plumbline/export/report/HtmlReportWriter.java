package io.plumbline.export.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Coverage;
import io.plumbline.model.Finding;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.Verdicts;
import io.plumbline.policy.Waiver;
import io.plumbline.policy.WaiverStatus;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: one self-contained page (no external style sheet, script, font or image) for
 * people: the gate's outcome, posture counts, counts by workspace, coverage gaps, each FAIL,
 * UNKNOWN and WAIVED finding with its evidence and remediation, waivers, and the rules that ran.
 * Every value from the estate or the policies is HTML-escaped.
 */
public final class HtmlReportWriter implements ReportWriter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private static final String STYLE =
      """
      :root{--fg:#1f2328;--muted:#59636e;--faint:#aab3bd;--line:#d8dee4;--panel:#f6f8fa;\
      --critical:#7d0a1a;--high:#cf222e;--medium:#bc4c00;--low:#0969da;--info:#6e7781;\
      --pass:#1a7f37;--unknown:#8250df;--waived:#57606a}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%}
      body{margin:0;color:var(--fg);background:#fff;\
      font:13px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
      main{max-width:1280px;margin:0 auto;padding:18px 24px 40px}
      code,pre,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;\
      font-size:12px}
      a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
      header{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;\
      border-bottom:2px solid var(--fg);padding-bottom:8px}
      h1{font-size:19px;margin:0;letter-spacing:-.01em}h1 small{font-weight:400;color:var(--muted)}
      nav{font-size:12px;color:var(--muted)}nav a{margin-left:10px}
      h2{font-size:14px;margin:26px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
      h2 .count{color:var(--muted);font-weight:400}
      h3{font-size:13px;margin:18px 0 6px}
      dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);\
      gap:3px 14px;margin:12px 0 0;font-size:12px}
      dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
      .gate{margin:14px 0 0;border:1px solid;border-left-width:5px;border-radius:4px;padding:8px 12px}
      .gate p{margin:0}.gate p+p{margin-top:3px}.gate strong{letter-spacing:.03em}
      .gate.failed{background:#fff1f0;border-color:#cf222e;color:#82071e}
      .gate.incomplete{background:#fff8e1;border-color:#bf8700;color:#5c3d00}
      .gate.passed{background:#effaf1;border-color:#1a7f37;color:#0f5323}
      .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(118px,1fr));gap:8px}
      .tile{border:1px solid var(--line);border-radius:4px;padding:6px 10px}
      .tile .n{font-size:21px;font-weight:600;font-variant-numeric:tabular-nums;line-height:1.2}
      .tile .l{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
      .tile.fail .n{color:var(--high)}.tile.unknown .n{color:var(--unknown)}
      .tile.waived .n{color:var(--waived)}.tile.pass .n{color:var(--pass)}.tile.zero .n{color:var(--faint)}
      .split{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:20px;align-items:start}
      table{border-collapse:collapse;width:100%}
      th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
      th{font-size:11px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;\
      background:var(--panel);border-bottom-color:#c4ccd4;white-space:nowrap}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      td.z{color:var(--faint)}
      tr.total td{font-weight:600;border-top:1px solid #c4ccd4}
      .sev{display:inline-block;min-width:64px;padding:1px 0;border-radius:3px;color:#fff;font-size:10.5px;\
      font-weight:700;letter-spacing:.05em;text-align:center;text-transform:uppercase}
      .sev.critical{background:var(--critical)}.sev.high{background:var(--high)}\
      .sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
      .v{display:inline-block;padding:0 5px;border:1px solid;border-radius:3px;font-size:10.5px;\
      font-weight:700;letter-spacing:.04em}
      .v.FAIL{color:var(--high)}.v.UNKNOWN{color:var(--unknown)}.v.WAIVED{color:var(--waived)}\
      .v.PASS{color:var(--pass)}
      .st{font-size:11px;font-weight:600;text-transform:uppercase}
      .st.expired{color:var(--high)}.st.expiring{color:var(--medium)}.st.active{color:var(--pass)}
      .muted{color:var(--muted)}.nowrap{white-space:nowrap}
      td.res{width:27%;overflow-wrap:anywhere}td.rule{width:17%}
      .rt{color:var(--muted)}.rid{font-weight:600}
      .msg{font-weight:600;margin-bottom:2px;overflow-wrap:anywhere}
      pre{margin:3px 0;padding:5px 7px;background:var(--panel);border:1px solid var(--line);border-radius:3px;\
      white-space:pre-wrap;overflow-wrap:anywhere;max-height:16em;overflow:auto}
      .fix{margin:3px 0}.fix b{color:var(--muted);font-weight:600}
      .facts{color:var(--muted);font-size:11.5px}.facts>span{display:inline-block;white-space:nowrap}
      .facts>span+span:before{content:"\\00b7";margin:0 5px}
      table.ev{width:auto;max-width:100%;margin:3px 0;background:var(--panel);border:1px solid var(--line);\
      border-radius:3px}
      table.ev th{background:none;border:0;padding:2px 8px;color:var(--muted);font-weight:600;font-size:11.5px;\
      text-transform:none;letter-spacing:0;vertical-align:top}
      table.ev td{border:0;padding:2px 8px;overflow-wrap:anywhere}
      .cov div{white-space:nowrap}.cov .k{color:var(--muted);display:inline-block;min-width:62px}
      .tag{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 6px;\
      font-size:11px;margin:1px 2px 1px 0;color:var(--muted)}
      .none{color:var(--muted);font-style:italic;margin:4px 0}
      footer{margin-top:32px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);\
      font-size:11.5px}
      @media (max-width:800px){.split{grid-template-columns:1fr}dl.meta{grid-template-columns:max-content 1fr}}
      @media print{main{max-width:none;padding:0}tr{break-inside:avoid}pre{max-height:none}\
      h2{break-after:avoid}}
      """;

  @Override
  public String format() {
    return "html";
  }

  @Override
  public String fileName() {
    return "report.html";
  }

  @Override
  public String mediaType() {
    return "text/html";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    Html html = new Html();
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.raw("<meta name=\"generator\" content=\"plumbline ")
        .text(model.toolVersion())
        .raw("\">\n");
    html.raw("<title>plumbline report ").text(model.snapshot().id()).raw("</title>\n");
    html.raw("<style>\n").raw(STYLE).raw("</style>\n</head>\n<body>\n<main>\n");
    header(html, model);
    posture(html, model);
    scopes(html, model);
    coverage(html, model);
    findings(html, model, Verdict.FAIL, "Failing findings", "fail");
    findings(html, model, Verdict.UNKNOWN, "Not judged (UNKNOWN)", "unknown");
    findings(html, model, Verdict.WAIVED, "Waived findings", "waived");
    waivers(html, model);
    rules(html, model);
    html.raw("<footer>Generated by plumbline ")
        .text(model.toolVersion())
        .raw(" at ")
        .text(time(model.evaluatedAt()))
        .raw(" from snapshot <span class=\"mono\">")
        .text(model.snapshot().id())
        .raw("</span> (<span class=\"mono\">")
        .text(model.snapshot().contentHash())
        .raw("</span>). A read that failed is UNKNOWN, never absent: UNKNOWN findings are not")
        .raw(" passes. Fingerprints are stable across scans.</footer>\n");
    html.raw("</main>\n</body>\n</html>\n");
    out.write(html.toString());
  }

  private static void header(Html html, ReportModel model) {
    SnapshotSummary snapshot = model.snapshot();
    html.raw("<header><h1>plumbline <small>compliance report</small></h1><nav>")
        .raw("<a href=\"#posture\">Posture</a><a href=\"#scopes\">Workspaces</a>")
        .raw("<a href=\"#coverage\">Coverage</a><a href=\"#fail\">Findings</a>")
        .raw("<a href=\"#waivers\">Waivers</a><a href=\"#rules\">Rules</a></nav></header>\n");
    html.raw("<dl class=\"meta\">");
    meta(html, "Snapshot", snapshot.id(), true);
    meta(html, "Taken at", time(snapshot.takenAt()), false);
    meta(html, "Content hash", snapshot.contentHash(), true);
    meta(html, "Evaluated at", time(model.evaluatedAt()), false);
    meta(html, "Rule pack", model.rulePack() + " (" + model.rules().size() + " rules)", true);
    meta(
        html,
        "Gate",
        model.failOn().map(severity -> "fail on " + severity.label() + " or above").orElse("off"),
        false);
    html.raw("</dl>\n");
    html.raw("<div class=\"gate ")
        .raw(!snapshot.isComplete() ? "incomplete" : model.gateFailed() ? "failed" : "passed")
        .raw("\">");
    if (!snapshot.isComplete()) {
      html.raw("<p><strong>INCOMPLETE</strong> &mdash; ")
          .text(plural(snapshot.coverageGaps().size(), "read") + " of " + snapshot.coverageReads())
          .raw(" failed. What they would have shown is UNKNOWN, not absent: see ")
          .raw("<a href=\"#coverage\">coverage gaps</a>.</p>");
    }
    if (model.gateFailed()) {
      html.raw("<p><strong>FAILED</strong> &mdash; ")
          .text(
              plural(model.gateFailures().size(), "finding")
                  + " at or above "
                  + model.failOn().orElseThrow().label()
                  + " failed.")
          .raw("</p>");
    } else if (model.failOn().isPresent()) {
      html.raw("<p><strong>PASSED</strong> &mdash; no finding at or above ")
          .text(model.failOn().get().label())
          .raw(" failed")
          .raw(snapshot.isComplete() ? "." : " among what could be read.")
          .raw("</p>");
    } else {
      html.raw("<p><strong>GATE OFF</strong> &mdash; findings do not fail the run.</p>");
    }
    html.raw("</div>\n");
  }

  private static void meta(Html html, String label, String value, boolean mono) {
    html.raw("<dt>").text(label).raw("</dt><dd").raw(mono ? " class=\"mono\"" : "").raw(">");
    html.text(value).raw("</dd>");
  }

  private static void posture(Html html, ReportModel model) {
    Map<Verdict, Long> verdicts = model.countsByVerdict();
    html.raw("<h2 id=\"posture\">Posture</h2>\n<div class=\"split\"><div class=\"tiles\">");
    tile(html, "fail", verdicts.get(Verdict.FAIL), "Fail");
    tile(html, "unknown", verdicts.get(Verdict.UNKNOWN), "Unknown");
    tile(html, "waived", verdicts.get(Verdict.WAIVED), "Waived");
    tile(html, "pass", verdicts.get(Verdict.PASS), "Pass");
    tile(html, "", (long) model.rules().size(), "Rules");
    tile(html, "", (long) model.snapshot().resourceCount(), "Resources");
    html.raw("</div>\n<table><thead><tr><th>Failing by severity</th>");
    for (Severity severity : Severity.values()) {
      html.raw("<th class=\"n\">").text(severity.label()).raw("</th>");
    }
    html.raw("<th class=\"n\">total</th></tr></thead><tbody><tr><td>FAIL</td>");
    Map<Severity, Long> failures = model.failuresBySeverity();
    for (Severity severity : Severity.values()) {
      count(html, failures.get(severity));
    }
    count(html, verdicts.get(Verdict.FAIL));
    html.raw("</tr><tr><td>at or above the gate</td>");
    for (Severity severity : Severity.values()) {
      boolean counted = model.failOn().map(severity::isAtLeast).orElse(false);
      if (counted) {
        count(html, failures.get(severity));
      } else {
        html.raw("<td class=\"n z\">&ndash;</td>");
      }
    }
    count(html, (long) model.gateFailures().size());
    html.raw("</tr></tbody></table></div>\n");
  }

  private static void tile(Html html, String kind, Long value, String label) {
    boolean zero = value == null || value == 0;
    html.raw("<div class=\"tile ").raw(kind).raw(zero ? " zero" : "").raw("\"><div class=\"n\">");
    html.text(String.valueOf(value == null ? 0 : value)).raw("</div><div class=\"l\">");
    html.text(label).raw("</div></div>");
  }

  private static void count(Html html, Long value) {
    long number = value == null ? 0 : value;
    html.raw(number == 0 ? "<td class=\"n z\">" : "<td class=\"n\">");
    html.text(String.valueOf(number)).raw("</td>");
  }

  private static void scopes(Html html, ReportModel model) {
    List<ScopeCounts> scopes = model.countsByScope();
    html.raw("<h2 id=\"scopes\">By workspace and scope <span class=\"count\">(")
        .text(String.valueOf(scopes.size()))
        .raw(")</span></h2>\n");
    if (scopes.isEmpty()) {
      html.raw("<p class=\"none\">No findings.</p>\n");
      return;
    }
    html.raw("<table><thead><tr><th>Scope</th><th>Name</th>");
    for (Severity severity : Severity.values()) {
      html.raw("<th class=\"n\">").text(severity.label()).raw("</th>");
    }
    html.raw("<th class=\"n\">fail</th><th class=\"n\">unknown</th><th class=\"n\">waived</th>")
        .raw("<th class=\"n\">pass</th></tr></thead><tbody>\n");
    for (ScopeCounts counts : scopes) {
      html.raw("<tr><td class=\"mono\">").text(counts.scope().toString()).raw("</td><td>");
      html.text(counts.name().orElse("")).raw("</td>");
      for (Severity severity : Severity.values()) {
        count(html, counts.failuresBySeverity().get(severity));
      }
      count(html, counts.failures());
      count(html, counts.unknown());
      count(html, counts.waived());
      count(html, counts.passed());
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void coverage(Html html, ReportModel model) {
    SnapshotSummary snapshot = model.snapshot();
    html.raw("<h2 id=\"coverage\">Coverage gaps <span class=\"count\">(")
        .text(snapshot.coverageGaps().size() + " of " + snapshot.coverageReads() + " reads")
        .raw(")</span></h2>\n");
    if (snapshot.isComplete()) {
      html.raw("<p class=\"none\">Every read was complete: ")
          .text(plural(snapshot.coverageReads(), "scope x resource type read"))
          .raw(", none failed.</p>\n");
      return;
    }
    html.raw("<table><thead><tr><th>Scope</th><th>Resource type</th><th class=\"n\">HTTP</th>")
        .raw("<th>Error</th><th>Message</th><th class=\"n\">Attempts</th></tr></thead><tbody>\n");
    for (Coverage gap : snapshot.coverageGaps()) {
      html.raw("<tr><td class=\"mono nowrap\">").text(snapshot.label(gap.scope())).raw("</td>");
      html.raw("<td class=\"mono\">").text(gap.resourceType()).raw("</td>");
      gap.reason()
          .ifPresent(
              reason -> {
                html.raw("<td class=\"n\">")
                    .text(
                        reason.httpStatus().isPresent()
                            ? String.valueOf(reason.httpStatus().getAsInt())
                            : "\u2013")
                    .raw("</td><td class=\"mono\">")
                    .text(reason.errorCode())
                    .raw("</td><td>")
                    .text(reason.message())
                    .raw("</td><td class=\"n\">")
                    .text(String.valueOf(reason.attempts()))
                    .raw("</td>");
              });
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void findings(
      Html html, ReportModel model, Verdict verdict, String title, String anchor) {
    List<Finding> findings = model.findings(verdict);
    html.raw("<h2 id=\"").raw(anchor).raw("\">").text(title);
    html.raw(" <span class=\"count\">(")
        .text(String.valueOf(findings.size()))
        .raw(")</span></h2>\n");
    if (findings.isEmpty()) {
      html.raw("<p class=\"none\">None.</p>\n");
      return;
    }
    html.raw("<table><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th>")
        .raw("<th>Finding, evidence and remediation</th></tr></thead><tbody>\n");
    for (Finding finding : findings) {
      finding(html, model, finding);
    }
    html.raw("</tbody></table>\n");
  }

  private static void finding(Html html, ReportModel model, Finding finding) {
    Optional<RuleMetadata> rule = model.rule(finding.ruleId());
    html.raw("<tr id=\"f-").text(finding.fingerprint()).raw("\"><td class=\"nowrap\">");
    severity(html, finding.severity());
    html.raw("<br><span class=\"v ").raw(finding.verdict().name()).raw("\">");
    html.text(finding.verdict().name()).raw("</span></td>");
    html.raw("<td class=\"rule\"><a class=\"mono rid\" href=\"#rule-")
        .text(finding.ruleId())
        .raw("\">")
        .text(finding.ruleId())
        .raw("</a><br>")
        .text(rule.map(RuleMetadata::title).orElse(""))
        .raw("</td>");
    html.raw("<td class=\"res\"><div class=\"mono rt\">")
        .text(finding.resourceType())
        .raw("</div>");
    html.raw("<div class=\"mono rid\">")
        .text(
            finding.resourceId().equals(Verdicts.WHOLE_SCOPE)
                ? "* (every resource of the scope)"
                : finding.resourceId())
        .raw("</div><div class=\"mono muted\">")
        .text(model.snapshot().label(finding.scope()))
        .raw("</div>");
    finding
        .attribute()
        .ifPresent(
            attribute ->
                html.raw("<div class=\"mono\">attribute ")
                    .raw("<b>")
                    .text(attribute)
                    .raw("</b></div>"));
    html.raw("</td><td><div class=\"msg\">").text(finding.message()).raw("</div>");
    if (!finding.evidence().isEmpty()) {
      evidence(html, finding.evidence());
    }
    if (finding.verdict() == Verdict.UNKNOWN) {
      html.raw("<div class=\"fix\"><b>To judge it:</b> ")
          .text("restore the failed read (permissions, throttling, availability) and scan again.")
          .raw("</div>");
    }
    rule.ifPresent(
        metadata ->
            html.raw("<div class=\"fix\"><b>Remediation:</b> ")
                .text(metadata.remediation())
                .raw("</div>"));
    html.raw("<div class=\"facts\">");
    finding
        .waiver()
        .ifPresent(
            waiver ->
                html.raw("<span>waiver <a class=\"mono\" href=\"#waiver-")
                    .text(waiver)
                    .raw("\">")
                    .text(waiver)
                    .raw("</a></span>"));
    finding
        .location()
        .ifPresent(
            location ->
                html.raw("<span>location <span class=\"mono\">")
                    .text(location)
                    .raw("</span></span>"));
    rule.flatMap(RuleMetadata::terraformResource)
        .ifPresent(
            terraform ->
                html.raw("<span>terraform <span class=\"mono\">")
                    .text(terraform)
                    .raw("</span></span>"));
    html.raw("<span>fingerprint <span class=\"mono\">")
        .text(finding.fingerprint())
        .raw("</span></span>");
    for (String reference : model.frameworks(finding.ruleId())) {
      html.raw("<span>").text(reference).raw("</span>");
    }
    html.raw("</div></td></tr>\n");
  }

  private static void waivers(Html html, ReportModel model) {
    html.raw("<h2 id=\"waivers\">Waivers <span class=\"count\">(")
        .text(String.valueOf(model.waivers().size()))
        .raw(")</span></h2>\n");
    if (model.waivers().isEmpty()) {
      html.raw("<p class=\"none\">No waivers declared.</p>\n");
      return;
    }
    html.raw("<table><thead><tr><th>Waiver</th><th>State</th><th>Covers</th><th>Owner</th>")
        .raw("<th>Ticket</th><th>Expires</th><th class=\"n\">Findings</th><th>Justification</th>")
        .raw("</tr></thead><tbody>\n");
    for (WaiverStatus status : model.waivers()) {
      Waiver waiver = status.waiver();
      String state = status.state().name().toLowerCase(Locale.ROOT);
      html.raw("<tr id=\"waiver-").text(waiver.id()).raw("\"><td class=\"mono nowrap\">");
      html.text(waiver.id()).raw("<div class=\"muted\">").text(waiver.source()).raw("</div></td>");
      html.raw("<td><span class=\"st ").raw(state).raw("\">").text(state).raw("</span></td>");
      html.raw("<td class=\"mono cov\">");
      covers(html, "rule", Optional.of(waiver.rule()));
      covers(html, "scope", waiver.scope());
      covers(html, "resource", waiver.resource());
      covers(html, "attribute", waiver.attribute());
      html.raw("</td><td>").text(waiver.owner()).raw("</td>");
      html.raw("<td class=\"mono nowrap\">").text(waiver.ticket()).raw("</td>");
      html.raw("<td class=\"nowrap\">")
          .text(waiver.expires().toString())
          .raw("<div class=\"muted\">");
      html.text(
              status.daysLeft() > 0
                  ? plural(status.daysLeft(), "day") + " left"
                  : "expired " + plural(-status.daysLeft(), "day") + " ago")
          .raw("</div></td>");
      count(html, (long) status.findings().size());
      html.raw("<td>").text(waiver.justification());
      if (status.state().isInForce() && status.findings().isEmpty()) {
        html.raw("<div class=\"muted\">matches no failing finding: stale?</div>");
      }
      if (!status.state().isInForce() && !status.findings().isEmpty()) {
        html.raw("<div class=\"muted\">expired: the findings it covered fail again</div>");
      }
      html.raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void covers(Html html, String label, Optional<String> pattern) {
    pattern.ifPresent(
        value ->
            html.raw("<div><span class=\"k\">")
                .text(label)
                .raw("</span>")
                .text(value)
                .raw("</div>"));
  }

  private static void rules(Html html, ReportModel model) {
    html.raw("<h2 id=\"rules\">Rules evaluated <span class=\"count\">(")
        .text(String.valueOf(model.rules().size()))
        .raw(")</span></h2>\n");
    html.raw("<table><thead><tr><th>Rule</th><th>Severity</th><th>Title</th><th>Resource type</th>")
        .raw("<th class=\"n\">fail</th><th class=\"n\">unknown</th><th class=\"n\">waived</th>")
        .raw("<th class=\"n\">pass</th></tr></thead><tbody>\n");
    for (RuleMetadata rule : model.rules()) {
      Map<Verdict, Long> counts = model.countsByVerdict(rule.id());
      html.raw("<tr id=\"rule-").text(rule.id()).raw("\"><td class=\"mono nowrap rid\">");
      html.text(rule.id()).raw("</td><td>");
      severity(html, rule.severity());
      html.raw("</td><td>").text(rule.title());
      List<String> references = model.frameworks(rule.id());
      if (!references.isEmpty()) {
        html.raw("<div>");
        for (String reference : references) {
          html.raw("<span class=\"tag\">").text(reference).raw("</span>");
        }
        html.raw("</div>");
      }
      html.raw("</td><td class=\"mono\">").text(rule.resourceType()).raw("</td>");
      count(html, counts.get(Verdict.FAIL));
      count(html, counts.get(Verdict.UNKNOWN));
      count(html, counts.get(Verdict.WAIVED));
      count(html, counts.get(Verdict.PASS));
      html.raw("</tr>\n");
    }
    html.raw("</tbody></table>\n");
  }

  private static void severity(Html html, Severity severity) {
    html.raw("<span class=\"sev ").raw(severity.label()).raw("\">");
    html.text(severity.label()).raw("</span>");
  }

  /** One row per top-level field, each value as compact JSON (an array: one element a line). */
  private static void evidence(Html html, JsonNode evidence) {
    html.raw("<table class=\"ev\">");
    for (Map.Entry<String, JsonNode> field : evidence.properties()) {
      html.raw("<tr><th>").text(field.getKey()).raw("</th><td class=\"mono\">");
      JsonNode value = field.getValue();
      if (value.isArray() && !value.isEmpty()) {
        for (int index = 0; index < value.size(); index++) {
          html.raw(index == 0 ? "" : "<br>").text(value.get(index).toString());
        }
      } else {
        html.text(value.toString());
      }
      html.raw("</td></tr>");
    }
    html.raw("</table>");
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** Builds the page; {@link #text} escapes, {@link #raw} is for markup written here. */
  private static final class Html {
    private final StringBuilder out = new StringBuilder(64 * 1024);

    Html raw(String markup) {
      out.append(markup);
      return this;
    }

    Html text(String value) {
      out.append(escape(value));
      return this;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 16);
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      switch (character) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(character);
      }
    }
    return escaped.toString();
  }
}
