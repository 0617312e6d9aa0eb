package io.plumbline.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/** Writes generated baselines (import, accept) as YAML a person can read and edit. */
public final class BaselineYaml {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .stringQuotingChecker(new DatesQuoted())
              .build());

  /**
   * Also quotes text that YAML 1.1 readers take for a timestamp ({@code Version: "2012-10-17"} of
   * an IAM document), so that other tools read the file as we do.
   */
  private static final class DatesQuoted extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([Tt ].*)?");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || DATE.matcher(value).matches();
    }
  }

  private BaselineYaml() {}

  /** The document as YAML, after a comment header (each line prefixed with "# "). */
  public static String text(JsonNode document, String header) {
    StringBuilder text = new StringBuilder();
    header.lines().forEach(line -> text.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    try {
      text.append(YAML.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a baseline as YAML", e);
    }
    return text.toString();
  }

  /**
   * Checks the document is a valid baseline (a generated one must be: anything else is a bug) and
   * writes it atomically.
   */
  public static void write(Path file, JsonNode document, String header) {
    String text = text(document, header);
    try {
      Baselines.parse(file.toString(), text);
    } catch (InvalidPolicyFileException e) {
      throw new PlumblineException(
          ErrorKind.INTERNAL,
          "the baseline generated for " + file + " is not valid: " + e.getMessage());
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw PlumblineException.userError("cannot write " + file + ": " + e.getMessage());
    }
  }
}
