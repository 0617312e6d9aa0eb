package io.plumbline.document;

import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads the text files people write (policies, rules, configuration, estates, Terraform state):
 * UTF-8 only, and a file that is not (binary, Latin-1, UTF-16) is a user error naming the file, the
 * line and column of the first bad byte, and what was expected.
 */
public final class TextFiles {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private TextFiles() {}

  /**
   * The file's text; {@code noun} says what the file should be ("baseline file", "Terraform state")
   * in errors.
   */
  public static String read(Path file, String noun) {
    return read(file, noun, Long.MAX_VALUE);
  }

  /** As {@link #read(Path, String)}, refusing a file larger than {@code maximumBytes}. */
  public static String read(Path file, String noun, long maximumBytes) {
    return decode(file.toString(), bytes(file, noun, maximumBytes), noun, true);
  }

  /**
   * A file holding a secret (a token, a password): as {@link #read(Path, String)}, but an error
   * says where the first bad byte is, not what it is.
   */
  public static String readSecret(Path file, String noun) {
    return decode(file.toString(), bytes(file, noun, Long.MAX_VALUE), noun, false);
  }

  /** Decodes UTF-8 strictly (a leading byte order mark is dropped), naming the first bad byte. */
  public static String decode(String source, byte[] bytes, String noun) {
    return decode(source, bytes, noun, true);
  }

  private static byte[] bytes(Path file, String noun, long maximumBytes) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw PlumblineException.userError(file + ": a directory, expected " + withArticle(noun));
      }
      long size = Files.size(file);
      if (size > maximumBytes) {
        throw PlumblineException.userError(
            file
                + ": "
                + size
                + " bytes, more than the "
                + maximumBytes
                + " "
                + withArticle(noun)
                + " may have");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw PlumblineException.userError(noun + " not found: " + file);
    } catch (IOException e) {
      throw PlumblineException.userError(
          "cannot read " + noun + " " + file + ": " + e.getMessage());
    }
    return bytes;
  }

  private static String decode(String source, byte[] bytes, String noun, boolean showBytes) {
    if (startsWith(bytes, (byte) 0xFE, (byte) 0xFF)
        || startsWith(bytes, (byte) 0xFF, (byte) 0xFE)) {
      throw PlumblineException.userError(
          source
              + ":1:1: UTF-16 text (byte order mark), expected "
              + withArticle(noun)
              + " in UTF-8");
    }
    int start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
    int nul = indexOfNul(bytes, start);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, (nul < 0 ? bytes.length : nul) - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      byte[] bad = Arrays.copyOfRange(bytes, offset, offset + result.length());
      throw PlumblineException.userError(
          position(source, bytes, start, offset)
              + (showBytes
                  ? ": not UTF-8 (byte "
                      + HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase().formatHex(bad)
                      + "), expected "
                  : ": not UTF-8, expected ")
              + withArticle(noun)
              + " in UTF-8");
    }
    if (nul >= 0) {
      throw PlumblineException.userError(
          position(source, bytes, start, nul)
              + ": binary data (a NUL byte), expected "
              + withArticle(noun)
              + " in UTF-8 text");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static String withArticle(String noun) {
    return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
  }

  /** {@code source:line:column} of a byte offset, the column counted in characters. */
  private static String position(String source, byte[] bytes, int start, int offset) {
    int line = 1;
    int lineStart = start;
    for (int index = start; index < offset; index++) {
      if (bytes[index] == '\n') {
        line++;
        lineStart = index + 1;
      }
    }
    String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
    return source + ":" + line + ":" + (before.codePointCount(0, before.length()) + 1);
  }

  private static int indexOfNul(byte[] bytes, int start) {
    for (int index = start; index < bytes.length; index++) {
      if (bytes[index] == 0) {
        return index;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, byte... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int index = 0; index < prefix.length; index++) {
      if (bytes[index] != prefix[index]) {
        return false;
      }
    }
    return true;
  }
}
