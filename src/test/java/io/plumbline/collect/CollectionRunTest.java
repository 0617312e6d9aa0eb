package io.plumbline.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.model.Coverage;
import io.plumbline.model.CoverageStatus;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CollectionRunTest {

  private static final Scope ACCOUNT = Scope.account("acct");
  private static final Scope WORKSPACE = Scope.workspace(7);

  private static CollectionRun.Settings settings(int attempts, Duration deadline) {
    return new CollectionRun.Settings(
        Map.of(ScopeKind.ACCOUNT, 2, ScopeKind.WORKSPACE, 2, ScopeKind.AWS, 1),
        new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5)),
        deadline,
        42);
  }

  private static Resource resource(String type, Scope scope, String id) {
    return new Resource(type, id, scope, JsonNodeFactory.instance.objectNode().put("name", id));
  }

  private static ReadException serverError(int status) {
    return new ReadException(
        OptionalInt.of(status), "INTERNAL_ERROR", "boom " + status, true, Optional.empty(), null);
  }

  private static CollectionRun.Result run(CollectionRun.Settings settings, Collector collector) {
    return new CollectionRun(settings, new CallStats(), ScanProgress.NONE)
        .execute(List.of(collector));
  }

  private static Collector collector(java.util.function.Consumer<CollectionRun> start) {
    return new Collector() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public List<ResourceTypeSpec> resourceTypes() {
        return List.of();
      }

      @Override
      public void start(CollectionRun run) {
        start.accept(run);
      }
    };
  }

  @Test
  void aCompleteReadRecordsItsResourcesAndCompleteCoverage() {
    CollectionRun.Result result =
        run(
            settings(3, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(
                        ACCOUNT,
                        "thing",
                        () -> ReadResult.of(List.of(resource("thing", ACCOUNT, "a"))))));

    assertThat(result.resources()).extracting(Resource::id).containsExactly("a");
    assertThat(result.coverage()).containsExactly(Coverage.complete(ACCOUNT, "thing"));
  }

  @Test
  void aRetryableFailureIsRetriedUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    CallStats stats = new CallStats();
    CollectionRun run =
        new CollectionRun(settings(4, Duration.ofSeconds(10)), stats, ScanProgress.NONE);

    CollectionRun.Result result =
        run.execute(
            List.of(
                collector(
                    r ->
                        r.read(
                            WORKSPACE,
                            "thing",
                            () -> {
                              if (attempts.incrementAndGet() < 3) {
                                throw serverError(503);
                              }
                              return ReadResult.of(List.of(resource("thing", WORKSPACE, "b")));
                            }))));

    assertThat(attempts).hasValue(3);
    assertThat(stats.retryCount()).isEqualTo(2);
    assertThat(result.coverage().get(0).status()).isEqualTo(CoverageStatus.COMPLETE);
    assertThat(result.resources()).hasSize(1);
  }

  @Test
  void aReadThatKeepsFailingIsFailedWithItsLastReasonAndAttempts() {
    CollectionRun.Result result =
        run(
            settings(3, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(
                        ACCOUNT,
                        "thing",
                        () -> {
                          throw serverError(500);
                        })));

    Coverage coverage = result.coverage().get(0);
    assertThat(coverage.status()).isEqualTo(CoverageStatus.FAILED);
    assertThat(coverage.reason())
        .get()
        .satisfies(
            reason -> {
              assertThat(reason.httpStatus()).hasValue(500);
              assertThat(reason.attempts()).isEqualTo(3);
              assertThat(reason.message()).isEqualTo("boom 500");
            });
    assertThat(result.resources()).isEmpty();
  }

  @Test
  void aForbiddenReadIsNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    CollectionRun.Result result =
        run(
            settings(4, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(
                        WORKSPACE,
                        "thing",
                        () -> {
                          attempts.incrementAndGet();
                          throw new ReadException(
                              OptionalInt.of(403),
                              "PERMISSION_DENIED",
                              "no",
                              false,
                              Optional.empty(),
                              null);
                        })));

    assertThat(attempts).hasValue(1);
    assertThat(result.coverage().get(0).reason())
        .get()
        .extracting(reason -> reason.errorCode())
        .isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void onePairIsFailedWhenAnyOfItsReadsFailsWhileTheOthersKeepTheirResources() {
    CollectionRun.Result result =
        run(
            settings(2, Duration.ofSeconds(10)),
            collector(
                run -> {
                  run.read(
                      ACCOUNT,
                      "member",
                      () -> ReadResult.of(List.of(resource("member", ACCOUNT, "g1|u1"))));
                  run.read(
                      ACCOUNT,
                      "member",
                      () -> {
                        throw serverError(500);
                      });
                  run.read(ACCOUNT, "group", () -> ReadResult.of(List.of()));
                }));

    assertThat(result.coverage())
        .filteredOn(coverage -> coverage.resourceType().equals("member"))
        .singleElement()
        .extracting(Coverage::status)
        .isEqualTo(CoverageStatus.FAILED);
    assertThat(result.coverage())
        .filteredOn(coverage -> coverage.resourceType().equals("group"))
        .singleElement()
        .extracting(Coverage::status)
        .isEqualTo(CoverageStatus.COMPLETE);
  }

  @Test
  void readsScheduledByReadsAreWaitedFor() {
    CollectionRun.Result result =
        run(
            settings(1, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(
                        ACCOUNT,
                        "workspace",
                        () -> {
                          for (int id = 1; id <= 5; id++) {
                            Scope scope = Scope.workspace(id);
                            run.read(
                                scope,
                                "cluster",
                                () -> {
                                  Thread.sleep(5);
                                  return ReadResult.of(List.of(resource("cluster", scope, "c")));
                                });
                          }
                          return ReadResult.of(List.of());
                        })));

    assertThat(result.resources()).hasSize(5);
    assertThat(result.coverage()).hasSize(6).allMatch(Coverage::isComplete);
  }

  @Test
  void aNoteExplainsACompleteEmptyRead() {
    CollectionRun.Result result =
        run(
            settings(1, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(WORKSPACE, "catalog", () -> ReadResult.emptyBecause("no metastore"))));

    assertThat(result.coverage().get(0).note()).hasValue("no metastore");
    assertThat(result.coverage().get(0).isComplete()).isTrue();
  }

  @Test
  void readsUnfinishedAtTheDeadlineAreFailedNotDropped() {
    CollectionRun.Result result =
        run(
            settings(1, Duration.ofMillis(300)),
            collector(
                run -> {
                  run.read(ACCOUNT, "fast", () -> ReadResult.of(List.of()));
                  run.read(
                      ACCOUNT,
                      "slow",
                      () -> {
                        Thread.sleep(60_000);
                        return ReadResult.of(List.of());
                      });
                }));

    assertThat(result.coverage())
        .filteredOn(coverage -> coverage.resourceType().equals("slow"))
        .singleElement()
        .satisfies(
            coverage -> {
              assertThat(coverage.status()).isEqualTo(CoverageStatus.FAILED);
              assertThat(coverage.reason().orElseThrow().errorCode())
                  .isEqualTo("DEADLINE_EXCEEDED");
            });
    assertThat(result.coverage())
        .filteredOn(coverage -> coverage.resourceType().equals("fast"))
        .singleElement()
        .extracting(Coverage::status)
        .isEqualTo(CoverageStatus.COMPLETE);
  }

  @Test
  void anUnexpectedExceptionFailsTheReadWithoutRetrying() {
    AtomicInteger attempts = new AtomicInteger();
    CollectionRun.Result result =
        run(
            settings(4, Duration.ofSeconds(10)),
            collector(
                run ->
                    run.read(
                        ACCOUNT,
                        "thing",
                        () -> {
                          attempts.incrementAndGet();
                          throw new IllegalStateException("bug");
                        })));

    assertThat(attempts).hasValue(1);
    assertThat(result.coverage().get(0).reason().orElseThrow().errorCode())
        .isEqualTo("INTERNAL_ERROR");
  }
}
