package io.plumbline.collect.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.AwsTarget;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.Collector;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.ReadResult;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.model.FailureReason;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.normal.PolicyDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionVpcInfo;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Collects the AWS network, storage and keys the Databricks account points at, in scope {@code
 * aws:<account id>}: for each {@code databricks_mws_networks} its VPC with subnets, security groups
 * and their rules, VPC endpoints, peering connections and route tables (EC2); for each {@code
 * databricks_mws_storage_configurations} bucket (root and log delivery buckets) its public access
 * block, policy, default encryption, versioning, ownership controls and server access logging (S3);
 * for each {@code databricks_mws_customer_managed_keys} the key with its policy and rotation (KMS).
 *
 * <p>The reads wait for the account collector's MWS lists ({@link CollectionRun#onPairEnded}): when
 * one of those failed, what depends on it fails too (DEPENDENCY_FAILED), since what plumbline would
 * read is not known. Each service is asked in the region of the workspace that uses the
 * configuration (a key in the region of its ARN). A setting S3 says is not configured is no
 * resource of its type and the read is COMPLETE; AccessDenied, throttling that outlasts the
 * retries, or a response that cannot be parsed fail the read.
 */
public final class AwsEstateCollector implements Collector {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** EC2 list page size: within every Describe action's limits (route tables allow 5..100). */
  static final int DEFAULT_PAGE_SIZE = 100;

  private static final String NETWORKS = ResourceCatalogue.MWS_NETWORKS.name();
  private static final String STORAGE = ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS.name();
  private static final String KEYS = ResourceCatalogue.MWS_CUSTOMER_MANAGED_KEYS.name();
  private static final String WORKSPACES = ResourceCatalogue.MWS_WORKSPACES.name();

  private static final List<ResourceType> EC2_TYPES =
      List.of(
          ResourceCatalogue.AWS_VPC,
          ResourceCatalogue.AWS_SUBNET,
          ResourceCatalogue.AWS_SECURITY_GROUP,
          ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE,
          ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE,
          ResourceCatalogue.AWS_VPC_PEERING_CONNECTION,
          ResourceCatalogue.AWS_VPC_ENDPOINT,
          ResourceCatalogue.AWS_ROUTE_TABLE);
  private static final List<ResourceType> S3_TYPES =
      List.of(
          ResourceCatalogue.AWS_S3_BUCKET,
          ResourceCatalogue.AWS_S3_BUCKET_POLICY,
          ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK,
          ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION,
          ResourceCatalogue.AWS_S3_BUCKET_VERSIONING,
          ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS,
          ResourceCatalogue.AWS_S3_BUCKET_LOGGING);
  private static final List<ResourceType> KMS_TYPES = List.of(ResourceCatalogue.AWS_KMS_KEY);

  private static final List<ResourceTypeSpec> RESOURCE_TYPES = specs();

  /** S3's codes for a setting that is not configured: a real "none", not a failed read. */
  private static final Set<String> NOT_CONFIGURED =
      Set.of(
          "NoSuchBucketPolicy",
          "NoSuchPublicAccessBlockConfiguration",
          "ServerSideEncryptionConfigurationNotFoundError",
          "OwnershipControlsNotFoundError",
          "NoSuchBucket");

  private final AwsTarget target;
  private final Scope scope;
  private final IamClients clients;
  private final int pageSize;
  private final String fallbackRegion;
  private final Map<Scope, Map<String, Outcome>> outcomes = new HashMap<>();
  private final Set<String> scheduled = new LinkedHashSet<>();

  /** What an account read gave: its resources, or why it failed. */
  private record Outcome(List<Resource> resources, Optional<FailureReason> failure) {}

  public AwsEstateCollector(AwsTarget target, Duration callTimeout) {
    this(target, callTimeout, DEFAULT_PAGE_SIZE);
  }

  AwsEstateCollector(AwsTarget target, Duration callTimeout, int pageSize) {
    this.target = requireNonNull(target, "target is null");
    requireNonNull(callTimeout, "callTimeout is null");
    if (pageSize < 5 || pageSize > 100) {
      throw new IllegalArgumentException("EC2 page size must be from 5 to 100, got " + pageSize);
    }
    this.scope = Scope.aws(target.accountId());
    this.clients = new IamClients(target, callTimeout);
    this.pageSize = pageSize;
    // IAM's signing region is global; the regional services need a region of their own
    this.fallbackRegion = target.region().startsWith("aws-") ? "us-east-1" : target.region();
  }

