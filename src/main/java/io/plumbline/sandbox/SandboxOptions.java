package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to run a sandbox.
 *
 * @param port the Databricks API port on 127.0.0.1, 0 for a free one
 * @param iamPort the AWS IAM port, 0 for a free one
 * @param estate the estate served at start and after a reset
 * @param faults the faults document active at start and after a reset, if any
 * @param seed seeds every random decision (faults) so runs are reproducible
 * @param rateLimited whether the published Databricks rate limits are enforced
 * @param scimPageSize the most resources a SCIM list returns per page
 */
public record SandboxOptions(
    int port,
    int iamPort,
    Estate estate,
    Optional<com.fasterxml.jackson.databind.JsonNode> faults,
    long seed,
    boolean rateLimited,
    int scimPageSize) {

  public static final int DEFAULT_SCIM_PAGE_SIZE = 100;

  public SandboxOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("invalid port: " + port);
    }
    if (iamPort < 0 || iamPort > 65535) {
      throw new IllegalArgumentException("invalid IAM port: " + iamPort);
    }
    requireNonNull(estate, "estate is null");
    requireNonNull(faults, "faults is null");
    if (scimPageSize < 1) {
      throw new IllegalArgumentException("SCIM page size must be positive, got " + scimPageSize);
    }
  }

  /** Free ports, the given estate, no faults, seed 1, published rate limits. */
  public static SandboxOptions of(Estate estate) {
    return new SandboxOptions(0, 0, estate, Optional.empty(), 1, true, DEFAULT_SCIM_PAGE_SIZE);
  }

  public SandboxOptions withFaults(com.fasterxml.jackson.databind.JsonNode document) {
    return new SandboxOptions(
        port, iamPort, estate, Optional.of(document), seed, rateLimited, scimPageSize);
  }

  public SandboxOptions withSeed(long newSeed) {
    return new SandboxOptions(port, iamPort, estate, faults, newSeed, rateLimited, scimPageSize);
  }

  public SandboxOptions withRateLimits(boolean enforced) {
    return new SandboxOptions(port, iamPort, estate, faults, seed, enforced, scimPageSize);
  }

  public SandboxOptions withPorts(int newPort, int newIamPort) {
    return new SandboxOptions(newPort, newIamPort, estate, faults, seed, rateLimited, scimPageSize);
  }

  public SandboxOptions withScimPageSize(int size) {
    return new SandboxOptions(port, iamPort, estate, faults, seed, rateLimited, size);
  }
}
