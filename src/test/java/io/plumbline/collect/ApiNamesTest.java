package io.plumbline.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.collect.aws.AwsEstateCollector;
import io.plumbline.collect.aws.IamCollector;
import io.plumbline.collect.databricks.DatabricksCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code api} label: bounded, and no declared call falls into {@code other}. */
class ApiNamesTest {

  @Test
  void everyDeclaredCallHasANameOfItsOwn() {
    List<String> calls = new ArrayList<>();
    DatabricksCollector.declaredResourceTypes().forEach(spec -> calls.addAll(spec.apiCalls()));
    IamCollector.declaredResourceTypes().forEach(spec -> calls.addAll(spec.apiCalls()));
    AwsEstateCollector.declaredResourceTypes().forEach(spec -> calls.addAll(spec.apiCalls()));

    assertThat(calls).isNotEmpty();
    for (String call : calls) {
      assertThat(name(call)).as(call).doesNotEndWith(".other");
    }
  }

  @Test
  void accountAndWorkspaceEndpointsDropVersionsAccountIdsAndPathParameters() {
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/workspaces"))
        .isEqualTo("account.workspaces");
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/workspaces/101"))
        .isEqualTo("account.workspaces");
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/workspaces/101/metastore"))
        .isEqualTo("account.workspaces.metastore");
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/scim/v2/Groups/7400"))
        .isEqualTo("account.scim.groups");
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/storage-configurations"))
        .isEqualTo("account.storage_configurations");
    assertThat(ApiNames.databricks("/api/2.0/preview/scim/v2/ServicePrincipals"))
        .isEqualTo("workspace.scim.service_principals");
    assertThat(ApiNames.databricks("/api/2.0/permissions/cluster-policies/ABC"))
        .isEqualTo("workspace.permissions");
    assertThat(ApiNames.databricks("/api/2.1/unity-catalog/external-locations"))
        .isEqualTo("workspace.unity_catalog.external_locations");
  }

  @Test
  void unknownRequestsFallIntoOtherSoTheLabelStaysBounded() {
    assertThat(ApiNames.databricks("/api/2.0/accounts/c0ffee/a/b/c/d")).isEqualTo("account.other");
    assertThat(ApiNames.databricks("/api/2.0/pipelines")).isEqualTo("workspace.other");
    assertThat(ApiNames.databricks("/oidc/v1/token")).isEqualTo("workspace.other");
    assertThat(ApiNames.databricks("/.well-known/databricks-config"))
        .isEqualTo("databricks.config_discovery");
    assertThat(ApiNames.aws(null, "ListRoles")).isEqualTo("aws.other");
  }

  @Test
  void awsOperationsAreServiceAndOperationInSnakeCase() {
    assertThat(ApiNames.aws("IAM", "GetAccountAuthorizationDetails"))
        .isEqualTo("aws.iam.get_account_authorization_details");
    assertThat(ApiNames.aws("STS", "AssumeRole")).isEqualTo("aws.sts.assume_role");
  }

  private static String name(String call) {
    if (!call.contains(" ")) {
      return ApiNames.awsAction(call);
    }
    String path = call.substring(call.indexOf(' ') + 1).replace("{", "").replace("}", "");
    return ApiNames.databricks(path);
  }
}
