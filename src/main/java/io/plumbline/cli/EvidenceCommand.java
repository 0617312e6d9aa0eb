package io.plumbline.cli;

import io.plumbline.auditor.EvidencePack;
import io.plumbline.auditor.Period;
import io.plumbline.auditor.PeriodReport;
import io.plumbline.auditor.PeriodReportBuilder;
import io.plumbline.auditor.ReportSettings;
import io.plumbline.auditor.SigningKeys;
import io.plumbline.error.PlumblineException;
import io.plumbline.store.ScanSummary;
import io.plumbline.store.Store;
import io.plumbline.store.StoreConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    subcommands = {EvidenceCommand.Keygen.class},
    description = {
      "Write an evidence pack (a zip) that plumbline verify-evidence checks offline: the"
          + " snapshots exactly as stored, every row of the scans (findings, lifecycle events,"
          + " coverage, drift, waivers), the rule pack and policies as evaluated, the hash chain"
          + " from the retention anchor, the period report (for --from/--to), and manifest.json"
          + " with the SHA-256 of every file, signed with Ed25519 (manifest.sig).",
      "The signing key: --signing-key FILE, else the PEM in the environment variable "
          + EvidenceCommand.KEY_VARIABLE
          + " (plumbline evidence keygen writes a key pair).",
      "Exit codes: 0 written, 2 usage error, no store, no key or no scan."
    })
@Dependent
@Unremovable
public class EvidenceCommand implements Callable<Integer> {

  /** The environment variable that may hold the signing key (PEM). */
  public static final String KEY_VARIABLE = "PLUMBLINE_EVIDENCE_SIGNING_KEY";

