package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.auditor.AuditorStore;
import io.plumbline.auditor.SigningKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline evidence}, {@code evidence keygen} and {@code verify-evidence} as users run
 * them, on a store of four sandbox scans: an untouched pack verifies offline, and a byte flipped in
 * any file of it is caught and that file named.
 */
class EvidenceCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static AuditorStore estate;

  @TempDir Path directory;

  @BeforeAll
  static void store() throws Exception {
    estate = AuditorStore.shared();
  }

  private Path keygen(String name) {
    InProcessCli.Outcome keygen =
        InProcessCli.run("evidence", "keygen", "--out", directory.resolve(name).toString());
    assertThat(keygen.exitCode()).as(keygen.err()).isZero();
    assertThat(directory.resolve(name + ".key")).isNotEmptyFile();
    assertThat(directory.resolve(name + ".pub")).isNotEmptyFile();
    return directory.resolve(name + ".key");
  }

  private Path periodPack(Path key) {
    Path pack = directory.resolve("pack.zip");
    InProcessCli.Outcome written =
        InProcessCli.run(
            "evidence",
            "--from",
            estate.before.toString(),
            "--to",
            estate.wholePeriod().to().toString(),
            "--signing-key",
            key.toString(),
            "--store-url",
            estate.url,
            "--out",
            pack.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).contains("4 scan(s)");
    return pack;
  }

  @Test
  void anUntouchedPackVerifiesOfflineAndEveryFlippedByteIsNamed() throws Exception {
    Path key = keygen("signer");
    Path publicKey = directory.resolve("signer.pub");
    Path pack = periodPack(key);

    InProcessCli.Outcome intact =
        InProcessCli.run("verify-evidence", pack.toString(), "--public-key", publicKey.toString());
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
    assertThat(intact.out())
        .contains("verifies")
        .contains("chain: ")
        .contains("the recorded rule pack re-run on the snapshot gives the recorded");
    for (var scan : estate.scans) {
      assertThat(intact.out()).contains("scan " + scan.scanId() + ": the recorded rule pack");
    }
    // without --public-key the key the pack carries is used, and said so
    InProcessCli.Outcome carried = InProcessCli.run("verify-evidence", pack.toString());
    assertThat(carried.exitCode()).isZero();
    assertThat(carried.out()).contains("the key the pack carries");

    Map<String, byte[]> files = unzip(pack);
    assertThat(files.keySet())
        .contains("manifest.json", "manifest.sig", "signing-key.pub", "chain.json")
        .contains("report/period-report.json", "report/period-report.html")
        .anyMatch(name -> name.startsWith("rules/") && name.endsWith(".drl"))
        .anyMatch(name -> name.startsWith("policies/") && name.contains("frameworks/"));
    for (var scan : estate.scans) {
      assertThat(files)
          .containsKey("scans/" + scan.scanId() + "/snapshot.json.gz")
          .containsKey("scans/" + scan.scanId() + "/rows.json");
    }
    List<String> undetected = new ArrayList<>();
    for (String name : files.keySet()) {
      Map<String, byte[]> tampered = new LinkedHashMap<>(files);
      byte[] bytes = files.get(name).clone();
      bytes[bytes.length / 2] ^= 0x01;
      tampered.put(name, bytes);
      Path copy = directory.resolve("tampered.zip");
      zip(tampered, copy);
      InProcessCli.Outcome run =
          InProcessCli.run(
              "verify-evidence", copy.toString(), "--public-key", publicKey.toString());
      String failed =
          run.out().lines().filter(line -> line.startsWith("FAILED")).findFirst().orElse("");
      if (run.exitCode() != ExitCodes.FINDINGS || !failed.contains(name)) {
        undetected.add(name + " -> exit " + run.exitCode() + ": " + failed + run.err());
      }
    }
    assertThat(undetected).as("flipped bytes not detected and named").isEmpty();
  }

  @Test
  void aPackReSignedAfterEditingAFindingFailsOnTheChainNotTheSignature() throws Exception {
    Path key = keygen("forger");
    Path pack = periodPack(key);
    Map<String, byte[]> files = unzip(pack);
    String scanId = estate.scans.get(1).scanId();
    String rowsName = "scans/" + scanId + "/rows.json";
    ObjectNode rows = (ObjectNode) JSON.readTree(files.get(rowsName));
    ArrayNode findings = (ArrayNode) rows.path("findings");
    ObjectNode failing = null;
    for (var finding : findings) {
      if (finding.path("verdict").asText().equals("FAIL")) {
        failing = (ObjectNode) finding;
        break;
      }
    }
    assertThat(failing).isNotNull();
    failing.put("verdict", "WAIVED");
    files.put(rowsName, JSON.writeValueAsBytes(rows));
    ObjectNode manifest = (ObjectNode) JSON.readTree(files.get("manifest.json"));
    ((ObjectNode) manifest.path("files")).put(rowsName, sha256(files.get(rowsName)));
    byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    files.put("manifest.json", manifestBytes);
    var privateKey = SigningKeys.parsePrivate(Files.readString(key));
    files.put(
        "manifest.sig",
        (Base64.getEncoder().encodeToString(SigningKeys.sign(privateKey, manifestBytes)) + "\n")
            .getBytes(StandardCharsets.US_ASCII));
    Path forged = directory.resolve("forged.zip");
    zip(files, forged);

    InProcessCli.Outcome run = InProcessCli.run("verify-evidence", forged.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out())
        .contains("ok  signature")
        .contains("FAILED  " + rowsName + ": findings rows do not match the chain's digest")
        .contains(scanId);
  }

  @Test
  void aSingleScanPackVerifiesAndAnotherKeyOrUnusableInputIsRefused() throws Exception {
    Path key = keygen("one");
    Path other = keygen("other");
    Path pack = directory.resolve("scan.zip");
    String scanId = estate.scans.get(2).scanId();
    InProcessCli.Outcome written =
        InProcessCli.run(
            "evidence",
            "--scan",
            scanId,
            "--signing-key",
            key.toString(),
            "--store-url",
            estate.url,
            "--out",
            pack.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    InProcessCli.Outcome ok =
        InProcessCli.run(
            "verify-evidence",
            pack.toString(),
            "--public-key",
            directory.resolve("one.pub").toString());
    assertThat(ok.exitCode()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("scan " + scanId + ": the recorded rule pack re-run");

    InProcessCli.Outcome wrongKey =
        InProcessCli.run(
            "verify-evidence",
            pack.toString(),
            "--public-key",
            other.resolveSibling("other.pub").toString());
    assertThat(wrongKey.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(wrongKey.out())
        .contains("FAILED  manifest.json does not match its signature manifest.sig");

    Path notAZip = directory.resolve("not-a-pack.zip");
    Files.writeString(notAZip, "hello");
    InProcessCli.Outcome unusable = InProcessCli.run("verify-evidence", notAZip.toString());
    assertThat(unusable.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unusable.firstErrorLine()).startsWith("plumbline: ").contains("not-a-pack.zip");
    assertThat(
            InProcessCli.run("verify-evidence", directory.resolve("missing.zip").toString())
                .exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            InProcessCli.run("verify-evidence", pack.toString(), "--public-key", notAZip.toString())
                .exitCode())
        .isEqualTo(ExitCodes.USAGE);

    InProcessCli.Outcome noKey =
        InProcessCli.run(
            "evidence", "--scan", scanId, "--store-url", estate.url, "--out", pack.toString());
    if (System.getenv("PLUMBLINE_EVIDENCE_SIGNING_KEY") == null) {
      assertThat(noKey.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(noKey.firstErrorLine()).contains("no signing key");
    }
    InProcessCli.Outcome noScan =
        InProcessCli.run(
            "evidence",
            "--scan",
            "scan-nope",
            "--signing-key",
            key.toString(),
            "--store-url",
            estate.url,
            "--out",
            pack.toString());
    assertThat(noScan.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noScan.firstErrorLine()).contains("no stored scan scan-nope");
    InProcessCli.Outcome again =
        InProcessCli.run("evidence", "keygen", "--out", directory.resolve("one").toString());
    assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private static Map<String, byte[]> unzip(Path pack) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(pack))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        files.put(entry.getName(), zip.readAllBytes());
      }
    }
    return files;
  }

  private static void zip(Map<String, byte[]> files, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:"
        + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
