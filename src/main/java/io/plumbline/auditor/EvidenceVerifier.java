package io.plumbline.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.ReportModel;
import io.plumbline.model.Finding;
import io.plumbline.model.Snapshot;
import io.plumbline.model.Verdict;
import io.plumbline.policy.Waivers;
import io.plumbline.snapshot.SnapshotCodec;
import io.plumbline.store.ChainRecords;
import io.plumbline.store.EvaluationInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks an evidence pack offline, without a store: the signature over the manifest, every file's
 * SHA-256, the hash chain re-linked from its anchor, each scan's rows against its link, and the
 * recorded rule pack re-run on each snapshot against the recorded findings. Stops at the first
 * thing that does not hold and names the file (and link) it is in.
 */
public final class EvidenceVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The pack cannot be read as a pack at all: exit 2. */
  public static final class UnusableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableException(String message) {
      super(message);
    }
  }

  /**
   * What verification found.
   *
   * @param problem the first thing that does not hold, naming its file; empty when all holds
   * @param checks what was checked, one line each, for people
   */
  public record Result(Optional<String> problem, List<String> checks) {
    public boolean holds() {
      return problem.isEmpty();
    }
  }

  private EvidenceVerifier() {}

  /**
   * @param publicKey the key the pack must be signed with; empty to use the key the pack carries
   *     (which proves the pack is whole, not who made it)
   * @throws UnusableException when the input is not an evidence pack
   */
  public static Result verify(Path pack, Optional<PublicKey> publicKey, String toolVersion) {
    Map<String, byte[]> files = read(pack);
    List<String> checks = new ArrayList<>();
    Map<String, io.plumbline.policy.PolicyEngine> engines = new HashMap<>();
    byte[] manifestBytes = files.get(EvidencePack.MANIFEST);
    byte[] signatureBytes = files.get(EvidencePack.SIGNATURE);
    if (manifestBytes == null || signatureBytes == null) {
      throw new UnusableException(
          pack
              + ": not an evidence pack (expected "
              + EvidencePack.MANIFEST
              + " and "
              + EvidencePack.SIGNATURE
              + ")");
    }

    // the signature first: a manifest that was changed is named before anything trusts it
    PublicKey key;
    if (publicKey.isPresent()) {
      key = publicKey.get();
    } else {
      byte[] embedded = files.get(EvidencePack.PUBLIC_KEY);
      if (embedded == null) {
        return fail(checks, EvidencePack.PUBLIC_KEY + ": missing (or pass --public-key FILE)");
      }
      try {
        key = SigningKeys.parsePublic(new String(embedded, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return fail(checks, EvidencePack.PUBLIC_KEY + ": " + e.getMessage());
      }
    }
    byte[] signature;
    try {
      signature =
          Base64.getDecoder().decode(new String(signatureBytes, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      return fail(checks, EvidencePack.SIGNATURE + ": not a base64 signature");
    }
    if (!SigningKeys.verify(key, manifestBytes, signature)) {
      return fail(
          checks,
          EvidencePack.MANIFEST
              + " does not match its signature "
              + EvidencePack.SIGNATURE
              + " under key "
              + SigningKeys.fingerprint(key)
              + ": one of the two was changed, or the pack was signed with another key");
    }
    checks.add(
        "signature: "
            + EvidencePack.MANIFEST
            + " signed by "
            + SigningKeys.fingerprint(key)
            + (publicKey.isPresent()
                ? " (the key given)"
                : " (the key the pack carries: pass --public-key to check who signed)"));

    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestBytes);
    } catch (IOException e) {
      return fail(checks, EvidencePack.MANIFEST + ": signed, but not JSON: " + e.getMessage());
    }
    if (!EvidencePack.FORMAT.equals(manifest.path("format").asText())
        || manifest.path("version").asInt() != EvidencePack.VERSION) {
      throw new UnusableException(
          pack
              + ": "
              + EvidencePack.MANIFEST
              + " is not a version "
              + EvidencePack.VERSION
              + " "
              + EvidencePack.FORMAT
              + " manifest");
    }

    // every file, as listed
    Map<String, String> listed = new TreeMap<>();
    manifest
        .path("files")
        .fields()
        .forEachRemaining(field -> listed.put(field.getKey(), field.getValue().asText()));
    for (Map.Entry<String, String> file : listed.entrySet()) {
      byte[] bytes = files.get(file.getKey());
      if (bytes == null) {
        return fail(checks, file.getKey() + ": listed in the manifest but missing from the pack");
      }
      if (!EvidencePack.sha256(bytes).equals(file.getValue())) {
        return fail(
            checks, file.getKey() + ": SHA-256 does not match the manifest (the file was changed)");
      }
    }
    for (String name : files.keySet()) {
      if (!listed.containsKey(name)
          && !name.equals(EvidencePack.MANIFEST)
          && !name.equals(EvidencePack.SIGNATURE)) {
        return fail(checks, name + ": in the pack but not listed in the manifest");
      }
    }
    checks.add("files: " + listed.size() + " files match their SHA-256");

    // the chain, re-linked from its anchor
    JsonNode chain;
    try {
      chain = JSON.readTree(files.get(EvidencePack.CHAIN));
    } catch (IOException | NullPointerException e) {
      return fail(checks, EvidencePack.CHAIN + ": missing or not JSON");
    }
    Optional<String> broken = ChainRecords.relink(chain);
    if (broken.isPresent()) {
      return fail(checks, EvidencePack.CHAIN + ": " + broken.get());
    }
    checks.add(
        "chain: "
            + chain.path("links").size()
            + " links re-linked from the anchor at seq "
            + chain.path("anchor").path("seq").asLong());

    // each scan: its rows against its link, then its rule pack re-run on its snapshot
    for (JsonNode scan : manifest.path("scans")) {
      String scanId = scan.path("scan_id").asText();
      String folder = "scans/" + scanId + "/";
      Optional<JsonNode> link = ChainRecords.link(chain, scanId);
      if (link.isEmpty()) {
        return fail(checks, EvidencePack.CHAIN + ": no link for scan " + scanId);
      }
      JsonNode rows;
      try {
        rows = JSON.readTree(files.get(folder + "rows.json"));
      } catch (IOException | NullPointerException e) {
        return fail(checks, folder + "rows.json: missing or not JSON");
      }
      byte[] snapshotBytes = files.get(folder + "snapshot.json.gz");
      Optional<String> rowsProblem =
          ChainRecords.checkScan(
              link.get(),
              rows,
              Optional.ofNullable(snapshotBytes).map(EvidenceVerifier::storedHash));
      if (rowsProblem.isPresent()) {
        String file =
            rowsProblem.get().startsWith("snapshot data")
                ? folder + "snapshot.json.gz"
                : folder + "rows.json";
        return fail(
            checks,
            file
                + ": "
                + rowsProblem.get()
                + " (seq "
                + link.get().path("seq").asLong()
                + ", scan "
                + scanId
                + ")");
      }
      Optional<String> rerun =
          rerun(files, scan, link.get(), rows, snapshotBytes, toolVersion, checks, engines);
      if (rerun.isPresent()) {
        return fail(checks, rerun.get());
      }
    }
    return new Result(Optional.empty(), checks);
  }

  private static Optional<String> rerun(
      Map<String, byte[]> files,
      JsonNode scan,
      JsonNode link,
      JsonNode rows,
      byte[] snapshotBytes,
      String toolVersion,
      List<String> checks,
      Map<String, io.plumbline.policy.PolicyEngine> engines) {
    String scanId = scan.path("scan_id").asText();
    String folder = "scans/" + scanId + "/";
    if (snapshotBytes == null) {
      checks.add(
          "scan "
              + scanId
              + ": no snapshot ("
              + link.path("status").asText()
              + "), nothing to re-run");
      return Optional.empty();
    }
    if (link.path("rules_hash").isNull() || link.path("rules_hash").isMissingNode()) {
      checks.add("scan " + scanId + ": recorded before rule pack hashes were kept, not re-run");
      return Optional.empty();
    }
    String rulesFolder = "rules/" + EvidencePack.hex(link.path("rules_hash").asText()) + "/";
    String policiesFolder =
        "policies/" + EvidencePack.hex(link.path("policies_hash").asText()) + "/";
    Map<String, String> rules = under(files, rulesFolder);
    Map<String, String> policies = under(files, policiesFolder);
    if (!EvaluationInputs.hash(rules).equals(link.path("rules_hash").asText())) {
      return Optional.of(
          rulesFolder + ": the rule pack does not hash to the rules_hash of scan " + scanId);
    }
    if (!EvaluationInputs.hash(policies).equals(link.path("policies_hash").asText())) {
      return Optional.of(
          policiesFolder + ": the policies do not hash to the policies_hash of scan " + scanId);
    }
    Snapshot snapshot;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(snapshotBytes))) {
      snapshot = SnapshotCodec.fromJson(JSON.readTree(in), folder + "snapshot.json.gz");
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          folder + "snapshot.json.gz: does not read as a snapshot: " + e.getMessage());
    }
    Path rulesDirectory = PolicyFiles.materialize(rules);
    Path policiesDirectory = PolicyFiles.materialize(policies);
    try {
      Instant judgedAt = Instant.parse(link.path("finished_at").asText());
      EvaluationService evaluation =
          new EvaluationService(Clock.fixed(judgedAt, ZoneOffset.UTC), toolVersion, Path.of(""));
      EvaluationService.Prepared prepared =
          evaluation.prepare(
              new EvaluationService.Options(
                  Optional.of(rulesDirectory),
                  Optional.of(policiesDirectory),
                  Optional.empty(),
                  Waivers.DEFAULT_EXPIRY_WARNING),
              engines);
      ReportModel model = evaluation.evaluate(prepared, snapshot);
      Map<String, String> recorded = new TreeMap<>();
      rows.path("findings")
          .forEach(
              row -> recorded.put(row.path("fingerprint").asText(), row.path("verdict").asText()));
      Map<String, Long> recordedPasses = new TreeMap<>();
      rows.path("pass_counts")
          .forEach(
              row -> recordedPasses.put(row.path("rule_id").asText(), row.path("passed").asLong()));
      Map<String, String> judged = new TreeMap<>();
      Map<String, Long> passes = new TreeMap<>();
      for (Finding finding : model.findings()) {
        if (finding.verdict() == Verdict.PASS) {
          passes.merge(finding.ruleId(), 1L, Long::sum);
        } else {
          judged.put(finding.fingerprint(), finding.verdict().name());
        }
      }
      boolean incomplete = !snapshot.isComplete();
      for (Map.Entry<String, String> finding : judged.entrySet()) {
        String verdict = recorded.get(finding.getKey());
        if (!finding.getValue().equals(verdict)) {
          return Optional.of(
              folder
                  + "rows.json: re-running the rule pack on the snapshot gives "
                  + finding.getValue()
                  + " for finding "
                  + finding.getKey()
                  + ", the scan recorded "
                  + (verdict == null ? "no such finding" : verdict)
                  + " (scan "
                  + scanId
                  + ")");
        }
      }
      for (Map.Entry<String, String> finding : recorded.entrySet()) {
        // an INCOMPLETE scan also records, as UNKNOWN, the open findings it could not see: those
        // come from the store's lifecycles, not from the rules
        if (!judged.containsKey(finding.getKey())
            && !(incomplete && finding.getValue().equals("UNKNOWN"))) {
          return Optional.of(
              folder
                  + "rows.json: the scan recorded "
                  + finding.getValue()
                  + " for finding "
                  + finding.getKey()
                  + ", which re-running the rule pack does not give (scan "
                  + scanId
                  + ")");
        }
      }
      if (!passes.equals(recordedPasses)) {
        return Optional.of(
            folder
                + "rows.json: re-running the rule pack gives other PASS counts than the scan recorded (scan "
                + scanId
                + ")");
      }
      checks.add(
          "scan "
              + scanId
              + ": the recorded rule pack re-run on the snapshot gives the recorded "
              + judged.size()
              + " findings and "
              + passes.values().stream().mapToLong(Long::longValue).sum()
              + " passes");
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          rulesFolder + ": the recorded rule pack cannot be re-run: " + e.getMessage());
    } finally {
      PolicyFiles.delete(rulesDirectory);
      PolicyFiles.delete(policiesDirectory);
    }
  }

  private static Map<String, String> under(Map<String, byte[]> files, String folder) {
    Map<String, String> found = new TreeMap<>();
    files.forEach(
        (name, bytes) -> {
          if (name.startsWith(folder)) {
            found.put(name.substring(folder.length()), new String(bytes, StandardCharsets.UTF_8));
          }
        });
    return found;
  }

  private static String storedHash(byte[] bytes) {
    return EvidencePack.sha256(bytes);
  }

  private static Result fail(List<String> checks, String problem) {
    return new Result(Optional.of(problem), checks);
  }

  private static Map<String, byte[]> read(Path pack) {
    if (!Files.isRegularFile(pack)) {
      throw new UnusableException(pack + ": no such file");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(pack))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (seen.merge(name, 1, Integer::sum) > 1) {
          throw new UnusableException(pack + ": " + name + " appears twice in the zip");
        }
        files.put(name, zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UnusableException(pack + ": not a readable zip (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw new UnusableException(pack + ": not an evidence pack (an empty or non-zip file)");
    }
    return files;
  }
}
