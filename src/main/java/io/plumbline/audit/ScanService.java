package io.plumbline.audit;

import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.CollectPlan;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.Collector;
import io.plumbline.collect.DatabricksTarget;
import io.plumbline.collect.ScanProgress;
import io.plumbline.collect.aws.AwsEstateCollector;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Snapshot;
import io.plumbline.snapshot.SnapshotCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** The collect step of a scan: runs every collector of a plan and builds the snapshot. */
public final class ScanService {

  private static final Logger LOG = Logger.getLogger(ScanService.class);

  public Snapshot collect(CollectPlan plan, ScanProgress progress) {
    CallStats stats = new CallStats();
    CollectionRun run = new CollectionRun(plan.settings(), stats, progress);
    Map<String, Double> rates = new HashMap<>(DatabricksCollector.publishedRateLimits());
    rates.putAll(plan.rateLimitOverrides());
    ClientRateLimiter limiter = new ClientRateLimiter(rates);
    List<Collector> collectors = new ArrayList<>();
    for (DatabricksTarget target : plan.databricks()) {
      collectors.add(new DatabricksCollector(target, limiter, plan.callTimeout()));
    }
    plan.aws()
        .ifPresent(
            aws -> {
              collectors.add(new IamCollector(aws, plan.callTimeout()));
              collectors.add(new AwsEstateCollector(aws, plan.callTimeout()));
            });
    Instant takenAt = Instant.now();
    CollectionRun.Result result;
    try {
      result = run.execute(collectors);
    } finally {
      collectors.forEach(Collector::close);
    }
    CollectionStats collectionStats =
        new CollectionStats(
            stats.calls(),
            stats.retryCount(),
            stats.throttledCount(),
            result.duration(),
            stats.callsByApiAndStatus());
    Snapshot snapshot =
        SnapshotCodec.create(takenAt, result.coverage(), result.resources(), collectionStats);
    LOG.infof(
        "collected %d resources in %d ms: %d API calls, %d retries, %d throttled, %d of %d reads failed",
        snapshot.resources().size(),
        result.duration().toMillis(),
        stats.calls(),
        stats.retryCount(),
        stats.throttledCount(),
        snapshot.failedCoverage().size(),
        snapshot.coverage().size());
    return snapshot;
  }
}
