package io.plumbline.cli;

import io.plumbline.auditor.EvidenceVerifier;
import io.plumbline.auditor.SigningKeys;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify-evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Check an evidence pack offline, without a store: the Ed25519 signature over manifest.json,"
          + " the SHA-256 of every file, the hash chain re-linked from its anchor, each scan's rows"
          + " against its link, and the recorded rule pack re-run on each snapshot giving the"
          + " recorded findings.",
      "Exit codes: 0 everything holds, 1 something does not (the first file or link that does not"
          + " is named), 2 unusable input (not a pack, unreadable key)."
    })
@Dependent
@Unremovable
public class VerifyEvidenceCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "pack.zip", description = "The evidence pack.")
  Path pack;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description =
          "The signer's public key (PEM); without it the key the pack carries is used, which proves"
              + " the pack whole but not who made it.")
  Path publicKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<PublicKey> key = Optional.empty();
    if (publicKey != null) {
      try {
        key =
            Optional.of(
                SigningKeys.parsePublic(Files.readString(publicKey, StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        err.println("plumbline: --public-key " + publicKey + ": " + e.getMessage());
        err.flush();
        return ExitCodes.USAGE;
      }
    }
    EvidenceVerifier.Result result;
    try {
      result = EvidenceVerifier.verify(pack, key, EvaluationPrinter.toolVersion());
    } catch (EvidenceVerifier.UnusableException e) {
      err.println("plumbline: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    result.checks().forEach(check -> out.println("ok  " + check));
    if (result.problem().isPresent()) {
      out.println("FAILED  " + result.problem().get());
      out.flush();
      return ExitCodes.FINDINGS;
    }
    out.println("evidence pack " + pack + " verifies");
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
