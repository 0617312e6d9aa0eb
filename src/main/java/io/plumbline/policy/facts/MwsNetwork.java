package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;
import java.util.List;

/** A customer-managed VPC configuration of the account ({@code databricks_mws_networks}). */
public final class MwsNetwork implements Fact {

  private final ResourceRef ref;
  private final String networkId;
  private final String name;
  private final String vpcId;
  private final String vpcStatus;
  private final String workspaceId;
  private final List<String> subnetIds;
  private final List<String> securityGroupIds;

  public MwsNetwork(
      ResourceRef ref,
      String networkId,
      String name,
      String vpcId,
      String vpcStatus,
      String workspaceId,
      List<String> subnetIds,
      List<String> securityGroupIds) {
    this.ref = requireNonNull(ref, "ref is null");
    this.networkId = requireNonNull(networkId, "networkId is null");
    this.name = requireNonNull(name, "name is null");
    this.vpcId = requireNonNull(vpcId, "vpcId is null");
    this.vpcStatus = requireNonNull(vpcStatus, "vpcStatus is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.subnetIds = List.copyOf(subnetIds);
    this.securityGroupIds = List.copyOf(securityGroupIds);
  }

  static MwsNetwork of(Resource resource) {
    return new MwsNetwork(
        ResourceRef.of(resource),
        resource.id(),
        Attributes.text(resource.attributes(), "network_name"),
        Attributes.text(resource.attributes(), "vpc_id"),
        Attributes.text(resource.attributes(), "vpc_status"),
        Attributes.text(resource.attributes(), "workspace_id"),
        Attributes.texts(resource.attributes().path("subnet_ids")),
        Attributes.texts(resource.attributes().path("security_group_ids")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getAccountId() {
    return ref.scope().id();
  }

  public String getNetworkId() {
    return networkId;
  }

  public String getName() {
    return name;
  }

  public String getVpcId() {
    return vpcId;
  }

  /** VALID, BROKEN, UNATTACHED or WARNED; "" when the API sent no status it knows. */
  public String getVpcStatus() {
    return vpcStatus;
  }

  /** The workspace using the network, or "" for none. */
  public String getWorkspaceId() {
    return workspaceId;
  }

  public List<String> getSubnetIds() {
    return subnetIds;
  }

  public List<String> getSecurityGroupIds() {
    return securityGroupIds;
  }
}
