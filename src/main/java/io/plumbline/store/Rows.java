package io.plumbline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.AttributeChange;
import io.plumbline.model.Change;
import io.plumbline.model.ChangeGroup;
import io.plumbline.model.ChangeKind;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Finding;
import io.plumbline.model.Scope;
import io.plumbline.model.Severity;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Model values to table rows and back. JSON columns hold canonical JSON (keys sorted), so that a
 * value always has one stored form.
 */
final class Rows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  /** The database keeps microseconds; so does everything the chain hashes. */
  static Instant stored(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  // ---- findings ---------------------------------------------------------------------------------

  static Object[] finding(String scanId, Finding finding) {
    return new Object[] {
      scanId,
      finding.fingerprint(),
      finding.ruleId(),
      finding.severity().name(),
      finding.verdict().name(),
      finding.resourceType(),
      finding.scope().toString(),
      finding.resourceId(),
      finding.attribute().orElse(null),
      finding.message(),
      json(finding.evidence()),
      finding.location().orElse(null),
      finding.waiver().orElse(null)
    };
  }

  /** A finding from the columns of {@link Table#FINDINGS}. */
  static Finding finding(Object[] values) {
    return new Finding(
        (String) values[2],
        Severity.valueOf((String) values[3]),
        Verdict.valueOf((String) values[4]),
        (String) values[5],
        Scope.parse((String) values[6]),
        (String) values[7],
        Optional.ofNullable((String) values[8]),
        (String) values[9],
        (ObjectNode) parse((String) values[10]),
        (String) values[1],
        Optional.ofNullable((String) values[11]),
        Optional.ofNullable((String) values[12]));
  }

  // ---- coverage ---------------------------------------------------------------------------------

  static Object[] coverage(String scanId, Coverage coverage) {
    String reason = null;
    if (coverage.reason().isPresent()) {
      FailureReason failure = coverage.reason().get();
      ObjectNode node = JSON.createObjectNode();
      failure.httpStatus().ifPresent(status -> node.put("http_status", status));
      node.put("error_code", failure.errorCode());
      node.put("message", failure.message());
      node.put("attempts", failure.attempts());
      reason = json(node);
    }
    return new Object[] {
      scanId,
      coverage.scope().toString(),
      coverage.resourceType(),
      coverage.status().name(),
      reason,
      coverage.note().orElse(null)
    };
  }

  // ---- lifecycles -------------------------------------------------------------------------------

  static Object[] lifecycle(Lifecycle lifecycle, String updatedScan) {
    return new Object[] {
      lifecycle.fingerprint(),
      lifecycle.ruleId(),
      lifecycle.severity().name(),
      lifecycle.resourceType(),
      lifecycle.scope().toString(),
      lifecycle.resourceId(),
      lifecycle.attribute().orElse(null),
      lifecycle.state().name(),
      lifecycle.waived(),
      lifecycle.lastVerdict().map(Verdict::name).orElse(null),
      lifecycle.firstSeenScan(),
      lifecycle.firstSeenAt(),
      lifecycle.lastSeenScan(),
      lifecycle.lastSeenAt(),
      lifecycle.resolvedScan().orElse(null),
      lifecycle.resolvedAt().orElse(null),
      (long) lifecycle.reopenCount(),
      updatedScan
    };
  }

  static Lifecycle lifecycle(Object[] values) {
    return new Lifecycle(
        (String) values[0],
        (String) values[1],
        Severity.valueOf((String) values[2]),
        (String) values[3],
        Scope.parse((String) values[4]),
        (String) values[5],
        Optional.ofNullable((String) values[6]),
        LifecycleState.valueOf((String) values[7]),
        (Boolean) values[8],
        Optional.ofNullable((String) values[9]).map(Verdict::valueOf),
        (String) values[10],
        (Instant) values[11],
        (String) values[12],
        (Instant) values[13],
        Optional.ofNullable((String) values[14]),
        Optional.ofNullable((Instant) values[15]),
        Math.toIntExact((Long) values[16]));
  }

  // ---- drift ------------------------------------------------------------------------------------

  static Object[] change(String scanId, int ordinal, Change change) {
    return new Object[] {
      scanId,
      (long) ordinal,
      change.kind().name(),
      change.resourceType(),
      change.scope().toString(),
      change.resourceId(),
      json(attributeChanges(change.attributes())),
      change.reason().orElse(null)
    };
  }

  static Change change(Object[] values) {
    return new Change(
        ChangeKind.valueOf((String) values[2]),
        (String) values[3],
        Scope.parse((String) values[4]),
        (String) values[5],
        attributeChanges(parse((String) values[6])),
        Optional.ofNullable((String) values[7]));
  }

  static Object[] group(String scanId, int ordinal, ChangeGroup group, List<Integer> places) {
    ArrayNode placesNode = JSON.createArrayNode();
    places.forEach(placesNode::add);
    return new Object[] {
      scanId,
      (long) ordinal,
      group.cause(),
      group.kind().name(),
      group.resourceType(),
      group.summary(),
      json(attributeChanges(group.attributes())),
      json(placesNode)
    };
  }

  static ChangeGroup group(Object[] values, List<Change> changes) {
    List<Change> places = new ArrayList<>();
    for (JsonNode ordinal : parse((String) values[7])) {
      places.add(changes.get(ordinal.asInt()));
    }
    return new ChangeGroup(
        (String) values[2],
        ChangeKind.valueOf((String) values[3]),
        (String) values[4],
        (String) values[5],
        attributeChanges(parse((String) values[6])),
        places);
  }

  private static ArrayNode attributeChanges(List<AttributeChange> changes) {
    ArrayNode array = JSON.createArrayNode();
    for (AttributeChange change : changes) {
      ObjectNode node = array.addObject();
      node.put("path", change.path());
      if (!change.before().isMissingNode()) {
        node.set("before", change.before());
      }
      if (!change.after().isMissingNode()) {
        node.set("after", change.after());
      }
    }
    return array;
  }

  private static List<AttributeChange> attributeChanges(JsonNode array) {
    List<AttributeChange> changes = new ArrayList<>();
    for (JsonNode node : array) {
      changes.add(
          new AttributeChange(
              node.path("path").asText(),
              node.has("before") ? node.get("before") : MissingNode.getInstance(),
              node.has("after") ? node.get("after") : MissingNode.getInstance()));
    }
    return changes;
  }

  // ---- waivers and reports ----------------------------------------------------------------------

  static Object[] waiver(String scanId, AppliedWaiver waiver) {
    ArrayNode fingerprints = JSON.createArrayNode();
    waiver.fingerprints().forEach(fingerprints::add);
    return new Object[] {
      scanId,
      waiver.waiverId(),
      waiver.state().name(),
      waiver.expires(),
      waiver.owner(),
      waiver.ticket(),
      waiver.justification(),
      waiver.source(),
      json(fingerprints)
    };
  }

  static AppliedWaiver waiver(Object[] values) {
    List<String> fingerprints = new ArrayList<>();
    parse((String) values[8]).forEach(node -> fingerprints.add(node.asText()));
    return new AppliedWaiver(
        (String) values[1],
        WaiverState.valueOf((String) values[2]),
        (LocalDate) values[3],
        (String) values[4],
        (String) values[5],
        (String) values[6],
        (String) values[7],
        fingerprints);
  }

  static Object[] report(String scanId, ReportFile report) {
    return new Object[] {
      scanId,
      report.path(),
      report.format(),
      report.sha256(),
      report.sizeBytes(),
      stored(report.writtenAt())
    };
  }

  static ReportFile report(Object[] values) {
    return new ReportFile(
        (String) values[2],
        (String) values[1],
        (String) values[3],
        (Long) values[4],
        (Instant) values[5]);
  }

  // ---- JSON -------------------------------------------------------------------------------------

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(SnapshotCodec.canonicalNode(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored JSON value does not parse: " + e.getMessage(), e);
    }
  }
}
