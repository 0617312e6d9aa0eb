package io.plumbline.export.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code assessment-results.oscal.json}: an OSCAL 1.0.6 assessment-results document. One result for
 * the evaluation; an observation per FAIL, WAIVED and UNKNOWN finding (with evidence links into
 * {@code findings.json}) and per rule's passes; a finding per framework control the rules give
 * evidence for, satisfied or not satisfied. A control whose rules could not all be judged (UNKNOWN,
 * none failing) gets no finding, only its observations: it was not assessed, and is never reported
 * satisfied. Every uuid is a name-based (version 5) UUID derived from fingerprints, so the same
 * evaluation gives the same document.
 */
public final class OscalReportWriter implements ReportWriter {

  public static final String OSCAL_VERSION = "1.0.6";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final UUID NAMESPACE = UUID.fromString("7c0d1f5e-6a0b-5d1e-9a4c-3f2b1e0d9c8a");

  @Override
  public String format() {
    return "oscal";
  }

  @Override
  public String fileName() {
    return "assessment-results.oscal.json";
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public void write(ReportModel model, Writer out) throws IOException {
    out.write(JSON.writeValueAsString(document(model)));
    out.write('\n');
  }

  /** One control's rules' results: what an OSCAL finding is made of. */
  public record ControlResult(
      String reference, String status, List<String> observationUuids, String description) {}

  static ObjectNode document(ReportModel model) {
    String subject = model.snapshot().id();
    Builder document =
        new Builder(
            "plumbline assessment results: snapshot " + subject,
            subject,
            model.toolVersion(),
            model.snapshot().takenAt(),
            model.evaluatedAt(),
            "The estate judged by plumbline's rule pack " + model.rulePack() + ".");
    Map<String, List<String>> observationsByRule = new TreeMap<>();
    Map<String, long[]> countsByRule = new TreeMap<>();
    for (Finding finding : model.findings()) {
      long[] counts = countsByRule.computeIfAbsent(finding.ruleId(), key -> new long[4]);
      counts[finding.verdict().ordinal()]++;
      if (finding.verdict() == Verdict.PASS) {
        continue;
      }
      String uuid =
          document.observation(
              finding.fingerprint() + "/" + finding.verdict(),
              finding.ruleId() + " " + finding.verdict() + ": " + finding.resourceAddress(),
              (finding.verdict() == Verdict.UNKNOWN ? "Not assessed: " : "") + finding.message(),
              finding.verdict() == Verdict.UNKNOWN ? "discovery" : "finding",
              finding.resourceAddress(),
              "findings.json#" + finding.fingerprint(),
              Map.of(
                  "rule-id",
                  finding.ruleId(),
                  "verdict",
                  finding.verdict().name(),
                  "fingerprint",
                  finding.fingerprint()));
      observationsByRule.computeIfAbsent(finding.ruleId(), key -> new ArrayList<>()).add(uuid);
    }
    countsByRule.forEach(
        (rule, counts) -> {
          long passed = counts[Verdict.PASS.ordinal()];
          if (passed > 0) {
            String uuid =
                document.observation(
                    "pass/" + subject + "/" + rule,
                    rule + " PASS on " + passed + " resources",
                    passed + " resources pass " + rule + ".",
                    "finding",
                    "estate",
                    "findings.json",
                    Map.of("rule-id", rule, "verdict", "PASS", "count", Long.toString(passed)));
            observationsByRule.computeIfAbsent(rule, key -> new ArrayList<>()).add(uuid);
          }
        });
    // controls: rule -> references, inverted
    Map<String, List<String>> rulesByControl = new TreeMap<>();
    for (String rule : countsByRule.keySet()) {
      for (String reference : model.frameworks(rule)) {
        rulesByControl.computeIfAbsent(reference, key -> new ArrayList<>()).add(rule);
      }
    }
    rulesByControl.forEach(
        (reference, rules) -> {
          long fail = 0;
          long unknown = 0;
          List<String> observations = new ArrayList<>();
          for (String rule : rules) {
            long[] counts = countsByRule.get(rule);
            fail += counts[Verdict.FAIL.ordinal()] + counts[Verdict.WAIVED.ordinal()];
            unknown += counts[Verdict.UNKNOWN.ordinal()];
            observations.addAll(observationsByRule.getOrDefault(rule, List.of()));
          }
          String status = fail > 0 ? "FAIL" : unknown > 0 ? "UNKNOWN" : "PASS";
          document.control(
              new ControlResult(
                  reference,
                  status,
                  observations,
                  "Rules "
                      + String.join(", ", rules)
                      + ": "
                      + status.toLowerCase(java.util.Locale.ROOT)));
        });
    return document.build();
  }

  /** Builds an assessment-results document; used for scans and for period reports. */
  public static final class Builder {
    private final ObjectNode root = JSON.createObjectNode();
    private final ObjectNode result;
    private final ArrayNode observations;
    private final ArrayNode findings;
    private final String subject;

    public Builder(
        String title,
        String subject,
        String toolVersion,
        Instant start,
        Instant end,
        String description) {
      this.subject = subject;
      ObjectNode results = root.putObject("assessment-results");
      results.put("uuid", uuid("assessment-results/" + subject).toString());
      ObjectNode metadata = results.putObject("metadata");
      metadata.put("title", title);
      metadata.put("last-modified", end.toString());
      metadata.put("version", toolVersion);
      metadata.put("oscal-version", OSCAL_VERSION);
      String plan = uuid("assessment-plan/" + subject).toString();
      results.putObject("import-ap").put("href", "#" + plan);
      result = results.putArray("results").addObject();
      result.put("uuid", uuid("result/" + subject).toString());
      result.put("title", title);
      result.put("description", description);
      result.put("start", start.toString());
      result.put("end", end.toString());
      result
          .putObject("reviewed-controls")
          .putArray("control-selections")
          .addObject()
          .putObject("include-all");
      observations = result.putArray("observations");
      findings = result.putArray("findings");
      ObjectNode resource = results.putObject("back-matter").putArray("resources").addObject();
      resource.put("uuid", plan);
      resource.put("title", "plumbline rule pack and framework mappings (the assessment plan)");
      resource.put("description", description);
    }

    /** Adds an observation; returns its uuid. */
    public String observation(
        String name,
        String title,
        String description,
        String type,
        String resource,
        String evidence,
        Map<String, String> props) {
      String id = uuid("observation/" + subject + "/" + name).toString();
      ObjectNode observation = observations.addObject();
      observation.put("uuid", id);
      observation.put("title", title);
      observation.put("description", nonBlank(description));
      ArrayNode properties = observation.putArray("props");
      new TreeMap<>(props)
          .forEach(
              (key, value) ->
                  properties.addObject().put("name", key).put("value", nonBlank(value)));
      observation.putArray("methods").add("TEST");
      observation.putArray("types").add(type);
      observation
          .putArray("subjects")
          .addObject()
          .put("subject-uuid", uuid("subject/" + resource).toString())
          .put("type", "resource")
          .put("title", resource);
      observation
          .putArray("relevant-evidence")
          .addObject()
          .put("href", evidence)
          .put("description", "plumbline evidence: " + evidence);
      observation.put("collected", root.at("/assessment-results/results/0/start").asText());
      return id;
    }

    /**
     * Adds the finding of a control: satisfied when its rules pass, not satisfied when one fails.
     * An UNKNOWN control gets none (its observations say it was not assessed).
     */
    public void control(ControlResult control) {
      if (control.status().equals("UNKNOWN")) {
        return;
      }
      ObjectNode finding = findings.addObject();
      finding.put("uuid", uuid("finding/" + subject + "/" + control.reference()).toString());
      finding.put("title", control.reference());
      finding.put("description", nonBlank(control.description()));
      finding
          .putArray("props")
          .addObject()
          .put("name", "control")
          .put("value", control.reference());
      ObjectNode target = finding.putObject("target");
      target.put("type", "objective-id");
      target.put("target-id", token(control.reference()));
      target.put("title", control.reference());
      target
          .putObject("status")
          .put("state", control.status().equals("FAIL") ? "not-satisfied" : "satisfied");
      if (!control.observationUuids().isEmpty()) {
        ArrayNode related = finding.putArray("related-observations");
        control
            .observationUuids()
            .forEach(uuid -> related.addObject().put("observation-uuid", uuid));
      }
    }

    public ObjectNode build() {
      if (observations.isEmpty()) {
        result.remove("observations");
      }
      if (findings.isEmpty()) {
        result.remove("findings");
      }
      return root;
    }
  }

  /**
   * A framework reference as an OSCAL token: {@code nist-800-53:AC-2(3)} -> {@code
   * nist-800-53_ac-2.3}.
   */
  static String token(String reference) {
    String lower =
        reference
            .toLowerCase(java.util.Locale.ROOT)
            .replace(':', '_')
            .replace('(', '.')
            .replace(")", "");
    String cleaned = lower.replaceAll("[^\\p{L}\\p{N}._-]", "_");
    return Character.isLetter(cleaned.charAt(0)) || cleaned.charAt(0) == '_'
        ? cleaned
        : "c_" + cleaned;
  }

  private static String nonBlank(String text) {
    String stripped = text == null ? "" : text.strip();
    return stripped.isEmpty() ? "-" : stripped;
  }

  /**
   * A version 5 (SHA-1, name-based) UUID in plumbline's namespace: the same name, the same uuid.
   */
  public static UUID uuid(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(
          ByteBuffer.allocate(16)
              .putLong(NAMESPACE.getMostSignificantBits())
              .putLong(NAMESPACE.getLeastSignificantBits())
              .array());
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> props(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int index = 0; index < pairs.length; index += 2) {
      map.put(pairs[index], pairs[index + 1]);
    }
    return map;
  }
}
