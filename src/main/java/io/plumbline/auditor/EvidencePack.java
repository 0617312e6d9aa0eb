package io.plumbline.auditor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an evidence pack: a zip an auditor checks offline with {@code plumbline verify-evidence}
 * (see docs/auditors.md, "Evidence packs" for the layout). Every file is listed with its SHA-256 in
 * {@code manifest.json}, which {@code manifest.sig} signs (Ed25519, detached).
 */
public final class EvidencePack {

  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";
  public static final String PUBLIC_KEY = "signing-key.pub";
  public static final String CHAIN = "chain.json";
  public static final String FORMAT = "plumbline-evidence";
  public static final int VERSION = 1;

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvidencePack() {}

  /** What a pack holds: one scan, or the scans of a period (with the period's report). */
  public record Contents(List<ScanSummary> scans, Optional<Period> period) {
    public Contents {
      scans = List.copyOf(scans);
      requireNonNull(period, "period is null");
      if (scans.isEmpty()) {
        throw PlumblineException.userError(
            period
                .map(
                    p ->
                        "no scans in the period "
                            + p.label()
                            + " ("
                            + p.from()
                            + " to "
                            + p.to()
                            + ")")
                .orElse("no scan to pack"));
      }
    }
  }

  /**
   * Writes the pack to {@code target} (replaced atomically).
   *
   * @param periodReport the period report to include (JSON and HTML), for a period pack
   * @return the pack's manifest
   */
  public static ObjectNode write(
      Store store,
      Contents contents,
      Optional<PeriodReport> periodReport,
      PrivateKey signingKey,
      PublicKey publicKey,
      String createdBy,
      Instant now,
      Path target) {
    Map<String, byte[]> files = new TreeMap<>();
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", FORMAT).put("version", VERSION).put("created_at", now.toString());
    manifest.put("created_by", createdBy).put("store", store.settings().displayUrl());
    contents
        .period()
        .ifPresent(
            period ->
                manifest
                    .putObject("period")
                    .put("label", period.label())
                    .put("from", period.from().toString())
                    .put("to", period.to().toString()));
    ArrayNode scans = manifest.putArray("scans");
    long lastSeq = 0;
    for (ScanSummary scan : contents.scans()) {
      lastSeq = Math.max(lastSeq, scan.seq());
      String folder = "scans/" + scan.scanId() + "/";
      ObjectNode entry =
          scans
              .addObject()
              .put("scan_id", scan.scanId())
              .put("seq", scan.seq())
              .put("status", scan.status().name());
      store
          .snapshotBytes(scan.scanId())
          .ifPresent(bytes -> files.put(folder + "snapshot.json.gz", bytes));
      files.put(folder + "rows.json", json(store.scanRecords(scan.scanId())));
      scan.rulesHash()
          .ifPresent(
              hash -> {
                entry.put("rules", "rules/" + hex(hash) + "/");
                store
                    .inputs(hash)
                    .orElseThrow(() -> missing("rule pack", hash))
                    .forEach(
                        (path, text) -> files.put("rules/" + hex(hash) + "/" + path, utf8(text)));
              });
      scan.policiesHash()
          .ifPresent(
              hash -> {
                entry.put("policies", "policies/" + hex(hash) + "/");
                store
                    .inputs(hash)
                    .orElseThrow(() -> missing("policies", hash))
                    .forEach(
                        (path, text) ->
                            files.put("policies/" + hex(hash) + "/" + path, utf8(text)));
              });
    }
    files.put(CHAIN, json(store.chainRecords(lastSeq)));
    periodReport.ifPresent(
        report -> {
          files.put(
              "report/period-report.json",
              PeriodReportWriter.render(report, PeriodReportWriter.Format.JSON));
          files.put(
              "report/period-report.html",
              PeriodReportWriter.render(report, PeriodReportWriter.Format.HTML));
        });
    files.put(PUBLIC_KEY, utf8(SigningKeys.publicPem(publicKey)));
    manifest.put("public_key", SigningKeys.fingerprint(publicKey));
    ObjectNode hashes = manifest.putObject("files");
    files.forEach((path, bytes) -> hashes.put(path, sha256(bytes)));
    byte[] manifestBytes = json(manifest);
    byte[] signature =
        utf8(
            java.util.Base64.getEncoder()
                    .encodeToString(SigningKeys.sign(signingKey, manifestBytes))
                + "\n");

    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      if (target.toAbsolutePath().getParent() != null) {
        Files.createDirectories(target.toAbsolutePath().getParent());
      }
      try (OutputStream out = Files.newOutputStream(partial);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        entry(zip, MANIFEST, manifestBytes);
        entry(zip, SIGNATURE, signature);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          entry(zip, file.getKey(), file.getValue());
        }
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw PlumblineException.userError(
          "cannot write the evidence pack " + target + ": " + e.getMessage());
    }
    return manifest;
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    // a fixed time: the same contents give the same zip
    entry.setTime(0);
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }

  private static PlumblineException missing(String what, String hash) {
    return PlumblineException.userError("the store has no " + what + " with content hash " + hash);
  }

  static String hex(String hash) {
    return hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
  }

  static byte[] json(Object node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