  private final StoreConfig storeConfig;

  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true)
  What what;

  static final class What {
    @Option(names = "--scan", paramLabel = "ID", description = "One stored scan (a scan_id).")
    String scanId;

    @ArgGroup(exclusive = false)
    ReportCommand.Range range;
  }

  @Option(
      names = "--signing-key",
      paramLabel = "FILE",
      description = "Ed25519 private key, PEM (PKCS#8), as plumbline evidence keygen writes it.")
  Path signingKey;

  @Option(names = "--out", paramLabel = "pack.zip", description = "Where to write the pack.")
  Path out;

  @Mixin StoreOptions store;

  @Inject
  public EvidenceCommand(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public Integer call() {
    if (what == null) {
      throw new ParameterException(
          spec.commandLine(), "missing --scan ID or --from DATE --to DATE (or keygen)");
    }
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "missing --out pack.zip");
    }
    Optional<Period> period = Optional.empty();
    if (what.range != null) {
      try {
        period = Optional.of(Period.between(what.range.from, what.range.to));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    PrivateKey key = privateKey();
    PublicKey publicKey = publicKeyBeside(key);
    PrintWriter stdout = spec.commandLine().getOut();
    try (Store opened = store.openExisting(storeConfig)) {
      List<ScanSummary> scans;
      Optional<PeriodReport> report = Optional.empty();
      if (period.isPresent()) {
        Period span = period.get();
        scans =
            opened.scans(Optional.of(span.from())).stream()
                .filter(scan -> span.contains(scan.startedAt()))
                .toList();
        if (!scans.isEmpty()) {
          ReportSettings settings = ReportSettings.fromConfig();
          Optional<Path> policies =
              Files.isDirectory(Path.of("policies"))
                  ? Optional.of(Path.of("policies"))
                  : Optional.empty();
          report =
              Optional.of(
                  new PeriodReportBuilder(
                          opened,
                          settings.slos(),
                          settings.maxScanGap(),
                          policies,
                          EvaluationPrinter.toolVersion(),
                          "plumbline evidence (" + System.getProperty("user.name", "unknown") + ")")
                      .build(span, PeriodReportBuilder.ALL, Instant.now()));
        }
      } else {
        scans =
            List.of(
                opened
                    .scan(what.scanId)
                    .orElseThrow(
                        () ->
                            new ParameterException(
                                spec.commandLine(), "--scan: no stored scan " + what.scanId)));
      }
      var manifest =
          EvidencePack.write(
              opened,
              new EvidencePack.Contents(scans, period),
              report,
              key,
              publicKey,
              "plumbline " + EvaluationPrinter.toolVersion(),
              Instant.now(),
              out);
      stdout.printf(
          "wrote %s: %d scan(s), %d files, signed by %s%n",
          out, scans.size(), manifest.path("files").size(), manifest.path("public_key").asText());
      stdout.flush();
      return ExitCodes.SUCCESS;
    }
  }

  private PrivateKey privateKey() {
    String pem;
    String source;
    if (signingKey != null) {
      try {
        pem = Files.readString(signingKey, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw PlumblineException.userError(
            "--signing-key: cannot read " + signingKey + ": " + e.getMessage());
      }
      source = "--signing-key " + signingKey;
    } else {
      pem = System.getenv(KEY_VARIABLE);
      source = KEY_VARIABLE;
      if (pem == null || pem.isBlank()) {
        throw PlumblineException.userError(
            "no signing key: pass --signing-key FILE or set "
                + KEY_VARIABLE
                + " (plumbline evidence keygen writes a key pair)");
      }
    }
    try {
      return SigningKeys.parsePrivate(pem);
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError(source + ": " + e.getMessage());
    }
  }

  /**
   * The public half, which the pack carries: the {@code .pub} file keygen wrote beside the key, or
   * derived by signing nothing is not possible with the JDK, so keygen's pair is required.
   */
  private PublicKey publicKeyBeside(PrivateKey key) {
    Optional<String> pem = Optional.empty();
    if (signingKey != null) {
      Path beside = publicFileFor(signingKey);
      if (Files.isRegularFile(beside)) {
        try {
          pem = Optional.of(Files.readString(beside, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw PlumblineException.userError("cannot read " + beside + ": " + e.getMessage());
        }
      }
    } else {
      pem = Optional.ofNullable(System.getenv(KEY_VARIABLE + "_PUB"));
    }
    if (pem.isEmpty()) {
      throw PlumblineException.userError(
          "no public key beside the signing key: expected "
              + (signingKey != null ? publicFileFor(signingKey).toString() : KEY_VARIABLE + "_PUB")
              + " (plumbline evidence keygen writes both)");
    }
    PublicKey publicKey;
    try {
      publicKey = SigningKeys.parsePublic(pem.get());
    } catch (IllegalArgumentException e) {
      throw PlumblineException.userError("the public key: " + e.getMessage());
    }
    byte[] probe = "plumbline evidence key pair check".getBytes(StandardCharsets.UTF_8);
    if (!SigningKeys.verify(publicKey, probe, SigningKeys.sign(key, probe))) {
      throw PlumblineException.userError("the public key does not belong to the signing key");
    }
    return publicKey;
  }

  static Path publicFileFor(Path privateKey) {
    String name = privateKey.getFileName().toString();
    String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return privateKey.resolveSibling(base + ".pub");
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Write an Ed25519 key pair for signing evidence packs: NAME.key (private, PEM PKCS#8,"
            + " readable by the owner only) and NAME.pub (public, PEM, for auditors).",
        "Exit codes: 0 written, 2 usage error (e.g. the key exists)."
      })
  @Dependent
  @Unremovable
  public static class Keygen implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "NAME",
        defaultValue = "plumbline-evidence",
        description = "Path without extension (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
      Path privateFile = out.resolveSibling(out.getFileName() + ".key");
      Path publicFile = out.resolveSibling(out.getFileName() + ".pub");
      if (Files.exists(privateFile) || Files.exists(publicFile)) {
        throw PlumblineException.userError(
            privateFile + " or " + publicFile + " exists: not overwriting a key");
      }
      KeyPair pair = SigningKeys.generate();
      try {
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.createFile(privateFile);
        try {
          Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // e.g. Windows: the file system's own defaults apply
        }
        Files.writeString(privateFile, SigningKeys.privatePem(pair.getPrivate()));
        Files.writeString(publicFile, SigningKeys.publicPem(pair.getPublic()));
      } catch (IOException e) {
        throw PlumblineException.userError("cannot write the key pair: " + e.getMessage());
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.printf(
          "wrote %s (keep it secret) and %s (give it to auditors), key %s%n",
          privateFile, publicFile, SigningKeys.fingerprint(pair.getPublic()));
      stdout.flush();
      return ExitCodes.SUCCESS;
    }
  }
}
