package io.plumbline.store;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a scan was judged with: the rule pack's files and the policies' files (baselines, waivers,
 * framework mappings), each as path -> content, and their content hashes. The hashes are recorded
 * with the scan (and covered by its row hash); the files are stored once per distinct hash.
 *
 * @param rules path relative to the rule pack -> text
 * @param policies path relative to the policies directory -> text; empty when there were none
 */
public record EvaluationInputs(
    SortedMap<String, String> rules, SortedMap<String, String> policies) {

  public EvaluationInputs {
    rules = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(rules, "rules")));
    policies =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(policies, "policies")));
  }

  public static EvaluationInputs of(Map<String, String> rules, Map<String, String> policies) {
    return new EvaluationInputs(new TreeMap<>(rules), new TreeMap<>(policies));
  }

  public String rulesHash() {
    return hash(rules);
  }

  public String policiesHash() {
    return hash(policies);
  }

  /**
   * The content hash of a set of files: SHA-256 over every (path, content) pair in path order, each
   * length-prefixed, as {@code sha256:} and 64 hex digits. The same files give the same hash
   * wherever they lie; a renamed, added, removed or edited file changes it.
   */
  public static String hash(Map<String, String> files) {
    MessageDigest digest = ChainDigest.sha256();
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(files.size()).array());
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      text(digest, file.getKey());
      text(digest, file.getValue());
    }
    return ChainDigest.hex(digest.digest());
  }

  private static void text(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
