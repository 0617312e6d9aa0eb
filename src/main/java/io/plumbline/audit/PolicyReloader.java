package io.plumbline.audit;

import static java.util.Objects.requireNonNull;

import io.plumbline.error.PlumblineException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the rule pack and policies a long-running service judges with, and reloads them on demand.
 * A reload that fails (a rule that does not compile, a bad waiver file) changes nothing: the
 * service keeps judging with its last good rule base and the failure is reported, with the file and
 * line, until someone fixes it.
 */
public final class PolicyReloader {

  private static final Logger LOG = Logger.getLogger(PolicyReloader.class);

  /** What the last reload did. */
  public record ReloadResult(boolean loaded, Instant at, Optional<String> error) {
    public ReloadResult {
      requireNonNull(at, "at is null");
      requireNonNull(error, "error is null");
    }
  }

  private final EvaluationService service;
  private final EvaluationService.Options options;
  private final Clock clock;
  private final AtomicReference<EvaluationService.Prepared> current;
  private volatile ReloadResult lastReload;

  /** Loads the rule base once; a failure here is the caller's (nothing good to keep yet). */
  public PolicyReloader(EvaluationService service, EvaluationService.Options options, Clock clock) {
    this.service = requireNonNull(service, "service is null");
    this.options = requireNonNull(options, "options is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.current = new AtomicReference<>(service.prepare(options));
    this.lastReload = new ReloadResult(true, clock.instant(), Optional.empty());
  }

  /** The rule base to judge with now: the last one that loaded. */
  public EvaluationService.Prepared current() {
    return current.get();
  }

  public ReloadResult lastReload() {
    return lastReload;
  }

  public synchronized ReloadResult reload() {
    try {
      EvaluationService.Prepared prepared = service.prepare(options);
      current.set(prepared);
      lastReload = new ReloadResult(true, clock.instant(), Optional.empty());
      LOG.infof("reloaded %d rules from %s", prepared.engine().rules().size(), prepared.rulePack());
    } catch (PlumblineException e) {
      lastReload = new ReloadResult(false, clock.instant(), Optional.of(e.getMessage()));
      LOG.errorf(
          "rule base not reloaded, still judging with the previous one (%d rules): %s",
          current.get().engine().rules().size(), e.getMessage());
    }
    return lastReload;
  }
}
