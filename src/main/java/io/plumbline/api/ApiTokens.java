package io.plumbline.api;

import static java.util.Objects.requireNonNull;

import io.plumbline.access.CallerTokens;
import io.plumbline.access.Role;
import io.plumbline.document.TextFiles;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The bearer tokens the API accepts, held as SHA-256 digests only: a heap dump or a log line never
 * shows one. Lookups compare digests in constant time.
 */
public final class ApiTokens implements CallerTokens {

  /** A caller the API knows: the token's name and its role. */
  public record Caller(String name, Role role) {
    public Caller {
      requireNonNull(name, "name is null");
      requireNonNull(role, "role is null");
    }
  }

  private record Entry(Caller caller, byte[] digest) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  public static ApiTokens from(ApiConfig config, Function<String, String> environment) {
    ApiTokens tokens = new ApiTokens();
    for (Map.Entry<String, ApiConfig.Token> entry : config.tokens().entrySet()) {
      String name = entry.getKey();
      ApiConfig.Token token = entry.getValue();
      Role role;
      try {
        role = Role.fromLabel(token.role());
      } catch (IllegalArgumentException e) {
        throw new PlumblineException(
            ErrorKind.USER_ERROR, "plumbline.api.tokens." + name + ".role: " + e.getMessage());
      }
      tokens.add(new Caller(name, role), digestOf(name, token, environment));
    }
    return tokens;
  }

  /** Accepts {@code token} for {@code caller} (the demo and tests make their own). */
  public void register(Caller caller, Secret token) {
    add(caller, sha256(token.reveal()));
  }

  @Override
  public void register(String name, Role role, Secret token) {
    register(new Caller(name, role), token);
  }

  public Optional<Caller> lookup(String presented) {
    byte[] digest = sha256(presented);
    Caller found = null;
    for (Entry entry : entries) {
      // every entry is compared, so timing says nothing about which one matched
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private void add(Caller caller, byte[] digest) {
    entries.add(new Entry(caller, digest));
  }

  private static byte[] digestOf(
      String name, ApiConfig.Token token, Function<String, String> environment) {
    String key = "plumbline.api.tokens." + name;
    int sources =
        (token.sha256().isPresent() ? 1 : 0)
            + (token.file().isPresent() ? 1 : 0)
            + (token.env().isPresent() ? 1 : 0);
    if (sources != 1) {
      throw new PlumblineException(
          ErrorKind.USER_ERROR,
          key + ": give exactly one of sha256, file or env (found " + sources + ")");
    }
    if (token.sha256().isPresent()) {
      String hex = token.sha256().get().strip().toLowerCase(java.util.Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new PlumblineException(
            ErrorKind.USER_ERROR, key + ".sha256: expected 64 hexadecimal digits");
      }
      return HexFormat.of().parseHex(hex);
    }
    if (token.file().isPresent()) {
      String value = TextFiles.readSecret(token.file().get(), key + ".file").strip();
      if (value.isEmpty()) {
        throw new PlumblineException(
            ErrorKind.USER_ERROR, key + ".file: " + token.file().get() + " is empty");
      }
      return sha256(value);
    }
    String variable = token.env().get();
    String value = environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new PlumblineException(
          ErrorKind.USER_ERROR, key + ".env: environment variable " + variable + " is not set");
    }
    return sha256(value.strip());
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
