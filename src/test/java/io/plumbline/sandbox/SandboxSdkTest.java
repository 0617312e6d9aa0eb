package io.plumbline.sandbox;

import static io.plumbline.sandbox.EstateExpectations.assertField;
import static io.plumbline.sandbox.EstateExpectations.assertValue;
import static io.plumbline.sandbox.EstateExpectations.items;
import static io.plumbline.sandbox.EstateExpectations.list;
import static io.plumbline.sandbox.EstateExpectations.orDefault;
import static io.plumbline.sandbox.EstateExpectations.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterPolicyAccessControlResponse;
import com.databricks.sdk.service.compute.ClusterPolicyPermission;
import com.databricks.sdk.service.compute.ClusterPolicyPermissions;
import com.databricks.sdk.service.compute.InstanceProfile;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.ListGroupsRequest;
import com.databricks.sdk.service.iam.ListServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import com.databricks.sdk.service.provisioning.VpcEndpoint;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import com.databricks.sdk.service.settings.TokenInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource of the default estate read back through the real databricks-sdk-java clients,
 * compared with the estate document. Nothing here changes the sandbox's state.
 */
@TestInstance(Lifecycle.PER_CLASS)
class SandboxSdkTest {

  private SandboxClients sandbox;
  private AccountClient account;
  private EstateExpectations estate;
  private JsonNode document;

