package io.plumbline.model;

import static java.util.Objects.requireNonNull;

/**
 * A credential value. {@link #toString()} never shows it, so a secret that ends up in a log line,
 * an exception message or a record's string form stays hidden; {@link #reveal()} is the one way to
 * read it, at the point it is handed to an SDK.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    requireNonNull(value, "secret value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret value is blank");
    }
    return new Secret(value.strip());
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
