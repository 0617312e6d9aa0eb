package io.plumbline.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Stable finding identities: the same rule on the same resource attribute has the same fingerprint
 * in every scan, whatever else changed, so lifecycles and alerts can follow it.
 */
public final class Fingerprints {

  private Fingerprints() {}

  public static String of(
      String ruleId,
      String resourceType,
      String scope,
      String resourceId,
      Optional<String> attribute) {
    String identity =
        String.join("\u001f", ruleId, resourceType, scope, resourceId, attribute.orElse(""));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
