package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** What tests in other packages may ask of the sandbox's package-private parts. */
public final class SandboxTestAccess {

  private SandboxTestAccess() {}

  /** The hash the sandbox lists beside a service principal's OAuth secret. */
  public static String secretHash(JsonNode servicePrincipal, JsonNode secret) {
    return SettingsApi.secretHash(servicePrincipal, secret);
  }
}
