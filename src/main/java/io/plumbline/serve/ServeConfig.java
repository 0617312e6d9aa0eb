package io.plumbline.serve;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How the service keeps its files and refreshes what it shows. */
@ConfigMapping(prefix = "plumbline.serve")
public interface ServeConfig {

  /**
   * Where each scan's snapshot and reports are written ({@code DIR/scans/<scan id>/}). Replicas
   * that should all serve report downloads share this directory.
   */
  @WithDefault(".plumbline/data")
  Path dataDirectory();

  /**
   * Report formats written for each scan, by the names the report writers declare ({@code plumbline
   * scan --help} lists them), or {@code all} for every registered writer.
   */
  @WithDefault("all")
  List<String> reportFormats();

  /**
   * How often the metrics are refreshed from the store, so that every replica shows the latest scan
   * whichever replica ran it.
   */
  @WithDefault("30s")
  Duration refreshInterval();

  /** Whether to run one scan as soon as the service starts, before the first scheduled one. */
  @WithDefault("true")
  boolean scanOnStart();
}
