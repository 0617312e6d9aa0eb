package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A report written for a scan: its format ({@code json}, {@code csv}, {@code sarif}, {@code html},
 * ...), where it was written, and the SHA-256 of its bytes, so that a copy handed to an auditor can
 * be checked against the store. {@code writtenAt} is kept to the microsecond, as the store keeps
 * it.
 */
public record ReportFile(
    String format, String path, String sha256, long sizeBytes, Instant writtenAt) {

  public ReportFile {
    requireNonNull(format, "format is null");
    requireNonNull(path, "path is null");
    requireNonNull(sha256, "sha256 is null");
    writtenAt = requireNonNull(writtenAt, "writtenAt is null").truncatedTo(ChronoUnit.MICROS);
    if (!sha256.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "invalid report hash \"" + sha256 + "\": expected sha256: and 64 hex digits");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("report size must not be negative: " + sizeBytes);
    }
  }

  /** Describes a written report file, hashing its content. */
  public static ReportFile of(String format, Path file, Instant writtenAt) {
    MessageDigest digest = ChainDigest.sha256();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      size = in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read report " + file + ": " + e.getMessage());
    }
    return new ReportFile(
        format, file.toString(), ChainDigest.hex(digest.digest()), size, writtenAt);
  }
}
