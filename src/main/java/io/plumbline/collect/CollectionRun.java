package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One collection: runs the reads collectors schedule, each on the lane of its scope's kind
 * (account, workspace, AWS) with bounded concurrency, retries failed reads as a whole, and accounts
 * coverage per scope x resource type. A read that still fails is recorded FAILED with its reason;
 * whatever it returned is dropped, so nothing partial passes for complete.
 */
public final class CollectionRun {

  private static final Logger LOG = Logger.getLogger(CollectionRun.class);

  /** A read: returns everything of one resource type in one scope, or throws. */
  @FunctionalInterface
  public interface Read {
    ReadResult run() throws Exception;
  }

  /**
   * @param concurrency threads per lane: reads of that scope kind in flight at once
   * @param deadline the whole collection's budget; reads not done by then are FAILED
   */
  public record Settings(
      Map<ScopeKind, Integer> concurrency, RetryPolicy retry, Duration deadline, long seed) {
    public Settings {
      concurrency = Map.copyOf(concurrency);
      requireNonNull(retry, "retry is null");
      requireNonNull(deadline, "deadline is null");
      for (ScopeKind kind : ScopeKind.values()) {
        if (concurrency.getOrDefault(kind, 0) < 1) {
          throw new IllegalArgumentException(
              "concurrency for " + kind.label() + " must be at least 1");
        }
      }
    }

    public static Settings defaults() {
      return new Settings(
          Map.of(ScopeKind.ACCOUNT, 8, ScopeKind.WORKSPACE, 16, ScopeKind.AWS, 4),
          RetryPolicy.defaults(),
          Duration.ofMinutes(30),
          System.nanoTime());
    }
  }

  /** What the collection produced. */
  public record Result(List<Resource> resources, List<Coverage> coverage, Duration duration) {
    public Result {
      resources = List.copyOf(resources);
      coverage = List.copyOf(coverage);
    }
  }

  private record Key(Scope scope, String resourceType) {}

  private static final class CoverageState {
    private FailureReason failure;
    private String note;
    private final List<String> unknownAttributes = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
  }

  private final Settings settings;
  private final CallStats stats;
  private final ScanProgress progress;
  private final Map<ScopeKind, ExecutorService> lanes = new EnumMap<>(ScopeKind.class);
  private final Map<Key, CoverageState> coverage = new LinkedHashMap<>();
  private final Map<Scope, AtomicInteger> outstandingByScope = new ConcurrentHashMap<>();
  private final Map<Long, Key> inFlight = new ConcurrentHashMap<>();
  private final Map<Key, Integer> pendingByPair = new LinkedHashMap<>();
  private final List<PairListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A pair whose reads have all ended, kept for listeners registered after it ended. */
  private record EndedPair(Key key, List<Resource> resources, Optional<FailureReason> failure) {}

  // guarded by coverage, as is every registration in listeners
  private final List<EndedPair> endedPairs = new ArrayList<>();
  private final AtomicLong readIds = new AtomicLong();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger scheduled = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger workspacesDone = new AtomicInteger();
  private final AtomicInteger workspacesTotal = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final SplittableRandom random;
  private volatile String phase = "starting";
  private volatile boolean expired;