  private static List<ResourceTypeSpec> specs() {
    List<ResourceTypeSpec> specs = new ArrayList<>();
    for (List<ResourceType> types : List.of(EC2_TYPES, S3_TYPES, KMS_TYPES)) {
      for (ResourceType type : types) {
        specs.add(ResourceTypeSpec.of(type, type.read(ScopeKind.AWS).orElseThrow()));
      }
    }
    return List.copyOf(specs);
  }

  /** Every resource type this collector reads, with the IAM actions it needs. */
  public static List<ResourceTypeSpec> declaredResourceTypes() {
    return RESOURCE_TYPES;
  }

  @Override
  public String name() {
    return "aws-estate";
  }

  @Override
  public List<ResourceTypeSpec> resourceTypes() {
    return RESOURCE_TYPES;
  }

  @Override
  public void start(CollectionRun run) {
    run.onPairEnded(
        (pairScope, type, resources, failure) -> {
          if (pairScope.kind() == ScopeKind.ACCOUNT
              && Set.of(NETWORKS, STORAGE, KEYS, WORKSPACES).contains(type)) {
            accountListEnded(run, pairScope, type, new Outcome(resources, failure));
          }
        });
  }

  private void accountListEnded(CollectionRun run, Scope account, String type, Outcome outcome) {
    Map<String, Outcome> lists;
    List<Runnable> toSchedule = new ArrayList<>();
    synchronized (this) {
      lists = outcomes.computeIfAbsent(account, ignored -> new HashMap<>());
      lists.put(type, outcome);
      Map<String, Outcome> known = Map.copyOf(lists);
      if (known.containsKey(NETWORKS)
          && known.containsKey(WORKSPACES)
          && scheduled.add(account + " ec2")) {
        toSchedule.add(() -> scheduleEc2(run, account, known));
      }
      if (known.containsKey(STORAGE)
          && known.containsKey(WORKSPACES)
          && scheduled.add(account + " s3")) {
        toSchedule.add(() -> scheduleS3(run, account, known));
      }
      if (known.containsKey(KEYS) && scheduled.add(account + " kms")) {
        toSchedule.add(() -> scheduleKms(run, account, known));
      }
    }
    toSchedule.forEach(Runnable::run);
  }

  /** A read that cannot start: what it would read depends on a list that was not read. */
  private static Optional<ReadException> dependencyFailure(
      Scope account, Map<String, Outcome> lists, String... types) {
    for (String type : types) {
      Optional<FailureReason> failure = lists.get(type).failure();
      if (failure.isPresent()) {
        return Optional.of(
            new ReadException(
                failure.get().httpStatus(),
                "DEPENDENCY_FAILED",
                type
                    + " of "
                    + account
                    + " was not read completely ("
                    + failure.get().errorCode()
                    + "), so what it points at is not known",
                false,
                Optional.empty(),
                null));
      }
    }
    return Optional.empty();
  }

  private void scheduleFailed(CollectionRun run, List<ResourceType> types, ReadException failure) {
    for (ResourceType type : types) {
      run.read(
          scope,
          type.name(),
          () -> {
            throw failure;
          });
    }
  }

  /** The region of each workspace's network, storage configuration: by the referring id. */
  private Map<String, String> regionsBy(String attribute, Map<String, Outcome> lists) {
    Map<String, String> regions = new HashMap<>();
    for (Resource workspace : lists.get(WORKSPACES).resources()) {
      String id = workspace.attributes().path(attribute).asText("");
      String region = workspace.attributes().path("aws_region").asText("");
      if (!id.isEmpty() && !region.isEmpty()) {
        regions.putIfAbsent(id, region);
      }
    }
    return regions;
  }

  // ---- EC2 -----------------------------------------------------------------------------------

