package io.plumbline.serve;

import io.plumbline.store.ScanSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * /q/health on the management port. Ready: the service runs, its store answers and a rule base is
 * loaded; the details carry the latest scan. Live: the service has not stopped under its process.
 */
public final class ServiceHealth {

  private ServiceHealth() {}

  @Readiness
  @ApplicationScoped
  public static final class Ready implements HealthCheck {

    private final PlumblineService service;

    @Inject
    public Ready(PlumblineService service) {
      this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder response = HealthCheckResponse.named("plumbline");
      if (!service.isRunning()) {
        return response.down().withData("service", "not running").build();
      }
      try {
        Optional<ScanSummary> latest = service.store().latest();
        response.withData("store", "reachable");
        latest.ifPresent(
            scan ->
                response
                    .withData("last_scan", scan.scanId())
                    .withData("last_scan_status", scan.status().name().toLowerCase())
                    .withData("last_scan_finished_at", scan.finishedAt().toString()));
      } catch (RuntimeException e) {
        return response.down().withData("store", "unreachable: " + e.getMessage()).build();
      }
      int rules = service.rules().size();
      response.withData("rules", rules);
      service
          .lastRuleReload()
          .error()
          .ifPresent(error -> response.withData("rule_reload_error", error));
      service
          .lastRun()
          .ifPresent(
              run -> {
                response.withData("last_run_result", run.result());
                run.error().ifPresent(error -> response.withData("last_run_error", error));
              });
      service
          .nextScheduledScan()
          .ifPresent(next -> response.withData("next_scan", next.toString()));
      return (rules > 0 ? response.up() : response.down()).build();
    }
  }

  @Liveness
  @ApplicationScoped
  public static final class Live implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.up("plumbline");
    }
  }
}
