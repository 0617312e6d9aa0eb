package io.plumbline.policy.drools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the DRL files packaged under a classpath directory. A class loader cannot list a directory,
 * so the directory is looked for where this class was loaded from (the build puts the rule pack in
 * the same jar or classes directory as the engine), then through the class loader's URL of the
 * directory.
 */
final class ClasspathRules {

  private ClasspathRules() {}

  static Map<String, String> read(String directory) {
    Map<String, String> sources = codeSource().map(root -> read(root, directory)).orElse(Map.of());
    if (!sources.isEmpty()) {
      return sources;
    }
    URL url = ClasspathRules.class.getClassLoader().getResource(directory);
    if (url == null) {
      return Map.of();
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        String text = uri.getSchemeSpecificPart();
        return read(Path.of(URI.create(text.substring(0, text.indexOf("!/")))), directory);
      }
      return readTree(Path.of(uri));
    } catch (URISyntaxException | IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the bundled rule pack at " + url, e);
    }
  }

  private static Map<String, String> read(Path root, String directory) {
    try {
      if (Files.isDirectory(root)) {
        return readTree(root.resolve(directory));
      }
      if (!Files.isRegularFile(root)) {
        return Map.of();
      }
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        return readTree(jar.getPath(directory));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled rule pack from " + root, e);
    }
  }

  private static Map<String, String> readTree(Path directory) throws IOException {
    Map<String, String> sources = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return sources;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".drl")).sorted().toList()) {
        sources.put(
            directory.relativize(file).toString().replace('\\', '/'),
            Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return sources;
  }

  private static Optional<Path> codeSource() {
    CodeSource source = ClasspathRules.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      URI uri = source.getLocation().toURI();
      if ("jar".equals(uri.getScheme())) {
        String text = uri.getSchemeSpecificPart();
        int separator = text.indexOf("!/");
        uri = URI.create(separator < 0 ? text : text.substring(0, separator));
      }
      return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
