package io.plumbline.audit;

import static java.util.Objects.requireNonNull;

import io.plumbline.drift.DriftJson;
import io.plumbline.drift.DriftText;
import io.plumbline.model.Drift;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Drift as {@code plumbline diff} and the API's drift endpoints print it: JSON (docs/drift.md) or
 * text grouped by cause.
 */
public record DriftView(Drift drift) {

  public DriftView {
    requireNonNull(drift, "drift is null");
  }

  /** Writes the JSON form to {@code out}, which is left open. */
  public void writeJson(OutputStream out) {
    DriftJson.write(drift, out);
  }

  public String json() {
    return DriftJson.toJson(drift);
  }

  public void writeText(Writer out) {
    DriftText.write(drift, out);
  }
}
