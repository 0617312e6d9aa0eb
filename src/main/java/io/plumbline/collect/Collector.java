package io.plumbline.collect;

import java.util.List;

/**
 * Reads one part of an estate. {@link #start} schedules reads on the run (which may schedule more
 * reads as they discover things, e.g. one read per workspace once workspaces are listed) and
 * returns at once; the run waits for all of them.
 */
public interface Collector extends AutoCloseable {

  /** A short name for logs and progress, e.g. {@code databricks-account}. */
  String name();

  /** Every resource type this collector may read, with its API calls and permissions. */
  List<ResourceTypeSpec> resourceTypes();

  void start(CollectionRun run);

  /** Releases what the collector holds (connections) once its run has ended. */
  @Override
  default void close() {}
}
