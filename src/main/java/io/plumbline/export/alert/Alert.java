package io.plumbline.export.alert;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One finding as a sink receives it. The firing form is kept in the {@link NotificationLog} and
 * sent again unchanged, save for its status and times, so that a receiver that identifies alerts by
 * their labels (Alertmanager) sees the same alert on every re-post and on its resolve.
 *
 * @param transition why this notification is sent: NEW or REOPENED for a first notification,
 *     PERSISTING for a reminder, UNKNOWN for an Alertmanager keep-alive while the finding cannot be
 *     read, RESOLVED for a resolve
 * @param summary the finding's message
 * @param cause the group key: the drift cause, or the rule and what changed
 * @param startsAt when the finding was first notified as failing (the scan time)
 * @param endsAt for a firing alert, when Alertmanager may consider it gone unless re-posted; for a
 *     resolved one, when it was resolved
 */
public record Alert(
    String fingerprint,
    AlertStatus status,
    Transition transition,
    String ruleId,
    Severity severity,
    Scope scope,
    String resourceType,
    String resourceId,
    String summary,
    Optional<String> whatChanged,
    String cause,
    Optional<URI> runbookUrl,
    Optional<URI> generatorUrl,
    Instant startsAt,
    Instant endsAt) {

  /** The value of the {@code alertname} label, by which Alertmanager routes and groups. */
  public static final String ALERT_NAME = "PlumblineFinding";

  public Alert {
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(status, "status is null");
    requireNonNull(transition, "transition is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(summary, "summary is null");
    requireNonNull(whatChanged, "whatChanged is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(runbookUrl, "runbookUrl is null");
    requireNonNull(generatorUrl, "generatorUrl is null");
    requireNonNull(startsAt, "startsAt is null");
    requireNonNull(endsAt, "endsAt is null");
    if (status == AlertStatus.RESOLVED && transition != Transition.RESOLVED) {
      throw new IllegalArgumentException(
          "a resolved alert has the transition RESOLVED, got " + transition);
    }
  }

  /** The same alert, firing again until {@code newEndsAt}. */
  public Alert refreshed(Transition newTransition, Instant newEndsAt) {
    if (newTransition == Transition.RESOLVED) {
      throw new IllegalArgumentException("a refreshed alert is firing; use resolvedAt");
    }
    return new Alert(
        fingerprint,
        AlertStatus.FIRING,
        newTransition,
        ruleId,
        severity,
        scope,
        resourceType,
        resourceId,
        summary,
        whatChanged,
        cause,
        runbookUrl,
        generatorUrl,
        startsAt,
        newEndsAt);
  }

  /** The same alert, resolved at {@code resolvedAt}. */
  public Alert resolvedAt(Instant resolvedAt) {
    return new Alert(
        fingerprint,
        AlertStatus.RESOLVED,
        Transition.RESOLVED,
        ruleId,
        severity,
        scope,
        resourceType,
        resourceId,
        summary,
        whatChanged,
        cause,
        runbookUrl,
        generatorUrl,
        startsAt,
        resolvedAt);
  }

  /** The workspace id, when the finding is on a workspace-level resource. */
  public Optional<String> workspace() {
    return scope.kind() == ScopeKind.WORKSPACE ? Optional.of(scope.id()) : Optional.empty();
  }

  /**
   * "type scope id" of the resource, as in {@link io.plumbline.model.Finding#resourceAddress()}.
   */
  public String resourceAddress() {
    return resourceType + " " + scope + " " + resourceId;
  }

  /**
   * The labels that identify the alert. Every value comes from the finding's identity or the cause
   * it was first notified with, so the set is the same for the alert's whole life.
   */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("rule", ruleId);
    labels.put("severity", severity.label());
    labels.put("scope", scope.toString());
    workspace().ifPresent(id -> labels.put("workspace", id));
    labels.put("resource_type", resourceType);
    labels.put("fingerprint", fingerprint);
    labels.put("cause", cause);
    return Collections.unmodifiableMap(labels);
  }

  /** What a person reads: the finding, the resource, what changed and where the runbook is. */
  public Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", summary);
    annotations.put("resource", resourceAddress());
    whatChanged.ifPresent(text -> annotations.put("what_changed", text));
    runbookUrl.ifPresent(url -> annotations.put("runbook_url", url.toString()));
    return Collections.unmodifiableMap(annotations);
  }
}