  @BeforeAll
  void startSandbox() {
    JsonNode defaultDocument = EstateLoader.loadDefault().document();
    sandbox =
        SandboxClients.start(
            SandboxOptions.of(
                EstateLoader.fromDocument(
                    withPrivateLinkAndKeysIfAbsent(defaultDocument),
                    "default estate with PrivateLink and customer-managed keys")));
    account = sandbox.account();
    document = sandbox.document();
    estate = new EstateExpectations(document);
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  /**
   * The default estate may declare no PrivateLink settings, VPC endpoints or customer-managed keys;
   * for those to round-trip too, one of each kind the estate lacks is added and the last workspace
   * (and its network) is made to use them.
   */
  private static JsonNode withPrivateLinkAndKeysIfAbsent(JsonNode defaultDocument) {
    ObjectNode document = defaultDocument.deepCopy();
    String workspaceName = null;
    for (Iterator<String> names = document.path("workspaces").fieldNames(); names.hasNext(); ) {
      workspaceName = names.next();
    }
    ObjectNode workspace = (ObjectNode) document.path("workspaces").path(workspaceName);
    String region = workspace.path("aws_region").asText("us-east-1");
    String awsAccount = document.path("account").path("aws_account_id").asText();
    if (document.path("vpc_endpoints").isEmpty()
        && document.path("private_access_settings").isEmpty()) {
      ObjectNode endpoints = document.putObject("vpc_endpoints");
      endpoints
          .putObject("rest-api-" + workspaceName)
          .put("vpc_endpoint_id", "5b0c8f3e-0000-4000-8000-00000000e001")
          .put("aws_vpc_endpoint_id", "vpce-0a1b2c3d4e5f60001")
          .put(
              "aws_endpoint_service_id",
              "com.amazonaws.vpce." + region + ".vpce-svc-09143d1e626de2f04")
          .put("region", region)
          .put("state", "available")
          .put("use_case", "WORKSPACE_ACCESS");
      endpoints
          .putObject("relay-" + workspaceName)
          .put("vpc_endpoint_id", "5b0c8f3e-0000-4000-8000-00000000e002")
          .put("aws_vpc_endpoint_id", "vpce-0a1b2c3d4e5f60002")
          .put(
              "aws_endpoint_service_id",
              "com.amazonaws.vpce." + region + ".vpce-svc-00fe59ba1a34b5d8e")
          .put("region", region)
          .put("state", "available")
          .put("use_case", "DATAPLANE_RELAY_ACCESS");
      ObjectNode settings =
          document
              .putObject("private_access_settings")
              .putObject("private-" + workspaceName)
              .put("private_access_settings_id", "5b0c8f3e-0000-4000-8000-00000000a001")
              .put("region", region)
              .put("public_access_enabled", false)
              .put("private_access_level", "ENDPOINT");
      settings.putArray("allowed_vpc_endpoint_ids").add("5b0c8f3e-0000-4000-8000-00000000e001");
      workspace.put("private_access_settings_id", "5b0c8f3e-0000-4000-8000-00000000a001");
      for (JsonNode network : document.path("networks")) {
        if (network.path("network_id").asText().equals(workspace.path("network_id").asText())) {
          ObjectNode networkEndpoints = ((ObjectNode) network).putObject("vpc_endpoints");
          networkEndpoints.putArray("rest_api").add("5b0c8f3e-0000-4000-8000-00000000e001");
          networkEndpoints.putArray("dataplane_relay").add("5b0c8f3e-0000-4000-8000-00000000e002");
        }
      }
    }
    if (document.path("customer_managed_keys").isEmpty()) {
      ObjectNode key =
          document
              .putObject("customer_managed_keys")
              .putObject("workspace-key-" + workspaceName)
              .put("customer_managed_key_id", "5b0c8f3e-0000-4000-8000-00000000c001")
              .put(
                  "key_arn",
                  "arn:aws:kms:"
                      + region
                      + ":"
                      + awsAccount
                      + ":key/1234abcd-12ab-34cd-56ef-1234567890ab")
              .put("key_alias", "alias/databricks-" + workspaceName)
              .put("key_region", region);
      key.putArray("use_cases").add("MANAGED_SERVICES").add("STORAGE");
      workspace.put(
          "managed_services_customer_managed_key_id", "5b0c8f3e-0000-4000-8000-00000000c001");
      workspace.put("storage_customer_managed_key_id", "5b0c8f3e-0000-4000-8000-00000000c001");
    }
    return document;
  }

  Stream<String> workspaceNames() {
    return estate.workspaces().keySet().stream();
  }

  private static <T> Map<String, T> byName(Iterable<T> items, Function<T, String> name) {
    Map<String, T> result = new LinkedHashMap<>();
    for (T item : items) {
      assertThat(result.put(name.apply(item), item)).as("duplicate %s", name.apply(item)).isNull();
    }
    return result;
  }

  // ---- account: provisioning ---------------------------------------------------------------

  @Test
  void workspacesListAndGetCarryEveryWorkspaceOfTheEstate() {
    Map<String, Workspace> listed =
        byName(account.workspaces().list(), Workspace::getWorkspaceName);
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(estate.workspaces().keySet());
    estate
        .workspaces()
        .forEach(
            (name, item) -> {
              Workspace workspace = listed.get(name);
              String context = "workspace " + name;
              assertField(context, workspace.getWorkspaceId(), item, "workspace_id");
              assertThat(workspace.getAccountId()).isEqualTo(sandbox.accountId());
              assertThat(workspace.getDeploymentName()).as(context).isNotBlank();
              assertThat(workspace.getCredentialsId()).as(context).isNotBlank();
              assertThat(workspace.getStorageConfigurationId()).as(context).isNotBlank();
              for (String field :
                  List.of(
                      "deployment_name",
                      "aws_region",
                      "credentials_id",
                      "storage_configuration_id",
                      "network_id",
                      "private_access_settings_id",
                      "managed_services_customer_managed_key_id",
                      "storage_customer_managed_key_id",
                      "creation_time",
                      "custom_tags",
                      "workspace_status_message")) {
                assertField(context, fieldOf(workspace, field), item, field);
              }
              assertValue(
                  context + " pricing_tier", workspace.getPricingTier(), item.get("pricing_tier"));
              assertValue(
                  context + " workspace_status",
                  workspace.getWorkspaceStatus(),
                  orDefault(item, "workspace_status", "RUNNING"));

              assertThat(account.workspaces().get(workspace.getWorkspaceId()))
                  .as("get(%s)", workspace.getWorkspaceId())
                  .isEqualTo(workspace);
            });
  }

  private static Object fieldOf(Workspace workspace, String field) {
    return switch (field) {
      case "deployment_name" -> workspace.getDeploymentName();
      case "aws_region" -> workspace.getAwsRegion();
      case "credentials_id" -> workspace.getCredentialsId();
      case "storage_configuration_id" -> workspace.getStorageConfigurationId();
      case "network_id" -> workspace.getNetworkId();
      case "private_access_settings_id" -> workspace.getPrivateAccessSettingsId();
      case "managed_services_customer_managed_key_id" ->
          workspace.getManagedServicesCustomerManagedKeyId();
      case "storage_customer_managed_key_id" -> workspace.getStorageCustomerManagedKeyId();
      case "creation_time" -> workspace.getCreationTime();
      case "custom_tags" -> workspace.getCustomTags();
      case "workspace_status_message" -> workspace.getWorkspaceStatusMessage();
      default -> throw new IllegalArgumentException(field);
    };
  }

  @Test
  void credentialsConfigurationsCarryTheirRoles() {
    Map<String, Credential> listed =
        byName(account.credentials().list(), Credential::getCredentialsName);
    Map<String, JsonNode> declared = items(document.path("credentials"));
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          Credential credential = listed.get(name);
          String context = "credentials " + name;
          assertField(context, credential.getCredentialsId(), item, "credentials_id");
          assertField(context, credential.getCreationTime(), item, "creation_time");
          assertThat(credential.getAccountId()).isEqualTo(sandbox.accountId());
          assertThat(credential.getAwsCredentials().getStsRole().getRoleArn())
              .as(context)
              .startsWith("arn:aws:iam::")
              .isEqualTo(item.path("role_arn").asText());
        });
  }

  @Test
  void storageConfigurationsCarryTheirBuckets() {
    Map<String, StorageConfiguration> listed =
        byName(account.storage().list(), StorageConfiguration::getStorageConfigurationName);
    Map<String, JsonNode> declared = items(document.path("storage_configurations"));
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          StorageConfiguration storage = listed.get(name);
          String context = "storage configuration " + name;
          assertField(
              context, storage.getStorageConfigurationId(), item, "storage_configuration_id");
          assertThat(storage.getRootBucketInfo().getBucketName()).as(context).isNotBlank();
          assertField(context, storage.getRootBucketInfo().getBucketName(), item, "bucket_name");
          assertField(context, storage.getRoleArn(), item, "role_arn");
          assertField(context, storage.getCreationTime(), item, "creation_time");
        });
  }

  @Test
  void networksCarryTheirVpcsSubnetsAndEndpoints() {
    Map<String, Network> listed = byName(account.networks().list(), Network::getNetworkName);
    Map<String, JsonNode> declared = items(document.path("networks"));
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          Network network = listed.get(name);
          String context = "network " + name;
          assertField(context, network.getNetworkId(), item, "network_id");
          assertThat(network.getVpcId()).as(context).startsWith("vpc-");
          assertField(context, network.getVpcId(), item, "vpc_id");
          assertField(context, network.getSubnetIds(), item, "subnet_ids");
          assertField(context, network.getSecurityGroupIds(), item, "security_group_ids");
          assertField(context, network.getWorkspaceId(), item, "workspace_id");
          assertValue(
              context + " vpc_status",
              network.getVpcStatus(),
              orDefault(item, "vpc_status", "VALID"));
          JsonNode endpoints = item.path("vpc_endpoints");
          if (endpoints.isObject()) {
            assertField(context, network.getVpcEndpoints().getRestApi(), endpoints, "rest_api");
            assertField(
                context,
                network.getVpcEndpoints().getDataplaneRelay(),
                endpoints,
                "dataplane_relay");
          }
        });
  }

  @Test
  void privateAccessSettingsCarryTheirAccessLevel() {
    Map<String, PrivateAccessSettings> listed =
        byName(account.privateAccess().list(), PrivateAccessSettings::getPrivateAccessSettingsName);
    Map<String, JsonNode> declared = items(document.path("private_access_settings"));
    assertThat(declared).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          PrivateAccessSettings settings = listed.get(name);
          String context = "private access settings " + name;
          assertField(
              context, settings.getPrivateAccessSettingsId(), item, "private_access_settings_id");
          assertField(context, settings.getRegion(), item, "region");
          assertField(context, settings.getPublicAccessEnabled(), item, "public_access_enabled");
          assertField(context, settings.getPrivateAccessLevel(), item, "private_access_level");
          assertField(
              context, settings.getAllowedVpcEndpointIds(), item, "allowed_vpc_endpoint_ids");
        });
  }

  @Test
  void vpcEndpointsCarryTheirAwsIds() {
    Map<String, VpcEndpoint> listed =
        byName(account.vpcEndpoints().list(), VpcEndpoint::getVpcEndpointName);
    Map<String, JsonNode> declared = items(document.path("vpc_endpoints"));
    assertThat(declared).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          VpcEndpoint endpoint = listed.get(name);
          String context = "VPC endpoint " + name;
          assertField(context, endpoint.getVpcEndpointId(), item, "vpc_endpoint_id");
          assertField(context, endpoint.getAwsVpcEndpointId(), item, "aws_vpc_endpoint_id");
          assertField(context, endpoint.getAwsEndpointServiceId(), item, "aws_endpoint_service_id");
          assertField(context, endpoint.getRegion(), item, "region");
          assertField(context, endpoint.getState(), item, "state");
          assertField(context, endpoint.getUseCase(), item, "use_case");
        });
  }

  @Test
  void customerManagedKeysCarryTheirKmsKeys() {
    Map<String, CustomerManagedKey> listed =
        byName(account.encryptionKeys().list(), CustomerManagedKey::getCustomerManagedKeyId);
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    items(document.path("customer_managed_keys"))
        .values()
        .forEach(item -> declared.put(item.path("customer_managed_key_id").asText(), item));
    assertThat(declared).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (id, item) -> {
          CustomerManagedKey key = listed.get(id);
          String context = "customer-managed key " + id;
          assertThat(key.getAwsKeyInfo().getKeyArn()).as(context).startsWith("arn:aws:kms:");
          assertField(context, key.getAwsKeyInfo().getKeyArn(), item, "key_arn");
          assertField(context, key.getAwsKeyInfo().getKeyAlias(), item, "key_alias");
          assertField(context, key.getAwsKeyInfo().getKeyRegion(), item, "key_region");
          assertField(context, key.getUseCases(), item, "use_cases");
        });
  }

  @Test
  void logDeliveryConfigurationsCarryTheirTargetsAndStatus() {
    Map<String, LogDeliveryConfiguration> listed =
        byName(
            account.logDelivery().list(new ListLogDeliveryRequest()),
            LogDeliveryConfiguration::getConfigName);
    Map<String, JsonNode> declared = items(document.path("log_delivery"));
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          LogDeliveryConfiguration configuration = listed.get(name);
          String context = "log delivery " + name;
          assertField(context, configuration.getConfigId(), item, "config_id");
          assertThat(configuration.getLogType()).as(context).isNotNull();
          assertField(context, configuration.getLogType(), item, "log_type");
          assertField(context, configuration.getOutputFormat(), item, "output_format");
          assertField(context, configuration.getCredentialsId(), item, "credentials_id");
          assertField(
              context, configuration.getStorageConfigurationId(), item, "storage_configuration_id");
          assertField(context, configuration.getDeliveryPathPrefix(), item, "delivery_path_prefix");
          assertField(context, configuration.getWorkspaceIdsFilter(), item, "workspace_ids_filter");
          assertField(context, configuration.getStatus(), item, "status");
          JsonNode deliveryStatus = item.path("delivery_status");
          if (deliveryStatus.isObject()) {
            assertField(
                context,
                configuration.getLogDeliveryStatus().getStatus(),
                deliveryStatus,
                "status");
            assertField(
                context,
                configuration.getLogDeliveryStatus().getMessage(),
                deliveryStatus,
                "message");
          }
        });
  }

  // ---- account: Unity Catalog ----------------------------------------------------------------

  @Test
  void metastoresListCarriesEveryMetastore() {
    Map<String, MetastoreInfo> listed = byName(account.metastores().list(), MetastoreInfo::getName);
    Map<String, JsonNode> declared = items(document.path("metastores"));
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          MetastoreInfo metastore = listed.get(name);
          String context = "metastore " + name;
          assertThat(metastore.getMetastoreId()).as(context).isNotBlank();
          assertField(context, metastore.getMetastoreId(), item, "metastore_id");
          assertField(context, metastore.getRegion(), item, "region");
          assertField(context, metastore.getStorageRoot(), item, "storage_root");
          assertField(context, metastore.getOwner(), item, "owner");
          assertField(context, metastore.getDeltaSharingScope(), item, "delta_sharing_scope");
        });
  }

  @Test
  void metastoreAssignmentsMatchTheEstateFromBothSides() {
    Map<String, Set<Long>> workspacesByMetastore = new LinkedHashMap<>();
    items(document.path("metastores"))
        .values()
        .forEach(
            item -> workspacesByMetastore.put(item.path("metastore_id").asText(), new HashSet<>()));
    estate
        .workspaces()
        .forEach(
            (name, item) -> {
              long id = item.path("workspace_id").asLong();
              JsonNode assignment = item.path("metastore_assignment");
              if (assignment.isObject()) {
                MetastoreAssignment served =
                    account.metastoreAssignments().get(id).getMetastoreAssignment();
                assertThat(served.getWorkspaceId()).isEqualTo(id);
                assertField(
                    "assignment of " + name, served.getMetastoreId(), assignment, "metastore_id");
                assertField(
                    "assignment of " + name,
                    served.getDefaultCatalogName(),
                    assignment,
                    "default_catalog_name");
                workspacesByMetastore.get(assignment.path("metastore_id").asText()).add(id);
              } else {
                Throwable thrown = catchThrowable(() -> account.metastoreAssignments().get(id));
                assertThat(thrown).as("assignment of " + name).isInstanceOf(DatabricksError.class);
                assertThat(((DatabricksError) thrown).getStatusCode()).isEqualTo(404);
              }
            });
    workspacesByMetastore.forEach(
        (metastoreId, ids) ->
            assertThat(list(account.metastoreAssignments().list(metastoreId)))
                .as("workspaces of metastore %s", metastoreId)
                .containsExactlyInAnyOrderElementsOf(ids));
  }

  // ---- account: identities -------------------------------------------------------------------

  @Test
  void accountGroupsListLeavesMembersOutAndGetByIdHasTheEstatesMembers() {
    Map<String, Group> listed =
        byName(account.groups().list(new ListAccountGroupsRequest()), Group::getDisplayName);
    Map<String, JsonNode> declared = items(document.path("groups"));
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    boolean someGroupHasMembers = false;
    for (Map.Entry<String, JsonNode> entry : declared.entrySet()) {
      String name = entry.getKey();
      JsonNode item = entry.getValue();
      Group summary = listed.get(name);
      assertField("group " + name, summary.getId(), item, "id");
      assertField("group " + name, summary.getExternalId(), item, "externalId");
      assertThat(summary.getMembers()).as("members of %s in the list", name).isNullOrEmpty();

      Group group = account.groups().get(summary.getId());
      assertThat(group.getDisplayName()).isEqualTo(name);
      Set<String> expected = estate.memberIds(item.path("members"), Map.of());
      assertThat(memberValues(group.getMembers()))
          .as("members of %s", name)
          .containsExactlyInAnyOrderElementsOf(expected);
      assertField("group " + name, roleValues(group.getRoles()), item, "roles");
      someGroupHasMembers |= !expected.isEmpty();
    }
    assertThat(someGroupHasMembers).as("some group of the estate has members").isTrue();
  }

  @Test
  void accountUsersCarryExternalIdWhenProvisionedBySCIM() {
    Map<String, User> listed =
        byName(account.users().list(new ListAccountUsersRequest()), User::getUserName);
    Map<String, JsonNode> declared = items(document.path("users"));
    assertThat(listed).isNotEmpty();
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    boolean someProvisioned = false;
    for (Map.Entry<String, JsonNode> entry : declared.entrySet()) {
      String name = entry.getKey();
      JsonNode item = entry.getValue();
      User user = listed.get(name);
      String context = "user " + name;
      assertField(context, user.getId(), item, "id");
      assertField(context, user.getExternalId(), item, "externalId");
      assertValue(
          context + " displayName", user.getDisplayName(), orDefault(item, "displayName", name));
      assertValue(context + " active", user.getActive(), orDefault(item, "active", "true"));
      List<String> emails = item.has("emails") ? texts(item.path("emails")) : List.of(name);
      assertThat(user.getEmails()).extracting(ComplexValue::getValue).as(context).isEqualTo(emails);
      someProvisioned |= item.hasNonNull("externalId");
    }
    assertThat(someProvisioned).as("some user is provisioned by SCIM").isTrue();

    String firstId = declared.values().iterator().next().path("id").asText();
    assertThat(account.users().get(firstId))
        .isEqualTo(
            listed.values().stream()
                .filter(user -> user.getId().equals(firstId))
                .findFirst()
                .orElseThrow());
  }

  @Test
  void accountServicePrincipalsCarryTheirApplicationIds() {
    Map<String, ServicePrincipal> listed =
        byName(
            account.servicePrincipals().list(new ListAccountServicePrincipalsRequest()),
            ServicePrincipal::getDisplayName);
    Map<String, JsonNode> declared = items(document.path("service_principals"));
    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          ServicePrincipal servicePrincipal = listed.get(name);
          String context = "service principal " + name;
          assertField(context, servicePrincipal.getId(), item, "id");
          assertThat(servicePrincipal.getApplicationId()).as(context).isNotBlank();
          assertField(context, servicePrincipal.getApplicationId(), item, "applicationId");
          assertField(context, servicePrincipal.getExternalId(), item, "externalId");
          assertValue(
              context + " active", servicePrincipal.getActive(), orDefault(item, "active", "true"));
          assertThat(account.servicePrincipals().get(servicePrincipal.getId()).getApplicationId())
              .isEqualTo(servicePrincipal.getApplicationId());
        });
  }

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void workspacePermissionAssignmentsNameEveryAssignedPrincipal(String workspaceName) {
    JsonNode workspace = estate.workspace(workspaceName);
    List<PermissionAssignment> served =
        list(account.workspaceAssignment().list(workspace.path("workspace_id").asLong()));
    Map<String, PermissionAssignment> byPrincipal =
        byName(served, assignment -> Long.toString(assignment.getPrincipal().getPrincipalId()));
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    workspace
        .path("permission_assignments")
        .forEach(assignment -> expected.put(estate.assignedPrincipalId(assignment), assignment));
    assertThat(byPrincipal.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (principalId, assignment) -> {
          PermissionAssignment actual = byPrincipal.get(principalId);
          String context = workspaceName + " assignment of " + principalId;
          assertField(context, actual.getPermissions(), assignment, "permissions");
          if (assignment.has("user")) {
            assertField(context, actual.getPrincipal().getUserName(), assignment, "user");
          } else if (assignment.has("group")) {
            assertField(context, actual.getPrincipal().getGroupName(), assignment, "group");
          } else {
            assertThat(actual.getPrincipal().getServicePrincipalName())
                .as(context)
                .isEqualTo(
                    document
                        .path("service_principals")
                        .path(assignment.path("service_principal").asText())
                        .path("applicationId")
                        .asText());
          }
        });
  }

  @Test
  void accountIpAccessListsCarryTheirAddresses() {
    Map<String, IpAccessListInfo> listed =
        byName(account.ipAccessLists().list(), IpAccessListInfo::getLabel);
    assertIpAccessLists("account", listed, items(document.path("ip_access_lists").path("lists")));
  }

  private static void assertIpAccessLists(
      String owner, Map<String, IpAccessListInfo> listed, Map<String, JsonNode> declared) {
    assertThat(listed.keySet()).as(owner).containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (label, item) -> {
          IpAccessListInfo list = listed.get(label);
          String context = owner + " IP access list " + label;
          assertField(context, list.getListId(), item, "list_id");
          assertField(context, list.getListType(), item, "list_type");
          assertField(context, list.getIpAddresses(), item, "ip_addresses");
          assertField(context, list.getEnabled(), item, "enabled");
        });
  }

  // ---- workspace: identities -----------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void workspaceScimGroupsAreLocalGroupsAndAssignedAccountGroups(String workspaceName) {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    Map<String, Group> listed =
        byName(workspace.groups().list(new ListGroupsRequest()), Group::getDisplayName);
    Map<String, String> localIds = estate.localGroupIds(workspaceName);
    Set<String> expectedNames = new HashSet<>(localIds.keySet());
    expectedNames.addAll(estate.assignedGroups(workspaceName));
    assertThat(listed.keySet())
        .as(workspaceName)
        .containsExactlyInAnyOrderElementsOf(expectedNames);

    items(estate.workspace(workspaceName).path("groups"))
        .forEach(
            (name, item) -> {
              Group group = listed.get(name);
              String context = workspaceName + " group " + name;
              assertField(context, group.getId(), item, "id");
              assertThat(group.getMeta().getResourceType()).as(context).isEqualTo("WorkspaceGroup");
              assertThat(memberValues(group.getMembers()))
                  .as(context)
                  .containsExactlyInAnyOrderElementsOf(
                      estate.memberIds(item.path("members"), localIds));
              assertField(context, valuesOf(group.getEntitlements()), item, "entitlements");
              assertField(context, roleValues(group.getRoles()), item, "roles");
              assertThat(workspace.groups().get(group.getId()).getDisplayName()).isEqualTo(name);
            });
    for (String name : estate.assignedGroups(workspaceName)) {
      if (localIds.containsKey(name)) {
        continue;
      }
      Group group = listed.get(name);
      assertThat(group.getId()).isEqualTo(estate.groupId(name));
      assertThat(group.getMeta().getResourceType()).isEqualTo("Group");
      assertThat(memberValues(group.getMembers()))
          .as("%s account group %s", workspaceName, name)
          .containsExactlyInAnyOrderElementsOf(
              estate.memberIds(document.path("groups").path(name).path("members"), Map.of()));
    }
  }

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void workspaceScimUsersAndServicePrincipalsAreThoseVisibleInTheWorkspace(String workspaceName) {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    Map<String, User> users =
        byName(workspace.users().list(new ListUsersRequest()), User::getUserName);
    assertThat(users.keySet())
        .as("%s users", workspaceName)
        .containsExactlyInAnyOrderElementsOf(estate.visibleUsers(workspaceName));
    users.forEach(
        (name, user) -> {
          assertThat(user.getId()).isEqualTo(estate.userId(name));
          assertField(
              workspaceName + " user " + name,
              user.getExternalId(),
              document.path("users").path(name),
              "externalId");
        });

    Map<String, ServicePrincipal> servicePrincipals =
        byName(
            workspace.servicePrincipals().list(new ListServicePrincipalsRequest()),
            ServicePrincipal::getDisplayName);
    assertThat(servicePrincipals.keySet())
        .as("%s service principals", workspaceName)
        .containsExactlyInAnyOrderElementsOf(estate.visibleServicePrincipals(workspaceName));
    servicePrincipals.forEach(
        (name, servicePrincipal) ->
            assertThat(servicePrincipal.getApplicationId())
                .isEqualTo(
                    document.path("service_principals").path(name).path("applicationId").asText()));
  }

  // ---- workspace: compute and settings ---------------------------------------------------------

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void clusterPoliciesListGetAndPermissionsMatchTheEstate(String workspaceName) throws Exception {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    Map<String, Policy> listed =
        byName(workspace.clusterPolicies().list(new ListClusterPoliciesRequest()), Policy::getName);
    Map<String, JsonNode> declared =
        items(estate.workspace(workspaceName).path("cluster_policies"));
    assertThat(listed.keySet())
        .as(workspaceName)
        .containsExactlyInAnyOrderElementsOf(declared.keySet());
    for (Map.Entry<String, JsonNode> entry : declared.entrySet()) {
      String name = entry.getKey();
      JsonNode item = entry.getValue();
      Policy policy = listed.get(name);
      String context = workspaceName + " policy " + name;
      assertField(context, policy.getPolicyId(), item, "policy_id");
      JsonNode definition = item.path("definition");
      JsonNode expectedDefinition =
          definition.isTextual() ? SandboxClients.parse(definition.asText()) : definition;
      assertThat(SandboxClients.parse(policy.getDefinition()))
          .as(context)
          .isEqualTo(expectedDefinition);
      for (String field :
          List.of(
              "description",
              "creator_user_name",
              "created_at_timestamp",
              "max_clusters_per_user",
              "policy_family_id",
              "is_default")) {
        assertField(context, policyField(policy, field), item, field);
      }
      assertThat(workspace.clusterPolicies().get(policy.getPolicyId())).isEqualTo(policy);

      ClusterPolicyPermissions permissions =
          workspace.clusterPolicies().getPermissions(policy.getPolicyId());
      assertThat(permissions.getObjectId()).isEqualTo("/cluster-policies/" + policy.getPolicyId());
      assertThat(permissions.getObjectType()).isEqualTo("cluster-policy");
      List<String> direct = new ArrayList<>();
      for (ClusterPolicyAccessControlResponse control : permissions.getAccessControlList()) {
        for (ClusterPolicyPermission permission : control.getAllPermissions()) {
          if (!Boolean.TRUE.equals(permission.getInherited())) {
            direct.add(principalOf(control) + "=" + permission.getPermissionLevel());
          }
        }
      }
      List<String> expected = new ArrayList<>();
      for (JsonNode permission : item.path("permissions")) {
        String principal =
            Stream.of("group_name", "user_name", "service_principal_name")
                .filter(permission::has)
                .map(field -> field + ":" + permission.path(field).asText())
                .findFirst()
                .orElseThrow();
        expected.add(principal + "=" + permission.path("permission_level").asText());
      }
      assertThat(direct).as(context + " permissions").containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  private static String principalOf(ClusterPolicyAccessControlResponse control) {
    if (control.getGroupName() != null) {
      return "group_name:" + control.getGroupName();
    }
    if (control.getUserName() != null) {
      return "user_name:" + control.getUserName();
    }
    return "service_principal_name:" + control.getServicePrincipalName();
  }

  private static Object policyField(Policy policy, String field) {
    return switch (field) {
      case "description" -> policy.getDescription();
      case "creator_user_name" -> policy.getCreatorUserName();
      case "created_at_timestamp" -> policy.getCreatedAtTimestamp();
      case "max_clusters_per_user" -> policy.getMaxClustersPerUser();
      case "policy_family_id" -> policy.getPolicyFamilyId();
      case "is_default" -> policy.getIsDefault();
      default -> throw new IllegalArgumentException(field);
    };
  }

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void workspaceConfServesTheEstatesValuesForTheRequestedKeys(String workspaceName) {
    JsonNode conf = estate.workspace(workspaceName).path("workspace_conf");
    List<String> keys = new ArrayList<>();
    conf.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("%s declares workspace confs", workspaceName).isNotEmpty();
    Map<String, String> served =
        SandboxClients.workspaceConf(sandbox.workspace(workspaceName), keys);
    assertThat(served.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      JsonNode expected = conf.get(key);
      assertThat(served.get(key))
          .as("%s %s", workspaceName, key)
          .isEqualTo(expected.isNull() ? null : expected.asText());
    }
  }

  @Test
  void sdkWorkspaceConfGetStatusDropsTheKeysAndIsRejected() {
    // the reason for SandboxClients.workspaceConf: if a future SDK sends keys, this fails
    String workspaceName = estate.workspaces().keySet().iterator().next();
    Throwable thrown =
        catchThrowable(
            () ->
                sandbox.workspace(workspaceName).workspaceConf().getStatus("enableIpAccessLists"));

    assertThat(thrown).isInstanceOf(DatabricksError.class);
    assertThat(((DatabricksError) thrown).getStatusCode()).isEqualTo(400);
    assertThat(thrown).hasMessageContaining("keys");
  }

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void instanceProfilesIpAccessListsAndTokensMatchTheEstate(String workspaceName) {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    JsonNode item = estate.workspace(workspaceName);

    Map<String, InstanceProfile> profiles =
        byName(workspace.instanceProfiles().list(), InstanceProfile::getInstanceProfileArn);
    Map<String, JsonNode> declaredProfiles = new LinkedHashMap<>();
    items(item.path("instance_profiles"))
        .values()
        .forEach(
            profile ->
                declaredProfiles.put(profile.path("instance_profile_arn").asText(), profile));
    assertThat(profiles.keySet()).containsExactlyInAnyOrderElementsOf(declaredProfiles.keySet());
    declaredProfiles.forEach(
        (arn, profile) -> {
          assertField(arn, profiles.get(arn).getIamRoleArn(), profile, "iam_role_arn");
          assertField(
              arn,
              profiles.get(arn).getIsMetaInstanceProfile(),
              profile,
              "is_meta_instance_profile");
        });

    assertIpAccessLists(
        workspaceName,
        byName(workspace.ipAccessLists().list(), IpAccessListInfo::getLabel),
        items(item.path("ip_access_lists")));

    Map<String, TokenInfo> tokens =
        byName(
            workspace.tokenManagement().list(new ListTokenManagementRequest()),
            TokenInfo::getTokenId);
    Map<String, JsonNode> declaredTokens = items(item.path("tokens"));
    assertThat(tokens.keySet()).containsExactlyInAnyOrderElementsOf(declaredTokens.keySet());
    declaredTokens.forEach(
        (id, token) -> {
          TokenInfo info = tokens.get(id);
          String context = workspaceName + " token " + id;
          assertField(context, info.getCreatedByUsername(), token, "created_by_username");
          assertField(context, info.getComment(), token, "comment");
          assertField(context, info.getCreationTime(), token, "creation_time");
          assertField(context, info.getLastUsedDay(), token, "last_used_day");
          assertValue(
              context + " expiry_time",
              info.getExpiryTime(),
              orDefault(token, "expiry_time", "-1"));
          if (document.path("users").has(token.path("created_by_username").asText())) {
            assertThat(info.getCreatedById())
                .as(context)
                .isEqualTo(
                    Long.parseLong(estate.userId(token.path("created_by_username").asText())));
          }
        });
  }

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void clustersListPagesThroughEveryCluster(String workspaceName) {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    Map<String, ClusterDetails> listed =
        byName(
            workspace.clusters().list(new ListClustersRequest().setPageSize(1L)),
            ClusterDetails::getClusterName);
    Map<String, JsonNode> declared = items(estate.workspace(workspaceName).path("clusters"));
    assertThat(listed.keySet())
        .as(workspaceName)
        .containsExactlyInAnyOrderElementsOf(declared.keySet());
    declared.forEach(
        (name, item) -> {
          ClusterDetails cluster = listed.get(name);
          String context = workspaceName + " cluster " + name;
          assertField(context, cluster.getClusterId(), item, "cluster_id");
          assertField(context, cluster.getPolicyId(), item, "policy_id");
          assertField(context, cluster.getDataSecurityMode(), item, "data_security_mode");
          assertField(context, cluster.getSingleUserName(), item, "single_user_name");
          assertField(context, cluster.getState(), item, "state");
          assertField(context, cluster.getClusterSource(), item, "cluster_source");
          assertField(context, cluster.getCreatorUserName(), item, "creator_user_name");
          assertField(context, cluster.getCustomTags(), item, "custom_tags");
          assertField(
              context, cluster.getAutoterminationMinutes(), item, "autotermination_minutes");
          assertField(
              context,
              cluster.getAwsAttributes() == null
                  ? null
                  : cluster.getAwsAttributes().getInstanceProfileArn(),
              item,
              "instance_profile_arn");
        });
  }

  @Test
  void someWorkspaceOfTheEstateHasClustersToPageThrough() {
    long clusters =
        estate.workspaces().values().stream()
            .mapToLong(item -> item.path("clusters").size())
            .max()
            .orElse(0);
    assertThat(clusters).as("most clusters in one workspace").isGreaterThan(1);
  }

  // ---- workspace: Unity Catalog --------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("workspaceNames")
  void unityCatalogListsMatchTheEstateOrFailWithoutAMetastore(String workspaceName) {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    JsonNode item = estate.workspace(workspaceName);
    JsonNode assignment = item.path("metastore_assignment");
    if (!assignment.isObject()) {
      assertNoMetastore(() -> workspace.metastores().current());
      assertNoMetastore(() -> list(workspace.catalogs().list(new ListCatalogsRequest())));
      assertNoMetastore(
          () -> list(workspace.storageCredentials().list(new ListStorageCredentialsRequest())));
      assertNoMetastore(
          () -> list(workspace.externalLocations().list(new ListExternalLocationsRequest())));
      return;
    }
    String metastoreId = assignment.path("metastore_id").asText();
    MetastoreAssignment current = workspace.metastores().current();
    assertThat(current.getWorkspaceId()).isEqualTo(item.path("workspace_id").asLong());
    assertThat(current.getMetastoreId()).isEqualTo(metastoreId);
    assertField(workspaceName, current.getDefaultCatalogName(), assignment, "default_catalog_name");

    Map<String, CatalogInfo> catalogs =
        byName(workspace.catalogs().list(new ListCatalogsRequest()), CatalogInfo::getName);
    Map<String, JsonNode> declaredCatalogs = items(item.path("catalogs"));
    assertThat(catalogs.keySet()).containsExactlyInAnyOrderElementsOf(declaredCatalogs.keySet());
    declaredCatalogs.forEach(
        (name, catalog) -> {
          CatalogInfo info = catalogs.get(name);
          String context = workspaceName + " catalog " + name;
          assertThat(info.getMetastoreId()).isEqualTo(metastoreId);
          assertField(context, info.getOwner(), catalog, "owner");
          assertValue(
              context + " isolation_mode",
              info.getIsolationMode(),
              orDefault(catalog, "isolation_mode", "OPEN"));
          assertField(context, info.getStorageRoot(), catalog, "storage_root");
          assertValue(
              context + " catalog_type",
              info.getCatalogType(),
              orDefault(catalog, "catalog_type", "MANAGED_CATALOG"));
        });

    Map<String, StorageCredentialInfo> credentials =
        byName(
            workspace.storageCredentials().list(new ListStorageCredentialsRequest()),
            StorageCredentialInfo::getName);
    Map<String, JsonNode> declaredCredentials = items(item.path("storage_credentials"));
    assertThat(credentials.keySet())
        .containsExactlyInAnyOrderElementsOf(declaredCredentials.keySet());
    declaredCredentials.forEach(
        (name, credential) -> {
          StorageCredentialInfo info = credentials.get(name);
          String context = workspaceName + " storage credential " + name;
          assertField(context, info.getId(), credential, "id");
          assertField(context, info.getOwner(), credential, "owner");
          assertField(context, info.getReadOnly(), credential, "read_only");
          assertThat(info.getAwsIamRole().getRoleArn()).as(context).startsWith("arn:aws:iam::");
          assertField(context, info.getAwsIamRole().getRoleArn(), credential, "role_arn");
          assertField(context, info.getAwsIamRole().getExternalId(), credential, "external_id");
          assertField(
              context,
              info.getAwsIamRole().getUnityCatalogIamArn(),
              credential,
              "unity_catalog_iam_arn");
          assertSecurableIsolation(context, info.getIsolationMode(), credential);
        });

    Map<String, ExternalLocationInfo> locations =
        byName(
            workspace.externalLocations().list(new ListExternalLocationsRequest()),
            ExternalLocationInfo::getName);
    Map<String, JsonNode> declaredLocations = items(item.path("external_locations"));
    assertThat(locations.keySet()).containsExactlyInAnyOrderElementsOf(declaredLocations.keySet());
    declaredLocations.forEach(
        (name, location) -> {
          ExternalLocationInfo info = locations.get(name);
          String context = workspaceName + " external location " + name;
          assertField(context, info.getUrl(), location, "url");
          assertField(context, info.getCredentialName(), location, "credential_name");
          assertField(context, info.getOwner(), location, "owner");
          assertField(context, info.getReadOnly(), location, "read_only");
          assertSecurableIsolation(context, info.getIsolationMode(), location);
        });
  }

  /** Storage credentials and external locations name their isolation modes ISOLATION_MODE_*. */
  private static void assertSecurableIsolation(String context, Object actual, JsonNode item) {
    if (!item.hasNonNull("isolation_mode")) {
      return;
    }
    String declared = item.path("isolation_mode").asText();
    assertThat(Objects.toString(actual, null))
        .as(context + " isolation_mode")
        .isEqualTo(
            declared.startsWith("ISOLATION_MODE_") ? declared : "ISOLATION_MODE_" + declared);
  }

  @Test
  void someWorkspaceOfTheEstateHasNoMetastore() {
    assertThat(estate.workspaces().values())
        .as("workspaces without a metastore assignment (the default estate's drift)")
        .anyMatch(item -> !item.path("metastore_assignment").isObject());
  }

  private static void assertNoMetastore(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(DatabricksError.class);
    DatabricksError error = (DatabricksError) thrown;
    assertThat(error.getStatusCode()).isEqualTo(404);
    assertThat(error.getErrorCode()).isEqualTo("METASTORE_DOES_NOT_EXIST");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Set<String> memberValues(Collection<ComplexValue> members) {
    return members == null
        ? Set.of()
        : members.stream().map(ComplexValue::getValue).collect(Collectors.toSet());
  }

  private static List<String> valuesOf(Collection<ComplexValue> values) {
    return values == null ? List.of() : values.stream().map(ComplexValue::getValue).toList();
  }

  private static List<String> roleValues(Collection<ComplexValue> roles) {
    return valuesOf(roles);
  }
}