  public CollectionRun(Settings settings, CallStats stats, ScanProgress progress) {
    this.settings = requireNonNull(settings, "settings is null");
    this.stats = requireNonNull(stats, "stats is null");
    this.progress = requireNonNull(progress, "progress is null");
    this.random = new SplittableRandom(settings.seed());
    for (ScopeKind kind : ScopeKind.values()) {
      AtomicInteger threads = new AtomicInteger();
      lanes.put(
          kind,
          Executors.newFixedThreadPool(
              settings.concurrency().get(kind),
              runnable -> {
                Thread thread =
                    new Thread(
                        runnable, "collect-" + kind.label() + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              }));
    }
  }

  public CallStats stats() {
    return stats;
  }

  /**
   * Told when every read of one resource type in one scope has ended: what they returned, or why
   * one failed. A collector whose reads depend on another's (the AWS network of the account's MWS
   * networks) schedules them from here; reads it schedules keep the run going.
   */
  @FunctionalInterface
  public interface PairListener {
    void ended(
        Scope scope,
        String resourceType,
        List<Resource> resources,
        Optional<FailureReason> failure);
  }

  /**
   * Registers a listener; it is called on the thread of the last read of each pair. A collector
   * registers it from its start, when another collector's reads may already have ended: those pairs
   * are replayed to it here, on the caller's thread, so no pair is missed or told twice.
   */
  public void onPairEnded(PairListener listener) {
    requireNonNull(listener, "listener is null");
    List<EndedPair> replay;
    synchronized (coverage) {
      listeners.add(listener);
      replay = List.copyOf(endedPairs);
    }
    for (EndedPair pair : replay) {
      listener.ended(
          pair.key().scope(), pair.key().resourceType(), pair.resources(), pair.failure());
    }
  }

  /** Names the current phase in progress reports ("account", "workspaces", "iam"). */
  public void phase(String name) {
    this.phase = name;
    report();
  }

  /** Tells progress how many workspaces will be read (once the workspace list is known). */
  public void expectWorkspaces(int count) {
    workspacesTotal.set(count);
    report();
  }

  /**
   * Schedules a read of one resource type in one scope. Several reads may share a scope and type
   * (e.g. one per group for members): the coverage of that pair is COMPLETE only when all of them
   * complete.
   */
  public void read(Scope scope, String resourceType, Read read) {
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(read, "read is null");
    Key key = new Key(scope, resourceType);
    synchronized (coverage) {
      coverage.computeIfAbsent(key, ignored -> new CoverageState());
      pendingByPair.merge(key, 1, Integer::sum);
    }
    outstanding.incrementAndGet();
    scheduled.incrementAndGet();
    outstandingByScope.computeIfAbsent(scope, ignored -> new AtomicInteger()).incrementAndGet();
    long id = readIds.incrementAndGet();
    inFlight.put(id, key);
    try {
      lanes.get(scope.kind()).execute(() -> executeGuarded(id, key, read));
    } catch (RejectedExecutionException e) {
      complete(id, key, null, Optional.of(deadlineReason(0)), null);
    }
  }

  /** Runs every collector and waits until all reads are done or the deadline passes. */
  public Result execute(List<Collector> collectors) {
    Instant start = Instant.now();
    outstanding.incrementAndGet(); // held until every collector has scheduled its first reads
    for (Collector collector : collectors) {
      LOG.debugf("starting collector %s", collector.name());
      collector.start(this);
    }
    if (outstanding.decrementAndGet() == 0) {
      finished.countDown();
    }
    try {
      if (!finished.await(settings.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
        expire("scan deadline of " + settings.deadline() + " passed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      expire("scan interrupted (the service is stopping)");
    } finally {
      lanes.values().forEach(ExecutorService::shutdownNow);
    }
    phase = "done";
    report();
    return result(Duration.between(start, Instant.now()));
  }

  private void expire(String why) {
    expired = true;
    LOG.warnf("%s with %d reads unfinished; they are recorded as FAILED", why, inFlight.size());
    lanes.values().forEach(ExecutorService::shutdownNow);
    for (ExecutorService lane : lanes.values()) {
      try {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // reads that never reacted to the interrupt
    for (Map.Entry<Long, Key> entry : Map.copyOf(inFlight).entrySet()) {
      complete(entry.getKey(), entry.getValue(), null, Optional.of(deadlineReason(0)), null);
    }
  }

  /**
   * Runs a read so that it is recorded whatever happens: a read that is never recorded would hold
   * the whole collection until the deadline.
   */
  private void executeGuarded(long id, Key key, Read read) {
    try {
      execute(id, key, read);
    } catch (Throwable e) {
      LOG.errorf(e, "read %s %s failed unexpectedly", key.scope(), key.resourceType());
      complete(
          id,
          key,
          null,
          Optional.of(
              new FailureReason(
                  OptionalInt.empty(), "INTERNAL_ERROR", oneLine(String.valueOf(e)), 1)),
          null);
      if (e instanceof VirtualMachineError error) {
        throw error;
      }
    }
  }

  private void execute(long id, Key key, Read read) {
    int attempt = 0;
    while (true) {
      attempt++;
      if (expired || Thread.currentThread().isInterrupted()) {
        complete(id, key, null, Optional.of(deadlineReason(attempt - 1)), null);
        return;
      }
      try {
        ReadResult result = read.run();
        if (result == null) {
          throw new IllegalStateException("a read of " + key.resourceType() + " returned null");
        }
        complete(id, key, result, Optional.empty(), null);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        complete(id, key, null, Optional.of(deadlineReason(attempt)), null);
        return;
      } catch (Exception e) {
        ReadException failure = classify(e);
        if (!failure.retryable() || attempt >= settings.retry().maxAttempts() || expired) {
          FailureReason reason =
              new FailureReason(
                  failure.httpStatus(),
                  failure.errorCode(),
                  oneLine(failure.getMessage()),
                  attempt);
          LOG.debugf("read %s %s failed: %s", key.scope(), key.resourceType(), reason);
          complete(id, key, null, Optional.of(reason), null);
          return;
        }
        stats.retried();
        Duration wait;
        synchronized (random) {
          wait = settings.retry().backoff(attempt, failure.retryAfter(), random);
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          complete(id, key, null, Optional.of(deadlineReason(attempt)), null);
          return;
        }
      }
    }
  }

  private static ReadException classify(Exception e) {
    if (e instanceof ReadException read) {
      return read;
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return new ReadException(
          OptionalInt.empty(),
          "IO_ERROR",
          String.valueOf(e.getMessage()),
          true,
          Optional.empty(),
          e);
    }
    LOG.errorf(e, "a collector failed unexpectedly");
    return new ReadException(
        OptionalInt.empty(),
        "INTERNAL_ERROR",
        e.getClass().getSimpleName() + ": " + e.getMessage(),
        false,
        Optional.empty(),
        e);
  }

  private static FailureReason deadlineReason(int attempts) {
    return new FailureReason(
        OptionalInt.empty(),
        "DEADLINE_EXCEEDED",
        "the scan deadline passed before this read finished",
        attempts);
  }

  private void complete(
      long id, Key key, ReadResult result, Optional<FailureReason> failure, Object unused) {
    if (inFlight.remove(id) == null) {
      return; // already recorded (deadline)
    }
    boolean pairEnded;
    List<PairListener> toTell = List.of();
    List<Resource> pairResources = List.of();
    Optional<FailureReason> pairFailure = Optional.empty();
    synchronized (coverage) {
      CoverageState state = coverage.get(key);
      if (failure.isPresent()) {
        if (state.failure == null) {
          state.failure = failure.get();
        }
        failed.incrementAndGet();
      } else {
        state.resources.addAll(result.resources());
        result.note().ifPresent(note -> state.note = note);
        state.unknownAttributes.addAll(result.unknownAttributes());
      }
      int pending = pendingByPair.merge(key, -1, Integer::sum);
      pairEnded = pending == 0;
      if (pairEnded) {
        pairResources = List.copyOf(state.resources);
        pairFailure = Optional.ofNullable(state.failure);
        endedPairs.add(new EndedPair(key, pairResources, pairFailure));
        toTell = List.copyOf(listeners);
      }
    }
    if (pairEnded) {
      // before this read counts as done, so that reads a listener schedules keep the run going
      for (PairListener listener : toTell) {
        try {
          listener.ended(key.scope(), key.resourceType(), pairResources, pairFailure);
        } catch (RuntimeException e) {
          LOG.errorf(e, "a listener of %s %s failed", key.scope(), key.resourceType());
        }
      }
    }
    done.incrementAndGet();
    AtomicInteger scopeOutstanding = outstandingByScope.get(key.scope());
    if (scopeOutstanding.decrementAndGet() == 0 && key.scope().kind() == ScopeKind.WORKSPACE) {
      workspacesDone.incrementAndGet();
    }
    report();
    if (outstanding.decrementAndGet() == 0) {
      finished.countDown();
    }
  }

  private void report() {
    progress.update(
        new ScanProgress.Snapshot(
            phase,
            workspacesDone.get(),
            workspacesTotal.get(),
            done.get(),
            scheduled.get(),
            stats.calls(),
            stats.throttledCount(),
            stats.retryCount(),
            failed.get()));
  }

  private Result result(Duration duration) {
    List<Resource> resources = new ArrayList<>();
    List<Coverage> rows = new ArrayList<>();
    Map<String, Resource> byAddress = new LinkedHashMap<>();
    synchronized (coverage) {
      for (Map.Entry<Key, CoverageState> entry : coverage.entrySet()) {
        Key key = entry.getKey();
        CoverageState state = entry.getValue();
        Coverage row =
            state.failure != null
                ? Coverage.failed(key.scope(), key.resourceType(), state.failure)
                : Coverage.complete(key.scope(), key.resourceType());
        if (state.note != null) {
          row = row.withNote(state.note);
        }
        if (!state.unknownAttributes.isEmpty()) {
          row = row.withUnknownAttributes(state.unknownAttributes);
        }
        rows.add(row);
        // a failed read still keeps what the other reads of its pair returned; coverage says
        // FAILED, so nothing downstream takes the list as complete
        for (Resource resource : state.resources) {
          byAddress.putIfAbsent(resource.address(), resource);
        }
      }
    }
    resources.addAll(byAddress.values());
    return new Result(resources, rows, duration);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String first = message.lines().findFirst().orElse("");
    return first.length() > 500 ? first.substring(0, 500) + "..." : first;
  }
}
