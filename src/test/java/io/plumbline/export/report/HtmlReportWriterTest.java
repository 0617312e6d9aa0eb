package io.plumbline.export.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {

  private static String render(ReportModel model) throws IOException {
    StringWriter out = new StringWriter();
    new HtmlReportWriter().write(model, out);
    return out.toString();
  }

  @Test
  void thePageIsSelfContained() throws IOException {
    String html = render(ReportFixtures.model());

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("@import")
        .doesNotContainIgnoringCase("url(")
        .doesNotContain("src=")
        .doesNotContain("href=\"http");
  }

  @Test
  void everyValueFromTheEstateOrThePoliciesIsEscaped() throws IOException {
    String html = render(ReportFixtures.model());

    assertThat(html)
        .contains("tok-&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("prod &lt;eu&gt; &amp; &quot;friends&quot;")
        .contains("replaced by OAuth M2M in &lt;PLAT-88&gt;")
        .doesNotContain("<eu>")
        .doesNotContain("<PLAT-88>");
  }

  @Test
  void itShowsTheGatePostureCoverageFindingsWaiversAndRules() throws IOException {
    String html = render(ReportFixtures.model());

    assertThat(html)
        .contains("<strong>INCOMPLETE</strong>")
        .contains("<strong>FAILED</strong>")
        .contains("2 findings at or above high failed.")
        .contains("id=\"posture\"")
        .contains("id=\"scopes\"")
        .contains("TEMPORARILY_UNAVAILABLE")
        .contains("Failing findings <span class=\"count\">(4)")
        .contains("Not judged (UNKNOWN) <span class=\"count\">(1)")
        .contains("Waived findings <span class=\"count\">(1)")
        .contains("Restore the sts:ExternalId condition")
        .contains("module.prod.module.cloud.aws_iam_role.cross_account")
        .contains("id=\"waiver-WVR-2026-003\"")
        .contains("expired: the findings it covered fail again")
        .contains("id=\"rule-DBX-MWS-009\"");
  }

  @Test
  void escapeCoversTheFiveSpecialCharacters() {
    assertThat(HtmlReportWriter.escape("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  }
}
