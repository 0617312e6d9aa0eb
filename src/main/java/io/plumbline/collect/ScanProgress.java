package io.plumbline.collect;

/** Receives progress while a scan collects; implementations must be thread-safe and cheap. */
public interface ScanProgress {

  /** A scope's reads are all scheduled or finished; called often, from many threads. */
  void update(Snapshot snapshot);

  /** Collection is over (it succeeded); what follows is evaluation. */
  default void collected() {}

  record Snapshot(
      String phase,
      int workspacesDone,
      int workspacesTotal,
      int readsDone,
      int readsScheduled,
      long apiCalls,
      long throttled,
      long retries,
      int failedReads) {}

  ScanProgress NONE = snapshot -> {};
}
