package io.plumbline.api;

/** The JSON bodies only the REST API writes; the views it shares with the CLI are audit.Views. */
public final class ApiDtos {

  private ApiDtos() {}

  public record ScanRequested(String requestId, String status, String requestedBy) {}

  public record Error(int status, String error, String message) {}
}
