package io.plumbline.auditor;

import java.util.List;
import java.util.Locale;

/**
 * The one template of the period report, for the browser and for the PDF: well-formed XHTML (as
 * openhtmltopdf parses it) with paged-media CSS (running header, page numbers, a table of contents
 * whose page numbers the PDF fills in) that a browser ignores.
 */
final class PeriodReportHtml {

  private static final String[][] SECTIONS = {
    {"controls", "Controls by framework"},
    {"scopes", "Workspaces and tiers"},
    {"open", "Findings open at period end"},
    {"changes", "Findings opened and resolved"},
    {"remediation", "Time to remediate"},
    {"breaches", "SLO breaches"},
    {"waivers", "Waivers"},
    {"cadence", "Scan cadence"},
    {"drift", "Drift by cause"},
    {"chain", "Hash chain"}
  };

  private PeriodReportHtml() {}

  static String render(PeriodReport report) {
    PeriodReport.Cover cover = report.cover();
    StringBuilder html = new StringBuilder(1 << 16);
    html.append(
            "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
        .append("<meta charset=\"UTF-8\"/>\n<title>")
        .append(escape(cover.title()))
        .append("</title>\n<style>\n")
        .append(css(cover))
        .append("</style>\n<bookmarks>\n");
    html.append("<bookmark name=\"Cover\" href=\"#cover\"/>\n");
    for (String[] section : SECTIONS) {
      html.append("<bookmark name=\"")
          .append(escape(section[1]))
          .append("\" href=\"#")
          .append(section[0])
          .append("\"/>\n");
    }
    html.append("</bookmarks>\n</head>\n<body>\n");

    // cover
    html.append("<section id=\"cover\" class=\"cover\">\n<h1>")
        .append(escape(cover.title()))
        .append("</h1>\n<table class=\"meta\">\n");
    row(
        html,
        "Period",
        cover.periodLabel()
            + " ("
            + cover.periodFrom()
            + " to "
            + cover.periodTo()
            + ", end exclusive)");
    row(
        html,
        "Estate",
        String.join(", ", cover.accounts())
            + (cover.workspaces().isEmpty()
                ? ""
                : "; "
                    + cover.workspaces().size()
                    + " workspaces: "
                    + String.join(", ", cover.workspaces())));
    row(
        html,
        "Frameworks",
        String.join(
            "; ",
            cover.frameworks().stream()
                .map(
                    f ->
                        f.title()
                            + " ("
                            + f.id()
                            + (f.version().isEmpty() ? "" : " " + f.version())
                            + ", "
                            + f.controls()
                            + " controls)")
                .toList()));
    row(html, "Rule pack hash", String.join(", ", cover.rulePackHashes()));
    row(html, "Policies hash", String.join(", ", cover.policiesHashes()));
    row(
        html,
        "Judged by scan",
        cover.endScanId() == null
            ? "no scan in the period"
            : cover.endScanId() + " at " + cover.endScanAt());
    row(
        html,
        "Generated",
        cover.generatedAt()
            + " by "
            + cover.generatedBy()
            + " (plumbline "
            + cover.toolVersion()
            + ")");
    row(html, "Store", cover.store());
    row(html, "Hash chain", report.chain().result());
    html.append("</table>\n");
    long failing =
        report.controls().stream().filter(c -> c.status().equals(PeriodReport.FAIL)).count();
    long unknown =
        report.controls().stream().filter(c -> c.status().equals(PeriodReport.UNKNOWN)).count();
    html.append("<p class=\"summary\">")
        .append(report.controls().size())
        .append(" controls: ")
        .append(
            report.controls().stream().filter(c -> c.status().equals(PeriodReport.PASS)).count())
        .append(" pass, ")
        .append(failing)
        .append(" fail, ")
        .append(unknown)
        .append(" not assessed (UNKNOWN), ")
        .append(
            report.controls().stream().filter(c -> c.status().equals(PeriodReport.WAIVED)).count())
        .append(" waived, ")
        .append(
            report.controls().stream()
                .filter(c -> c.status().equals(PeriodReport.NOT_APPLICABLE))
                .count())
        .append(" not applicable; ")
        .append(report.sloBreaches().size())
        .append(" SLO breaches.</p>\n");
    html.append("<h2 class=\"toc-title\">Contents</h2>\n<ul class=\"toc\">\n");
    for (String[] section : SECTIONS) {
      html.append("<li><a href=\"#")
          .append(section[0])
          .append("\">")
          .append(escape(section[1]))
          .append("</a></li>\n");
    }
    html.append("</ul>\n</section>\n");

    // controls
    section(html, 0);
    html.append(
            "<p>A control's status is that of the period's last scan: FAIL when a rule of it failed;")
        .append(" UNKNOWN (not assessed) when a rule could not be judged because data was not read")
        .append(
            " completely, never PASS; WAIVED when every failure is waived. Days failed counts the")
        .append(" UTC days on which a scan of the period found the control failing.</p>\n");
    String framework = null;
    for (PeriodReport.ControlResult control : report.controls()) {
      if (!control.framework().equals(framework)) {
        if (framework != null) {
          html.append("</tbody></table>\n");
        }
        framework = control.framework();
        html.append("<h3>")
            .append(escape(framework))
            .append("</h3>\n")
            .append(
                "<table class=\"grid\"><thead><tr><th>Control</th><th>Status</th><th>Coverage</th>")
            .append(
                "<th>Days failed</th><th>Rules (pass/fail/waived/unknown)</th></tr></thead><tbody>\n");
      }
      html.append("<tr><td><b class=\"id\">")
          .append(escape(control.controlId()))
          .append("</b><br/>")
          .append(escape(control.title()))
          .append("</td><td class=\"")
          .append(control.status().toLowerCase(Locale.ROOT))
          .append("\">")
          .append(control.status())
          .append("</td><td>")
          .append(control.coverageComplete() ? "complete" : "incomplete")
          .append("</td><td>")
          .append(control.daysFailedCount())
          .append(
              control.daysFailed().isEmpty()
                  ? ""
                  : " (" + escape(String.join(", ", control.daysFailed())) + ")")
          .append("</td><td>");
      for (PeriodReport.RuleResult rule : control.rules()) {
        html.append("<span class=\"rule\">")
            .append(escape(rule.ruleId()))
            .append(" ")
            .append(rule.status())
            .append(" ")
            .append(rule.pass())
            .append('/')
            .append(rule.fail())
            .append('/')
            .append(rule.waived())
            .append('/')
            .append(rule.unknown())
            .append("</span> ");
      }
      html.append("</td></tr>\n");
    }
    if (framework != null) {
      html.append("</tbody></table>\n");
    }

    section(html, 1);
    table(
        html,
        List.of(
            "Scope",
            "Name",
            "Tiers",
            "Fail",
            "Waived",
            "Unknown",
            "Reads complete",
            "Reads failed"),
        report.scopes().stream()
            .map(
                s ->
                    List.of(
                        s.scope(),
                        s.name(),
                        String.join(", ", s.tiers()),
                        "" + s.fail(),
                        "" + s.waived(),
                        "" + s.unknown(),
                        "" + s.readsComplete(),
                        "" + s.readsFailed()))
            .toList());

    section(html, 2);
    table(
        html,
        List.of("Rule", "Severity", "Verdict", "Resource", "Open since", "Age (days)", "Message"),
        report.openAtEnd().stream()
            .map(
                f ->
                    List.of(
                        f.ruleId(),
                        f.severity(),
                        f.verdict(),
                        f.resource(),
                        f.openedAt(),
                        "" + f.ageDays(),
                        f.message()))
            .toList());

    section(html, 3);
    html.append("<h3>Opened (").append(report.opened().size()).append(")</h3>\n");
    table(
        html,
        List.of("Rule", "Severity", "Resource", "Event", "Scan", "At"),
        report.opened().stream()
            .map(
                c -> List.of(c.ruleId(), c.severity(), c.resource(), c.event(), c.scanId(), c.at()))
            .toList());
    html.append("<h3>Resolved (").append(report.resolved().size()).append(")</h3>\n");
    table(
        html,
        List.of("Rule", "Severity", "Resource", "Event", "Scan", "At"),
        report.resolved().stream()
            .map(
                c -> List.of(c.ruleId(), c.severity(), c.resource(), c.event(), c.scanId(), c.at()))
            .toList());

    section(html, 4);
    table(
        html,
        List.of("Severity", "Resolved", "Mean (h)", "p50 (h)", "p90 (h)", "SLO (h)", "Breaches"),
        report.remediation().stream()
            .map(
                r ->
                    List.of(
                        r.severity(),
                        "" + r.resolved(),
                        "" + r.meanHours(),
                        "" + r.p50Hours(),
                        "" + r.p90Hours(),
                        "" + r.sloHours(),
                        "" + r.breaches()))
            .toList());

    section(html, 5);
    // one paragraph a breach, not a table: wrapped text stays in reading order (auditors copy it)
    if (report.sloBreaches().isEmpty()) {
      html.append("<p class=\"empty\">None.</p>\n");
    }
    for (PeriodReport.SloBreach breach : report.sloBreaches()) {
      html.append("<p class=\"breach\"><b>")
          .append(escape(breach.ruleId()))
          .append("</b> (")
          .append(escape(breach.severity()))
          .append(") ")
          .append(escape(breach.kind()))
          .append(": ")
          .append(escape(breach.resource()))
          .append("<br/>opened ")
          .append(escape(breach.openedAt()))
          .append(
              breach.resolvedAt() == null
                  ? ", still open"
                  : ", resolved " + escape(breach.resolvedAt()))
          .append("; ")
          .append(breach.hoursOpen())
          .append(" h open against an SLO of ")
          .append(breach.sloHours())
          .append(" h; finding ")
          .append(escape(breach.fingerprint()))
          .append("</p>\n");
    }

    section(html, 6);
    waivers(html, "In force at period end", report.waivers().inForce());
    waivers(html, "Granted during the period", report.waivers().granted());
    waivers(html, "Expired", report.waivers().expired());
    waivers(html, "Expiring", report.waivers().expiring());

    section(html, 7);
    html.append("<p>The schedule allows ")
        .append(report.cadence().allowedGapHours())
        .append(" hours between scans; ")
        .append(report.cadence().gaps().size())
        .append(" longer gaps.</p>\n");
    table(
        html,
        List.of("Seq", "Scan", "Started", "Status", "Resources", "Reads failed", "Rule pack"),
        report.cadence().scans().stream()
            .map(
                s ->
                    List.of(
                        "" + s.seq(),
                        s.scanId(),
                        s.startedAt(),
                        s.status(),
                        "" + s.resources(),
                        "" + s.readsFailed(),
                        s.rulePackHash() == null ? "not recorded" : s.rulePackHash()))
            .toList());
    html.append("<h3>Gaps</h3>\n");
    table(
        html,
        List.of("From", "To", "Hours"),
        report.cadence().gaps().stream()
            .map(g -> List.of(g.from(), g.to(), "" + g.hours()))
            .toList());

    section(html, 8);
    table(
        html,
        List.of("Cause", "Kind", "Resource type", "Scans", "Places"),
        report.drift().stream()
            .map(
                d ->
                    List.of(d.cause(), d.kind(), d.resourceType(), "" + d.scans(), "" + d.places()))
            .toList());

    section(html, 9);
    PeriodReport.Chain chain = report.chain();
    html.append("<table class=\"meta\">\n");
    row(html, "Result", chain.result());
    row(html, "Intact", String.valueOf(chain.intact()));
    row(html, "Period's scans covered", String.valueOf(chain.periodScansCovered()));
    row(html, "Anchor seq", String.valueOf(chain.anchorSeq()));
    row(html, "Head", chain.headSeq() + " " + chain.headHash());
    html.append("</table>\n</section>\n</body>\n</html>\n");
    return html.toString();
  }

  private static String css(PeriodReport.Cover cover) {
    String header = cssString("plumbline · " + cover.title());
    return "@page { size: A4; margin: 22mm 14mm 18mm 14mm;\n"
        + "  @top-left { content: \""
        + header
        + "\"; font-size: 8pt; color: #555; }\n"
        + "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font-size: 8pt; color: #555; } }\n"
        + "@page :first { @top-left { content: none; } }\n"
        + "body { font-family: sans-serif; font-size: 9pt; color: #111; }\n"
        + "h1 { font-size: 18pt; } h2 { font-size: 13pt; border-bottom: 1px solid #999; }\n"
        + "section { page-break-before: always; } section.cover { page-break-before: auto; }\n"
        + "table { border-collapse: collapse; width: 100%; -fs-table-paginate: paginate; }\n"
        + "table.grid td, table.grid th { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; word-wrap: break-word; }\n"
        + "table.meta td { padding: 2px 6px; vertical-align: top; } table.meta td.key { font-weight: bold; width: 28%; }\n"
        + "th { background: #eee; text-align: left; } thead { display: table-header-group; }\n"
        + "td.fail { color: #a00; font-weight: bold; } td.unknown { color: #a60; font-weight: bold; }\n"
        + "td.pass { color: #070; } td.waived { color: #555; }\n"
        + "b.id { white-space: nowrap; }\n"
        + "span.rule { white-space: nowrap; font-family: monospace; font-size: 8pt; }\n"
        + "ul.toc { list-style: none; padding-left: 0; } ul.toc a { color: #111; text-decoration: none; }\n"
        + "ul.toc a::after { content: \"  ·  page \" target-counter(attr(href), page); }\n"
        + "p.empty { color: #555; font-style: italic; }\n"
        + "p.breach { margin: 3px 0; word-wrap: break-word; }\n";
  }

  private static void section(StringBuilder html, int index) {
    if (index > 0) {
      html.append("</section>\n");
    }
    html.append("<section id=\"")
        .append(SECTIONS[index][0])
        .append("\">\n<h2>")
        .append(escape(SECTIONS[index][1]))
        .append("</h2>\n");
  }

  private static void waivers(
      StringBuilder html, String title, List<PeriodReport.WaiverEntry> waivers) {
    html.append("<h3>")
        .append(escape(title))
        .append(" (")
        .append(waivers.size())
        .append(")</h3>\n");
    table(
        html,
        List.of("Waiver", "State", "Expires", "Owner", "Ticket", "Justification", "Findings"),
        waivers.stream()
            .map(
                w ->
                    List.of(
                        w.waiverId(),
                        w.state(),
                        w.expires(),
                        w.owner(),
                        w.ticket(),
                        w.justification(),
                        "" + w.findings()))
            .toList());
  }

  private static void table(StringBuilder html, List<String> headers, List<List<String>> rows) {
    if (rows.isEmpty()) {
      html.append("<p class=\"empty\">None.</p>\n");
      return;
    }
    html.append("<table class=\"grid\"><thead><tr>");
    headers.forEach(header -> html.append("<th>").append(escape(header)).append("</th>"));
    html.append("</tr></thead><tbody>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static void row(StringBuilder html, String key, String value) {
    html.append("<tr><td class=\"key\">")
        .append(escape(key))
        .append("</td><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length());
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> {
          // characters XML 1.0 cannot hold are dropped (the PDF parser would reject them)
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  private static String cssString(String text) {
    // no quote or backslash can end the CSS string; XML's own characters are escaped after
    return escape(text.replace("\\", "/").replace("\"", "'").replace("'", "’"));
  }
}