  private void scheduleEc2(CollectionRun run, Scope account, Map<String, Outcome> lists) {
    Optional<ReadException> failure = dependencyFailure(account, lists, NETWORKS, WORKSPACES);
    if (failure.isPresent()) {
      scheduleFailed(run, EC2_TYPES, failure.get());
      return;
    }
    Map<String, String> regionByNetwork = regionsBy("network_id", lists);
    Map<String, Set<String>> vpcsByRegion = new TreeMap<>();
    for (Resource network : lists.get(NETWORKS).resources()) {
      String vpc = network.attributes().path("vpc_id").asText("");
      if (!vpc.isEmpty()) {
        String region = regionByNetwork.getOrDefault(network.id(), fallbackRegion);
        vpcsByRegion.computeIfAbsent(region, ignored -> new TreeSet<>()).add(vpc);
      }
    }
    CallStats stats = run.stats();
    SharedFetch<Map<String, List<SecurityGroupRule>>> rules =
        new SharedFetch<>(() -> securityGroupRules(stats, vpcsByRegion));
    run.read(scope, ResourceCatalogue.AWS_VPC.name(), () -> vpcs(stats, vpcsByRegion));
    run.read(scope, ResourceCatalogue.AWS_SUBNET.name(), () -> subnets(stats, vpcsByRegion));
    run.read(
        scope,
        ResourceCatalogue.AWS_SECURITY_GROUP.name(),
        () -> securityGroups(stats, vpcsByRegion));
    run.read(
        scope,
        ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE.name(),
        counting(attempt -> ruleResult(rules.get(attempt), false)));
    run.read(
        scope,
        ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE.name(),
        counting(attempt -> ruleResult(rules.get(attempt), true)));
    run.read(
        scope,
        ResourceCatalogue.AWS_VPC_PEERING_CONNECTION.name(),
        () -> peerings(stats, vpcsByRegion));
    run.read(
        scope, ResourceCatalogue.AWS_VPC_ENDPOINT.name(), () -> vpcEndpoints(stats, vpcsByRegion));
    run.read(
        scope, ResourceCatalogue.AWS_ROUTE_TABLE.name(), () -> routeTables(stats, vpcsByRegion));
  }

  @FunctionalInterface
  private interface AttemptRead {
    ReadResult run(int attempt) throws Exception;
  }

  private static CollectionRun.Read counting(AttemptRead read) {
    AtomicInteger attempts = new AtomicInteger();
    return () -> read.run(attempts.incrementAndGet());
  }

  @FunctionalInterface
  private interface Ec2Call<T> {
    Collection<T> call(Ec2Client ec2, String region, Filter vpcFilter) throws SdkException;
  }

  /** One Describe action over every region's VPCs; a failure in any region fails the read. */
  private <T> List<T> describe(
      CallStats stats, Map<String, Set<String>> vpcsByRegion, String action, Ec2Call<T> call)
      throws ReadException, InterruptedException {
    List<T> items = new ArrayList<>();
    for (Map.Entry<String, Set<String>> region : vpcsByRegion.entrySet()) {
      Filter filter = Filter.builder().name("vpc-id").values(region.getValue()).build();
      try (Ec2Client ec2 = clients.ec2(stats, region.getKey())) {
        items.addAll(call.call(ec2, region.getKey(), filter));
      } catch (SdkException e) {
        throw translate(e, action);
      }
      checkInterrupted();
    }
    return items;
  }

