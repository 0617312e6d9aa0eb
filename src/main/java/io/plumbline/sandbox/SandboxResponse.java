package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

public record SandboxResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public SandboxResponse {
    requireNonNull(contentType, "contentType is null");
    requireNonNull(body, "body is null");
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
  }

  public static SandboxResponse json(int status, JsonNode body) {
    try {
      return new SandboxResponse(
          status, "application/json", JSON.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise response body", e);
    }
  }

  public static SandboxResponse xml(int status, String body) {
    return new SandboxResponse(status, "text/xml", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static SandboxResponse text(int status, String body) {
    return new SandboxResponse(
        status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public SandboxResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new SandboxResponse(status, contentType, body, copy);
  }

  public SandboxResponse withBody(byte[] newBody) {
    return new SandboxResponse(status, contentType, newBody, headers);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
