package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.databricks.SandboxHarness.Collection;
import io.plumbline.model.Scope;
import io.plumbline.sandbox.EstateLoader;
import org.junit.jupiter.api.Test;

/**
 * Lists read raw (those with enum-valued fields) follow {@code next_page_token} to the last page,
 * as the SDK's paginator would: clusters at 100 a page, Unity Catalog lists at the server's page
 * size, log delivery configurations at 50.
 */
class RawListPagingTest {

  @Test
  void listsReadRawAreReadToTheirLastPage() {
    ObjectNode document = (ObjectNode) EstateLoader.loadDefault().document().deepCopy();
    ObjectNode clusters = (ObjectNode) document.at("/workspaces/dev/clusters");
    for (int index = 0; index < 130; index++) {
      clusters
          .putObject(String.format("paged-%03d", index))
          .put("cluster_id", String.format("1121-000000-paged%03d", index))
          .put("cluster_source", "JOB")
          .put("state", "TERMINATED");
    }
    ObjectNode catalogs = (ObjectNode) document.at("/workspaces/prod/catalogs");
    for (int index = 0; index < 60; index++) {
      catalogs
          .putObject(String.format("paged_%02d", index))
          .put("owner", "platform-admins")
          .put("isolation_mode", "ISOLATED")
          .put("storage_root", "s3://example-prod-catalog/paged")
          .put("catalog_type", "MANAGED_CATALOG");
    }
    ObjectNode deliveries = (ObjectNode) document.at("/log_delivery");
    JsonNode audit = document.at("/log_delivery/audit-logs");
    for (int index = 0; index < 55; index++) {
      deliveries
          .putObject(String.format("paged-%02d", index))
          .put("config_id", String.format("00000000-0000-4000-8000-0000000000%02d", index))
          .put("log_type", "BILLABLE_USAGE")
          .put("output_format", "CSV")
          .put("credentials_id", audit.path("credentials_id").asText())
          .put("storage_configuration_id", audit.path("storage_configuration_id").asText())
          .put("status", "DISABLED");
    }

    try (SandboxHarness sandbox =
        SandboxHarness.start(EstateLoader.fromDocument(document, "paged"))) {
      Collection collection = sandbox.collect();
      Scope dev = Scope.workspace(sandbox.workspaceId("dev"));
      Scope prod = Scope.workspace(sandbox.workspaceId("prod"));
      Scope account = Scope.account(sandbox.accountId());

      assertThat(collection.result().coverage()).filteredOn(row -> !row.isComplete()).isEmpty();
      assertThat(collection.resources(dev, "databricks_cluster"))
          .hasSize(sandbox.document().at("/workspaces/dev/clusters").size());
      assertThat(collection.resources(prod, "databricks_catalog"))
          .hasSize(sandbox.document().at("/workspaces/prod/catalogs").size());
      assertThat(collection.resources(account, "databricks_mws_log_delivery"))
          .hasSize(sandbox.document().at("/log_delivery").size());
      // listed twice per workspace: for the clusters, and for the clusters whose ACLs are read
      assertThat(sandbox.requestCount("GET /api/2.1/clusters/list", 200))
          .as("dev's two pages and one page in each other workspace, twice")
          .isEqualTo(2 * (sandbox.document().path("workspaces").size() + 1));
      assertThat(sandbox.requestCount("GET /api/2.0/accounts/{account_id}/log-delivery", 200))
          .isEqualTo(2);
    }
  }
}
