package io.plumbline.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.CollectionStats;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.Scope;
import io.plumbline.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Resource resource(String type, String id, String json) throws Exception {
    return new Resource(type, id, Scope.workspace(1), (ObjectNode) JSON.readTree(json));
  }

  private static List<Resource> resources() throws Exception {
    return List.of(
        resource("databricks_cluster", "c2", "{\"b\": 1, \"a\": {\"z\": true, \"y\": [3, 1]}}"),
        resource("databricks_cluster", "c1", "{\"name\": \"one\"}"),
        resource("aws_iam_role", "r", "{}"));
  }

  private static List<Coverage> coverage() {
    return List.of(
        Coverage.complete(Scope.workspace(1), "databricks_cluster"),
        Coverage.failed(
            Scope.workspace(2),
            "databricks_cluster",
            new FailureReason(OptionalInt.of(503), "TEMPORARILY_UNAVAILABLE", "later", 4)),
        Coverage.complete(Scope.aws("111122223333"), "aws_iam_role").withNote("nothing"),
        Coverage.complete(Scope.workspace(1), "databricks_workspace_conf")
            .withNote("rejected")
            .withUnknownAttributes(List.of("custom_config.b", "custom_config.a")));
  }

  @Test
  void theHashDependsOnContentNotOnOrderTimeOrStats() throws Exception {
    List<Resource> reversed = new java.util.ArrayList<>(resources());
    java.util.Collections.reverse(reversed);
    Snapshot first =
        SnapshotCodec.create(
            Instant.parse("2026-01-01T00:00:00Z"),
            coverage(),
            resources(),
            CollectionStats.empty());
    Snapshot second =
        SnapshotCodec.create(
            Instant.parse("2026-06-01T00:00:00Z"),
            reversedCoverage(),
            reversed,
            new CollectionStats(10, 1, 2, Duration.ofSeconds(3), Map.of("x 200", 10L)));

    assertThat(second.contentHash()).isEqualTo(first.contentHash()).startsWith("sha256:");
    assertThat(second.id()).isNotEqualTo(first.id());
  }

  private static List<Coverage> reversedCoverage() {
    List<Coverage> reversed = new java.util.ArrayList<>(coverage());
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  @Test
  void anyAttributeChangeChangesTheHash() throws Exception {
    List<Resource> changed = new java.util.ArrayList<>(resources());
    changed.set(1, resource("databricks_cluster", "c1", "{\"name\": \"two\"}"));

    assertThat(SnapshotCodec.contentHash(coverage(), changed))
        .isNotEqualTo(SnapshotCodec.contentHash(coverage(), resources()));
  }

  @Test
  void theJsonFormIsCanonicalWithSortedKeysAndOrderedResources() throws Exception {
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-01-01T00:00:00Z"),
            coverage(),
            resources(),
            CollectionStats.empty());
    String json =
        new String(
            SnapshotCodec.toCanonicalBytes(snapshot), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json).startsWith("{\"content_hash\":");
    assertThat(json).contains("{\"a\":{\"y\":[3,1],\"z\":true},\"b\":1}");
    assertThat(json.indexOf("aws_iam_role"))
        .isLessThan(json.indexOf("\"c1\""))
        .isLessThan(json.indexOf("\"c2\""));
  }

  @Test
  void unknownAttributesAreWrittenSortedAndOnlyWhereThereAreSome() throws Exception {
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-01-01T00:00:00Z"),
            coverage(),
            resources(),
            CollectionStats.empty());
    String json =
        new String(
            SnapshotCodec.toCanonicalBytes(snapshot), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json)
        .contains(
            "{\"note\":\"rejected\",\"resource_type\":\"databricks_workspace_conf\",\"scope\":"
                + "\"workspace:1\",\"status\":\"COMPLETE\",\"unknown_attributes\":"
                + "[\"custom_config.a\",\"custom_config.b\"]}");
    assertThat(json.split("unknown_attributes", -1)).hasSize(2);
  }

  @Test
  void aWrittenSnapshotReadsBackEqual(@TempDir Path directory) throws Exception {
    Snapshot snapshot =
        SnapshotCodec.create(
            Instant.parse("2026-01-01T00:00:00.123Z"),
            coverage(),
            resources(),
            new CollectionStats(
                5, 1, 0, Duration.ofMillis(1500), Map.of("databricks-account 200", 5L)));

    Path file = SnapshotFiles.write(directory, snapshot);
    Snapshot read = SnapshotFiles.read(file);

    assertThat(file.getFileName().toString()).isEqualTo("snapshot.json.gz");
    assertThat(read).isEqualTo(snapshot);
    assertThat(SnapshotCodec.contentHash(read.coverage(), read.resources()))
        .isEqualTo(snapshot.contentHash());
    assertThat(Files.list(directory)).containsExactly(file);
  }

  @Test
  void aBrokenSnapshotIsAUserErrorNamingFileAndField(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("snapshot.json");
    Files.writeString(
        file,
        "{\"schema_version\": 1, \"id\": \"x\", \"taken_at\": \"2026-01-01T00:00:00Z\", \"content_hash\": \"h\", \"coverage\": [{\"scope\": \"planet:1\", \"resource_type\": \"t\", \"status\": \"COMPLETE\"}]}");

    assertThatThrownBy(() -> SnapshotFiles.read(file))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("/coverage/0")
        .hasMessageContaining("planet:1");
  }

  @Test
  void aVersionOneSnapshotIsReadWithItsCompositeIdsInTodaysSyntax() throws Exception {
    Snapshot read =
        SnapshotCodec.fromJson(
            JSON.readTree(
                """
                {"schema_version": 1, "id": "snap-v1", "taken_at": "2026-01-01T00:00:00Z",
                 "content_hash": "sha256:00", "coverage": [],
                 "resources": [
                   {"type": "aws_iam_role_policy", "id": "ops:s3-read", "scope": "aws:111122223333",
                    "attributes": {"role": "ops", "name": "s3-read", "policy": {}}},
                   {"type": "aws_iam_role_policy_attachment",
                    "id": "ops/arn:aws:iam::aws:policy/ReadOnlyAccess", "scope": "aws:111122223333",
                    "attributes": {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
                   {"type": "databricks_group_member", "id": "7400|7401", "scope": "account:a",
                    "attributes": {"group_id": "7400", "member_id": "7401"}}
                 ]}
                """),
            "old.json");

    assertThat(read.schemaVersion()).as("the version it was written in").isEqualTo(1);
    assertThat(read.contentHash()).as("the hash of what the file holds").isEqualTo("sha256:00");
    assertThat(read.resources())
        .extracting(Resource::id)
        .containsExactlyInAnyOrder(
            "ops|s3-read", "ops|arn:aws:iam::aws:policy/ReadOnlyAccess", "7400|7401");
  }

  @Test
  void aVersionFromTheFutureIsRefused() {
    assertThatThrownBy(
            () ->
                SnapshotCodec.fromJson(
                    JSON.readTree(
                        "{\"schema_version\": 3, \"id\": \"x\", \"taken_at\": \"2026-01-01T00:00:00Z\", \"content_hash\": \"h\"}"),
                    "new.json"))
        .hasMessage("new.json: schema_version 3 is not supported (expected 1 to 2)");
  }
}
