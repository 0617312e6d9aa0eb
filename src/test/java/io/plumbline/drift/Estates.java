package io.plumbline.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Hand-built snapshots for the drift tests: a builder of coverage rows and resources. */
final class Estates {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Scope ACCOUNT = Scope.account("c0ffee00-da7a-4b1e-8e57-000000000001");
  static final Scope AWS = Scope.aws("111122223333");
  static final String WORKSPACES = "databricks_mws_workspaces";
  static final String CONF = "databricks_workspace_conf";
  static final String TOKEN = "databricks_token";
  static final String GROUP = "databricks_group";
  static final String ROLE = "aws_iam_role";
  static final String CLUSTER_POLICY = "databricks_cluster_policy";

  private final String id;
  private final List<Coverage> coverage = new ArrayList<>();
  private final List<Resource> resources = new ArrayList<>();

  private Estates(String id) {
    this.id = id;
  }

  static Estates snapshot(String id) {
    return new Estates(id);
  }

  static Scope workspace(long id) {
    return Scope.workspace(id);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FailureReason unavailable() {
    return new FailureReason(OptionalInt.of(503), "TEMPORARILY_UNAVAILABLE", "try again later", 4);
  }

  Estates complete(Scope scope, String... types) {
    for (String type : types) {
      coverage.add(Coverage.complete(scope, type));
    }
    return this;
  }

  /** A complete read that could not get some attributes (dotted paths). */
  Estates completeWithout(Scope scope, String type, String... unknownAttributes) {
    coverage.add(
        Coverage.complete(scope, type)
            .withNote("the API would not give them")
            .withUnknownAttributes(List.of(unknownAttributes)));
    return this;
  }

  Estates failed(Scope scope, String type, FailureReason reason) {
    coverage.add(Coverage.failed(scope, type, reason));
    return this;
  }

  Estates resource(String type, Scope scope, String id, String attributes) {
    resources.add(new Resource(type, id, scope, json(attributes)));
    return this;
  }

  /** The account's workspace list entry for a workspace, RUNNING unless {@code status} says. */
  Estates listsWorkspace(long workspaceId, String status) {
    return resource(
        WORKSPACES,
        ACCOUNT,
        Long.toString(workspaceId),
        "{\"workspace_id\": " + workspaceId + ", \"workspace_status\": \"" + status + "\"}");
  }

  Estates conf(Scope workspace, String key, String value) {
    return resource(
        CONF, workspace, "_", "{\"custom_config\": {\"" + key + "\": \"" + value + "\"}}");
  }

  Snapshot build() {
    return new Snapshot(
        Snapshot.SCHEMA_VERSION,
        id,
        Instant.parse("2026-11-21T10:00:00Z"),
        "sha256:" + id,
        coverage,
        resources,
        CollectionStats.empty());
  }
}
