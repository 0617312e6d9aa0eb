package io.plumbline.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The hashes of the chain. A row is hashed over its column values in column order, each value
 * tagged with its type and strings length-prefixed, so that no two different rows share an
 * encoding. A table's digest is over its rows' hashes sorted bytewise: independent of the order the
 * database returns rows in and of its collation.
 */
final class ChainDigest {

  static final String PREFIX = "sha256:";
  static final String GENESIS = PREFIX + "0".repeat(64);

  private ChainDigest() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String hex(byte[] digest) {
    return PREFIX + HexFormat.of().formatHex(digest);
  }

  /** The hash of one row of {@code table}. */
  static byte[] row(String table, Object[] values) {
    MessageDigest digest = sha256();
    text(digest, table);
    for (Object value : values) {
      value(digest, value);
    }
    return digest.digest();
  }

  /** The digest of a set of rows, given their hashes in any order. */
  static String rows(List<byte[]> rowHashes) {
    byte[][] sorted = rowHashes.toArray(new byte[0][]);
    Arrays.sort(sorted, Arrays::compareUnsigned);
    MessageDigest digest = sha256();
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(sorted.length).array());
    for (byte[] row : sorted) {
      digest.update(row);
    }
    return hex(digest.digest());
  }

  /** The digest of several tables' row hashes, e.g. findings and PASS counts. */
  static String tables(String... tableDigests) {
    MessageDigest digest = sha256();
    for (String tableDigest : tableDigests) {
      text(digest, tableDigest);
    }
    return hex(digest.digest());
  }

  private static void value(MessageDigest digest, Object value) {
    if (value == null) {
      digest.update((byte) 'N');
    } else if (value instanceof String text) {
      digest.update((byte) 'S');
      text(digest, text);
    } else if (value instanceof Long number) {
      digest.update((byte) 'L');
      digest.update(ByteBuffer.allocate(Long.BYTES).putLong(number).array());
    } else if (value instanceof Instant instant) {
      digest.update((byte) 'T');
      digest.update(
          ByteBuffer.allocate(Long.BYTES + Integer.BYTES)
              .putLong(instant.getEpochSecond())
              .putInt(instant.getNano())
              .array());
    } else if (value instanceof Boolean flag) {
      digest.update((byte) 'B');
      digest.update((byte) (flag ? 1 : 0));
    } else if (value instanceof LocalDate date) {
      digest.update((byte) 'D');
      text(digest, date.toString());
    } else {
      throw new IllegalArgumentException(
          "cannot hash a " + value.getClass().getName() + " column value");
    }
  }

  private static void text(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
