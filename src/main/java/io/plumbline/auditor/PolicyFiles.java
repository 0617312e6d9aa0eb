package io.plumbline.auditor;

import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Recorded files (path -> text) laid out in a temporary directory, for code that reads a tree. */
final class PolicyFiles {

  private PolicyFiles() {}

  static Path materialize(Map<String, String> files) {
    try {
      Path directory = Files.createTempDirectory("plumbline-inputs-");
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = directory.resolve(file.getKey()).normalize();
        if (!target.startsWith(directory)) {
          throw PlumblineException.userError(
              "recorded file " + file.getKey() + " lies outside its directory");
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      }
      return directory;
    } catch (IOException e) {
      throw PlumblineException.userError("cannot write recorded files: " + e.getMessage());
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a report for
    }
  }
}