  private ReadResult vpcs(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    Map<String, Resource> resources = new TreeMap<>();
    for (Map.Entry<String, Set<String>> region : vpcsByRegion.entrySet()) {
      Filter filter = Filter.builder().name("vpc-id").values(region.getValue()).build();
      try (Ec2Client ec2 = clients.ec2(stats, region.getKey())) {
        for (Vpc vpc :
            ec2.describeVpcsPaginator(r -> r.filters(filter).maxResults(pageSize)).vpcs()) {
          ObjectNode attributes = NODES.objectNode();
          attributes.put("vpc_id", vpc.vpcId());
          attributes.put("cidr_block", vpc.cidrBlock());
          attributes.put("owner_id", vpc.ownerId());
          attributes.put("state", vpc.stateAsString());
          attributes.put("region", region.getKey());
          putBoolean(attributes, "is_default", vpc.isDefault());
          attributes.set("tags", tags(vpc.tags()));
          resources.put(vpc.vpcId(), resource(ResourceCatalogue.AWS_VPC, attributes));
        }
      } catch (SdkException e) {
        throw translate(e, "DescribeVpcs");
      }
      checkInterrupted();
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  private ReadResult subnets(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    List<Subnet> subnets =
        describe(
            stats,
            vpcsByRegion,
            "DescribeSubnets",
            (ec2, region, filter) ->
                collect(
                    ec2.describeSubnetsPaginator(r -> r.filters(filter).maxResults(pageSize))
                        .subnets()));
    Map<String, Resource> resources = new TreeMap<>();
    for (Subnet subnet : subnets) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("subnet_id", subnet.subnetId());
      attributes.put("vpc_id", subnet.vpcId());
      attributes.put("cidr_block", subnet.cidrBlock());
      attributes.put("availability_zone", subnet.availabilityZone());
      attributes.put("owner_id", subnet.ownerId());
      putBoolean(attributes, "map_public_ip_on_launch", subnet.mapPublicIpOnLaunch());
      attributes.set("tags", tags(subnet.tags()));
      resources.put(subnet.subnetId(), resource(ResourceCatalogue.AWS_SUBNET, attributes));
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  private List<SecurityGroup> describeSecurityGroups(
      CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    return describe(
        stats,
        vpcsByRegion,
        "DescribeSecurityGroups",
        (ec2, region, filter) ->
            collect(
                ec2.describeSecurityGroupsPaginator(r -> r.filters(filter).maxResults(pageSize))
                    .securityGroups()));
  }

  private ReadResult securityGroups(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    Map<String, Resource> resources = new TreeMap<>();
    for (SecurityGroup group : describeSecurityGroups(stats, vpcsByRegion)) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("group_id", group.groupId());
      attributes.put("group_name", group.groupName());
      attributes.put("description", group.description());
      attributes.put("vpc_id", group.vpcId());
      attributes.put("owner_id", group.ownerId());
      attributes.set("tags", tags(group.tags()));
      resources.put(group.groupId(), resource(ResourceCatalogue.AWS_SECURITY_GROUP, attributes));
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  /**
   * The rules of every security group in the VPCs, by rule id: the groups first (rules cannot be
   * filtered by VPC), then their rules by group id, region by region.
   */
  private Map<String, List<SecurityGroupRule>> securityGroupRules(
      CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    Map<String, List<SecurityGroupRule>> byDirection = new HashMap<>();
    byDirection.put("ingress", new ArrayList<>());
    byDirection.put("egress", new ArrayList<>());
    for (Map.Entry<String, Set<String>> region : vpcsByRegion.entrySet()) {
      Map<String, Set<String>> one = Map.of(region.getKey(), region.getValue());
      List<String> groupIds =
          describeSecurityGroups(stats, one).stream().map(SecurityGroup::groupId).toList();
      if (groupIds.isEmpty()) {
        continue;
      }
      Filter filter = Filter.builder().name("group-id").values(groupIds).build();
      try (Ec2Client ec2 = clients.ec2(stats, region.getKey())) {
        for (SecurityGroupRule rule :
            ec2.describeSecurityGroupRulesPaginator(r -> r.filters(filter).maxResults(pageSize))
                .securityGroupRules()) {
          if (rule.isEgress() == null) {
            throw malformed(
                "DescribeSecurityGroupRules: rule "
                    + rule.securityGroupRuleId()
                    + " has no isEgress");
          }
          byDirection.get(rule.isEgress() ? "egress" : "ingress").add(rule);
        }
      } catch (SdkException e) {
        throw translate(e, "DescribeSecurityGroupRules");
      }
      checkInterrupted();
    }
    return byDirection;
  }

  private ReadResult ruleResult(Map<String, List<SecurityGroupRule>> rules, boolean egress)
      throws ReadException {
    ResourceType type =
        egress
            ? ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE
            : ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE;
    Map<String, Resource> resources = new TreeMap<>();
    for (SecurityGroupRule rule : rules.get(egress ? "egress" : "ingress")) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("security_group_rule_id", rule.securityGroupRuleId());
      attributes.put("group_id", rule.groupId());
      attributes.put("ip_protocol", rule.ipProtocol());
      putInteger(attributes, "from_port", rule.fromPort());
      putInteger(attributes, "to_port", rule.toPort());
      attributes.put("cidr_ipv4", rule.cidrIpv4());
      attributes.put("cidr_ipv6", rule.cidrIpv6());
      attributes.put("prefix_list_id", rule.prefixListId());
      attributes.put(
          "referenced_group_id",
          rule.referencedGroupInfo() == null ? null : rule.referencedGroupInfo().groupId());
      attributes.put("description", rule.description());
      attributes.set("tags", tags(rule.tags()));
      resources.put(rule.securityGroupRuleId(), resource(type, attributes));
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  /** Peerings where a VPC is the requester or the accepter: two filtered listings, merged. */
  private ReadResult peerings(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    Map<String, Resource> resources = new TreeMap<>();
    for (String side : List.of("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id")) {
      List<VpcPeeringConnection> peerings =
          describe(
              stats,
              vpcsByRegion,
              "DescribeVpcPeeringConnections",
              (ec2, region, vpcFilter) -> {
                Filter filter = vpcFilter.toBuilder().name(side).build();
                return collect(
                    ec2.describeVpcPeeringConnectionsPaginator(
                            r -> r.filters(filter).maxResults(pageSize))
                        .vpcPeeringConnections());
              });
      for (VpcPeeringConnection peering : peerings) {
        ObjectNode attributes = NODES.objectNode();
        attributes.put("vpc_peering_connection_id", peering.vpcPeeringConnectionId());
        peer(attributes, "requester", peering.requesterVpcInfo());
        peer(attributes, "accepter", peering.accepterVpcInfo());
        attributes.put("status", peering.status() == null ? null : peering.status().codeAsString());
        attributes.set("tags", tags(peering.tags()));
        resources.put(
            peering.vpcPeeringConnectionId(),
            resource(ResourceCatalogue.AWS_VPC_PEERING_CONNECTION, attributes));
      }
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  private static void peer(ObjectNode attributes, String side, VpcPeeringConnectionVpcInfo info) {
    attributes.put(side + "_vpc_id", info == null ? null : info.vpcId());
    attributes.put(side + "_owner_id", info == null ? null : info.ownerId());
    attributes.put(side + "_cidr_block", info == null ? null : info.cidrBlock());
    attributes.put(side + "_region", info == null ? null : info.region());
  }

  private ReadResult vpcEndpoints(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    List<VpcEndpoint> endpoints =
        describe(
            stats,
            vpcsByRegion,
            "DescribeVpcEndpoints",
            (ec2, region, filter) ->
                collect(
                    ec2.describeVpcEndpointsPaginator(r -> r.filters(filter).maxResults(pageSize))
                        .vpcEndpoints()));
    Map<String, Resource> resources = new TreeMap<>();
    for (VpcEndpoint endpoint : endpoints) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("vpc_endpoint_id", endpoint.vpcEndpointId());
      attributes.put("vpc_endpoint_type", endpoint.vpcEndpointTypeAsString());
      attributes.put("vpc_id", endpoint.vpcId());
      attributes.put("service_name", endpoint.serviceName());
      // lower camel on the wire ("available"): the enum would say UNKNOWN_TO_SDK_VERSION
      attributes.put("state", endpoint.stateAsString());
      attributes.set(
          "policy_document",
          endpoint.policyDocument() == null
              ? NODES.nullNode()
              : document(
                  endpoint.policyDocument(),
                  "the policy of VPC endpoint " + endpoint.vpcEndpointId()));
      attributes.set("route_table_ids", sorted(endpoint.routeTableIds()));
      attributes.set("subnet_ids", sorted(endpoint.subnetIds()));
      attributes.set(
          "security_group_ids",
          sorted(endpoint.groups().stream().map(group -> group.groupId()).toList()));
      putBoolean(attributes, "private_dns_enabled", endpoint.privateDnsEnabled());
      attributes.set("tags", tags(endpoint.tags()));
      resources.put(
          endpoint.vpcEndpointId(), resource(ResourceCatalogue.AWS_VPC_ENDPOINT, attributes));
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  private ReadResult routeTables(CallStats stats, Map<String, Set<String>> vpcsByRegion)
      throws ReadException, InterruptedException {
    List<RouteTable> tables =
        describe(
            stats,
            vpcsByRegion,
            "DescribeRouteTables",
            (ec2, region, filter) ->
                collect(
                    ec2.describeRouteTablesPaginator(r -> r.filters(filter).maxResults(pageSize))
                        .routeTables()));
    Map<String, Resource> resources = new TreeMap<>();
    for (RouteTable table : tables) {
      ObjectNode attributes = NODES.objectNode();
      attributes.put("route_table_id", table.routeTableId());
      attributes.put("vpc_id", table.vpcId());
      attributes.put("owner_id", table.ownerId());
      boolean main = false;
      List<String> subnets = new ArrayList<>();
      for (RouteTableAssociation association : table.associations()) {
        if (Boolean.TRUE.equals(association.main())) {
          main = true;
        }
        if (association.subnetId() != null) {
          subnets.add(association.subnetId());
        }
      }
      attributes.put("main", main);
      attributes.set("subnet_ids", sorted(subnets));
      ArrayNode routes = attributes.putArray("routes");
      for (Route route : table.routes()) {
        ObjectNode entry = routes.addObject();
        putIfSet(entry, "cidr_block", route.destinationCidrBlock());
        putIfSet(entry, "ipv6_cidr_block", route.destinationIpv6CidrBlock());
        putIfSet(entry, "destination_prefix_list_id", route.destinationPrefixListId());
        putIfSet(entry, "gateway_id", route.gatewayId());
        putIfSet(entry, "nat_gateway_id", route.natGatewayId());
        putIfSet(entry, "vpc_peering_connection_id", route.vpcPeeringConnectionId());
        putIfSet(entry, "transit_gateway_id", route.transitGatewayId());
        putIfSet(entry, "network_interface_id", route.networkInterfaceId());
      }
      attributes.set("tags", tags(table.tags()));
      resources.put(table.routeTableId(), resource(ResourceCatalogue.AWS_ROUTE_TABLE, attributes));
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  // ---- S3 ------------------------------------------------------------------------------------

  private void scheduleS3(CollectionRun run, Scope account, Map<String, Outcome> lists) {
    Optional<ReadException> failure = dependencyFailure(account, lists, STORAGE, WORKSPACES);
    if (failure.isPresent()) {
      scheduleFailed(run, S3_TYPES, failure.get());
      return;
    }
    Map<String, String> regionByStorage = regionsBy("storage_configuration_id", lists);
    Map<String, String> buckets = new TreeMap<>();
    for (Resource storage : lists.get(STORAGE).resources()) {
      String bucket = storage.attributes().path("bucket_name").asText("");
      if (!bucket.isEmpty()) {
        buckets.putIfAbsent(bucket, regionByStorage.getOrDefault(storage.id(), fallbackRegion));
      }
    }
    CallStats stats = run.stats();
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketLocation",
                (s3, bucket) -> {
                  String constraint =
                      s3.getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString();
                  ObjectNode attributes = bucketNode(bucket);
                  attributes.put("region", bucketRegion(constraint));
                  return Optional.of(resource(ResourceCatalogue.AWS_S3_BUCKET, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_POLICY.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketPolicy",
                (s3, bucket) -> {
                  String policy = s3.getBucketPolicy(r -> r.bucket(bucket)).policy();
                  ObjectNode attributes = bucketNode(bucket);
                  attributes.set(
                      "policy",
                      policy == null
                          ? NODES.nullNode()
                          : document(policy, "the policy of bucket " + bucket));
                  return Optional.of(resource(ResourceCatalogue.AWS_S3_BUCKET_POLICY, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketPublicAccessBlock",
                (s3, bucket) -> {
                  PublicAccessBlockConfiguration block =
                      s3.getPublicAccessBlock(r -> r.bucket(bucket))
                          .publicAccessBlockConfiguration();
                  if (block == null) {
                    throw malformed(
                        "GetPublicAccessBlock: bucket "
                            + bucket
                            + " answered without a PublicAccessBlockConfiguration");
                  }
                  ObjectNode attributes = bucketNode(bucket);
                  putBoolean(attributes, "block_public_acls", block.blockPublicAcls());
                  putBoolean(attributes, "block_public_policy", block.blockPublicPolicy());
                  putBoolean(attributes, "ignore_public_acls", block.ignorePublicAcls());
                  putBoolean(attributes, "restrict_public_buckets", block.restrictPublicBuckets());
                  return Optional.of(
                      resource(ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetEncryptionConfiguration",
                (s3, bucket) -> {
                  GetBucketEncryptionResponse response =
                      s3.getBucketEncryption(r -> r.bucket(bucket));
                  ObjectNode attributes = bucketNode(bucket);
                  List<ServerSideEncryptionRule> rules =
                      response.serverSideEncryptionConfiguration() == null
                          ? List.of()
                          : response.serverSideEncryptionConfiguration().rules();
                  if (rules.isEmpty()) {
                    throw malformed(
                        "GetBucketEncryption: bucket " + bucket + " answered without a rule");
                  }
                  ServerSideEncryptionRule rule = rules.get(0);
                  ServerSideEncryptionByDefault defaults =
                      rule.applyServerSideEncryptionByDefault();
                  attributes.put(
                      "sse_algorithm", defaults == null ? null : defaults.sseAlgorithmAsString());
                  attributes.put(
                      "kms_master_key_id", defaults == null ? null : defaults.kmsMasterKeyID());
                  putBoolean(attributes, "bucket_key_enabled", rule.bucketKeyEnabled());
                  return Optional.of(
                      resource(ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_VERSIONING.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketVersioning",
                (s3, bucket) -> {
                  GetBucketVersioningResponse versioning =
                      s3.getBucketVersioning(r -> r.bucket(bucket));
                  ObjectNode attributes = bucketNode(bucket);
                  // never enabled: no Status at all
                  attributes.put("status", versioning.statusAsString());
                  attributes.put("mfa_delete", versioning.mfaDeleteAsString());
                  return Optional.of(
                      resource(ResourceCatalogue.AWS_S3_BUCKET_VERSIONING, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketOwnershipControls",
                (s3, bucket) -> {
                  List<OwnershipControlsRule> rules =
                      s3.getBucketOwnershipControls(r -> r.bucket(bucket))
                          .ownershipControls()
                          .rules();
                  if (rules.isEmpty()) {
                    throw malformed(
                        "GetBucketOwnershipControls: bucket "
                            + bucket
                            + " answered without a rule");
                  }
                  ObjectNode attributes = bucketNode(bucket);
                  attributes.put("object_ownership", rules.get(0).objectOwnershipAsString());
                  return Optional.of(
                      resource(ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS, attributes));
                }));
    run.read(
        scope,
        ResourceCatalogue.AWS_S3_BUCKET_LOGGING.name(),
        () ->
            perBucket(
                stats,
                buckets,
                "GetBucketLogging",
                (s3, bucket) -> {
                  LoggingEnabled logging =
                      s3.getBucketLogging(r -> r.bucket(bucket)).loggingEnabled();
                  if (logging == null) {
                    return Optional.empty(); // logging off
                  }
                  ObjectNode attributes = bucketNode(bucket);
                  attributes.put("target_bucket", logging.targetBucket());
                  attributes.put("target_prefix", logging.targetPrefix());
                  return Optional.of(resource(ResourceCatalogue.AWS_S3_BUCKET_LOGGING, attributes));
                }));
  }

  @FunctionalInterface
  private interface BucketCall {
    Optional<Resource> call(S3Client s3, String bucket) throws SdkException, ReadException;
  }

  /**
   * One configuration GET per bucket, each in its workspace's region. "Not configured" and a bucket
   * that does not exist give no resource; any other error fails the read.
   */
  private ReadResult perBucket(
      CallStats stats, Map<String, String> buckets, String action, BucketCall call)
      throws ReadException, InterruptedException {
    Map<String, S3Client> byRegion = new HashMap<>();
    List<Resource> resources = new ArrayList<>();
    try {
      for (Map.Entry<String, String> bucket : buckets.entrySet()) {
        S3Client s3 =
            byRegion.computeIfAbsent(bucket.getValue(), region -> clients.s3(stats, region));
        try {
          call.call(s3, bucket.getKey()).ifPresent(resources::add);
        } catch (AwsServiceException e) {
          String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
          if (code == null || !NOT_CONFIGURED.contains(code)) {
            throw translate(e, action);
          }
        } catch (SdkException e) {
          throw translate(e, action);
        }
        checkInterrupted();
      }
    } finally {
      byRegion.values().forEach(S3Client::close);
    }
    return ReadResult.of(resources);
  }

  private static ObjectNode bucketNode(String bucket) {
    ObjectNode attributes = NODES.objectNode();
    attributes.put("bucket", bucket);
    return attributes;
  }

  /** GetBucketLocation: empty means us-east-1, EU the legacy name of eu-west-1. */
  static String bucketRegion(String constraint) {
    if (constraint == null || constraint.isEmpty() || constraint.equals("null")) {
      return "us-east-1";
    }
    return constraint.equals("EU") ? "eu-west-1" : constraint;
  }

  // ---- KMS -----------------------------------------------------------------------------------

  private void scheduleKms(CollectionRun run, Scope account, Map<String, Outcome> lists) {
    Optional<ReadException> failure = dependencyFailure(account, lists, KEYS);
    if (failure.isPresent()) {
      scheduleFailed(run, KMS_TYPES, failure.get());
      return;
    }
    Map<String, String> keys = new TreeMap<>();
    for (Resource key : lists.get(KEYS).resources()) {
      String arn = key.attributes().path("key_arn").asText("");
      if (!arn.isEmpty()) {
        String[] parts = arn.split(":", 6);
        String region =
            parts.length == 6 && !parts[3].isEmpty()
                ? parts[3]
                : key.attributes().path("key_region").asText(fallbackRegion);
        keys.put(arn, region);
      }
    }
    CallStats stats = run.stats();
    run.read(scope, ResourceCatalogue.AWS_KMS_KEY.name(), () -> kmsKeys(stats, keys));
  }

  private ReadResult kmsKeys(CallStats stats, Map<String, String> keys)
      throws ReadException, InterruptedException {
    Map<String, KmsClient> byRegion = new HashMap<>();
    Map<String, Resource> resources = new TreeMap<>();
    try {
      for (Map.Entry<String, String> key : keys.entrySet()) {
        KmsClient kms =
            byRegion.computeIfAbsent(key.getValue(), region -> clients.kms(stats, region));
        String arn = key.getKey();
        KeyMetadata metadata;
        try {
          metadata = kms.describeKey(r -> r.keyId(arn)).keyMetadata();
        } catch (NotFoundException gone) {
          continue; // the configuration names a key that no longer exists
        } catch (SdkException e) {
          throw translate(e, "DescribeKey");
        }
        if (metadata == null || metadata.keyId() == null) {
          throw malformed("DescribeKey: key " + arn + " answered without KeyMetadata");
        }
        ObjectNode attributes = NODES.objectNode();
        attributes.put("key_id", metadata.keyId());
        attributes.put("arn", metadata.arn());
        attributes.put("description", metadata.description());
        attributes.put("key_usage", metadata.keyUsageAsString());
        attributes.put("key_spec", metadata.keySpecAsString());
        attributes.put("key_state", metadata.keyStateAsString());
        attributes.put("key_manager", metadata.keyManagerAsString());
        attributes.put("origin", metadata.originAsString());
        putBoolean(attributes, "enabled", metadata.enabled());
        putBoolean(attributes, "multi_region", metadata.multiRegion());
        try {
          GetKeyRotationStatusResponse rotation = kms.getKeyRotationStatus(r -> r.keyId(arn));
          putBoolean(attributes, "enable_key_rotation", rotation.keyRotationEnabled());
          putInteger(attributes, "rotation_period_in_days", rotation.rotationPeriodInDays());
        } catch (software.amazon.awssdk.services.kms.model.UnsupportedOperationException cannot) {
          // asymmetric, HMAC, imported or custom-store keys cannot rotate: not applicable
          attributes.putNull("enable_key_rotation");
          attributes.putNull("rotation_period_in_days");
        } catch (SdkException e) {
          throw translate(e, "GetKeyRotationStatus");
        }
        try {
          String policy = kms.getKeyPolicy(r -> r.keyId(arn).policyName("default")).policy();
          attributes.set(
              "policy",
              policy == null ? NODES.nullNode() : document(policy, "the key policy of " + arn));
        } catch (SdkException e) {
          throw translate(e, "GetKeyPolicy");
        }
        resources.put(metadata.keyId(), resource(ResourceCatalogue.AWS_KMS_KEY, attributes));
        checkInterrupted();
      }
    } finally {
      byRegion.values().forEach(KmsClient::close);
    }
    return ReadResult.of(List.copyOf(resources.values()));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Resource resource(ResourceType type, ObjectNode attributes) {
    return new Resource(type.name(), type.id(attributes), scope, attributes);
  }

  private static <T> List<T> collect(Iterable<T> items) {
    List<T> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }

  private static JsonNode document(String text, String what) throws ReadException {
    try {
      return PolicyDocuments.decodeNormalized(text, what);
    } catch (PolicyDocuments.MalformedDocumentException e) {
      throw new ReadException(
          OptionalInt.empty(), "MALFORMED_RESPONSE", e.getMessage(), true, Optional.empty(), e);
    }
  }

  private static ObjectNode tags(List<Tag> tags) {
    Map<String, String> sorted = new TreeMap<>();
    tags.forEach(tag -> sorted.put(tag.key(), tag.value()));
    ObjectNode node = NODES.objectNode();
    sorted.forEach(node::put);
    return node;
  }

  private static ArrayNode sorted(Collection<String> values) {
    ArrayNode list = NODES.arrayNode();
    new TreeSet<>(values).forEach(list::add);
    return list;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static void putBoolean(ObjectNode node, String field, Boolean value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.booleanValue());
    }
  }

  private static void putInteger(ObjectNode node, String field, Integer value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.intValue());
    }
  }

  private static ReadException malformed(String message) {
    return new ReadException(
        OptionalInt.empty(), "MALFORMED_RESPONSE", message, true, Optional.empty(), null);
  }

  private static ReadException translate(SdkException e, String action)
      throws InterruptedException {
    if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
      InterruptedException interrupted =
          new InterruptedException(action + " was interrupted (the scan deadline passed)");
      interrupted.initCause(e);
      throw interrupted;
    }
    return IamErrors.translate(e, action);
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while reading AWS");
    }
  }
}
