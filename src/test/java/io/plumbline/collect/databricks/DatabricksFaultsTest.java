package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.Coverage;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Injected faults: a read that failed is recorded FAILED with its reason and never passes for an
 * empty or partial list; faults that retries can overcome leave the collection complete.
 */
@TestInstance(Lifecycle.PER_CLASS)
class DatabricksFaultsTest {

  private SandboxHarness sandbox;
  private Scope account;

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxHarness.startDefault();
    account = Scope.account(sandbox.accountId());
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  @Test
  void aWorkspaceThatForbidsEveryCallFailsItsOwnReadsOnly() {
    long prod = sandbox.workspaceId("prod");
    sandbox.faults(
        "{\"faults\":[{\"match\":\"/api/**\",\"workspace\":" + prod + ",\"status\":403}]}");

    Collection collection = sandbox.collect();

    Scope prodScope = Scope.workspace(prod);
    for (String type :
        ResourceCatalogue.readIn(ScopeKind.WORKSPACE).stream().map(ResourceType::name).toList()) {
      Coverage row = collection.coverage(prodScope, type);
      assertThat(row.isComplete()).as(type).isFalse();
      FailureReason reason = row.reason().orElseThrow();
      assertThat(reason.httpStatus()).as(type).hasValue(403);
      assertThat(reason.attempts()).as("a 403 is not retried: " + type).isEqualTo(1);
    }
    assertThat(collection.result().coverage())
        .filteredOn(row -> !row.scope().equals(prodScope))
        .isNotEmpty()
        .allSatisfy(row -> assertThat(row.isComplete()).as(row.toString()).isTrue());
    assertThat(collection.result().resources())
        .filteredOn(resource -> resource.scope().equals(prodScope))
        .isEmpty();
    assertThat(collection.resource(account, "databricks_mws_workspaces", Long.toString(prod)))
        .as("the workspace itself is listed by the account")
        .isPresent();
  }

  @Test
  void aTruncatedClustersPageFailsTheClusterReadsInsteadOfReportingNoClusters() {
    sandbox.faults("{\"faults\":[{\"match\":\"/api/2.1/clusters/list\",\"body\":\"truncated\"}]}");

    Collection collection = sandbox.collect();

    assertThat(collection.resources("databricks_cluster")).isEmpty();
    for (Coverage row : collection.result().coverage()) {
      if (row.resourceType().equals("databricks_cluster")
          || row.resourceType().equals("databricks_permissions")) {
        // the object permissions read grants on the clusters the list gives: it fails with it
        FailureReason reason = row.reason().orElseThrow();
        assertThat(reason.errorCode()).isEqualTo("MALFORMED_RESPONSE");
        assertThat(reason.attempts()).as("retried as a whole").isEqualTo(4);
      } else {
        assertThat(row.isComplete()).as(row.toString()).isTrue();
      }
    }
    assertThat(collection.result().coverage())
        .filteredOn(row -> row.resourceType().equals("databricks_cluster"))
        .hasSize(sandbox.document().path("workspaces").size());
  }

  @Test
  void aGroupThatCannotBeFetchedFailsTheAccountMembershipsAndGroups() {
    String engineering = sandbox.document().path("groups").path("engineering").path("id").asText();
    sandbox.faults(
        "{\"faults\":[{\"match\":\"/api/2.0/accounts/*/scim/v2/Groups/"
            + engineering
            + "\",\"status\":500,\"probability\":1}]}");

    Collection collection = sandbox.collect();

    Coverage memberships = collection.coverage(account, "databricks_group_member");
    assertThat(memberships.isComplete()).isFalse();
    assertThat(memberships.reason().orElseThrow().httpStatus()).hasValue(500);
    assertThat(memberships.reason().orElseThrow().attempts()).isEqualTo(4);
    assertThat(collection.coverage(account, "databricks_group").isComplete())
        .as("effective members depend on every group's members")
        .isFalse();
    assertThat(collection.resources(account, "databricks_group_member"))
        .noneMatch(member -> member.attribute("/group_id").asText().equals(engineering));
    assertThat(collection.result().coverage())
        .filteredOn(
            row ->
                !(row.scope().equals(account)
                    && (row.resourceType().equals("databricks_group_member")
                        || row.resourceType().equals("databricks_group"))))
        .allSatisfy(row -> assertThat(row.isComplete()).as(row.toString()).isTrue());
  }

  @Test
  void intermittentUnavailabilityIsRetriedToACompleteCollection() {
    sandbox.faults(
        "{\"faults\":[{\"match\":\"/api/**\",\"status\":503,\"probability\":0.3,\"retry_after\":0}]}");

    Collection collection = sandbox.collect();

    assertThat(collection.result().coverage())
        .allSatisfy(row -> assertThat(row.isComplete()).as(row.toString()).isTrue());
    Map<String, Integer> collected = new TreeMap<>();
    for (Coverage row : collection.result().coverage()) {
      collected.put(ExpectedCounts.key(row.scope(), row.resourceType()), 0);
    }
    for (Resource resource : collection.result().resources()) {
      collected.merge(ExpectedCounts.key(resource.scope(), resource.type()), 1, Integer::sum);
    }
    assertThat(collected).isEqualTo(ExpectedCounts.of(sandbox.document()));
    long unavailable =
        collection.stats().callsByApiAndStatus().entrySet().stream()
            .filter(entry -> entry.getKey().endsWith(" 503"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(unavailable).as("503s seen and retried").isPositive();
    assertThat(collection.stats().calls()).isEqualTo(sandbox.requestTotal());
  }

  @Test
  void failureMessagesNameTheCallAndNeverTheToken() {
    String token = sandbox.document().path("account").path("token").asText();
    sandbox.faults("{\"faults\":[{\"match\":\"/api/2.0/**\",\"status\":403}]}");

    Collection collection = sandbox.collect();

    assertThat(collection.result().coverage())
        .filteredOn(row -> !row.isComplete())
        .isNotEmpty()
        .allSatisfy(
            row -> {
              String message = row.reason().orElseThrow().message();
              assertThat(message).doesNotContain(token).startsWith("GET /api/");
            });
    assertThat(collection.result().coverage())
        .filteredOn(row -> row.scope().kind() == ScopeKind.ACCOUNT)
        .allSatisfy(row -> assertThat(row.isComplete()).isFalse());
  }
}
