package io.plumbline.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.JsonTrees;
import io.plumbline.document.LocatedDocument;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Snapshot;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/** Reads and writes {@code snapshot.json.gz}; a write is atomic (temporary file, then rename). */
public final class SnapshotFiles {

  public static final String FILE_NAME = "snapshot.json.gz";

  private SnapshotFiles() {}

  public static Path write(Path directory, Snapshot snapshot) throws IOException {
    Files.createDirectories(directory);
    Path target = directory.resolve(FILE_NAME);
    Path temporary = Files.createTempFile(directory, ".snapshot-", ".tmp");
    try {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary))) {
        SnapshotCodec.writeCanonical(snapshot, out);
      }
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }

  /** Reads a snapshot written by {@link #write} (gzip) or a plain JSON one. */
  public static Snapshot read(Path file) {
    JsonNode root;
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = gzip ? new GZIPInputStream(raw) : raw;
      root = JsonTrees.readObject(file.toString(), in, "a snapshot");
    } catch (NoSuchFileException e) {
      throw PlumblineException.userError("snapshot file not found: " + file);
    } catch (LocatedDocument.SyntaxException e) {
      throw PlumblineException.userError("invalid snapshot: " + e.getMessage());
    } catch (ZipException | EOFException e) {
      throw PlumblineException.userError(
          "invalid snapshot: "
              + file
              + ": "
              + (gzip ? "not gzip data or cut short" : "cut short")
              + " ("
              + e.getMessage()
              + "), expected a snapshot.json.gz as plumbline scan writes it");
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read snapshot " + file + ": " + e.getMessage());
    }
    try {
      return SnapshotCodec.fromJson(root, file.toString());
    } catch (SnapshotCodec.InvalidSnapshotException e) {
      throw PlumblineException.userError("invalid snapshot: " + e.getMessage());
    }
  }
}
