package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import java.util.List;

/**
 * Private access settings of the account ({@code databricks_mws_private_access_settings}): whether
 * PrivateLink workspaces using them are also reachable from the public internet, and from which VPC
 * endpoints.
 */
public final class MwsPrivateAccessSettings implements Fact {

  private final ResourceRef ref;
  private final String privateAccessSettingsId;
  private final String name;
  private final String region;
  private final boolean publicAccessEnabled;
  private final String privateAccessLevel;
  private final List<String> allowedVpcEndpointIds;

  public MwsPrivateAccessSettings(
      ResourceRef ref,
      String privateAccessSettingsId,
      String name,
      String region,
      boolean publicAccessEnabled,
      String privateAccessLevel,
      List<String> allowedVpcEndpointIds) {
    this.ref = requireNonNull(ref, "ref is null");
    this.privateAccessSettingsId =
        requireNonNull(privateAccessSettingsId, "privateAccessSettingsId is null");
    this.name = requireNonNull(name, "name is null");
    this.region = requireNonNull(region, "region is null");
    this.publicAccessEnabled = publicAccessEnabled;
    this.privateAccessLevel = requireNonNull(privateAccessLevel, "privateAccessLevel is null");
    this.allowedVpcEndpointIds = List.copyOf(allowedVpcEndpointIds);
  }

  static MwsPrivateAccessSettings of(Resource resource) {
    return new MwsPrivateAccessSettings(
        ResourceRef.of(resource),
        resource.id(),
        Attributes.text(resource.attributes(), "private_access_settings_name"),
        Attributes.text(resource.attributes(), "region"),
        // the API's default is false: an absent flag is no public access
        Attributes.flag(resource.attributes(), "public_access_enabled", false),
        Attributes.text(resource.attributes(), "private_access_level"),
        Attributes.texts(resource.attributes().path("allowed_vpc_endpoint_ids")));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getAccountId() {
    return ref.scope().id();
  }

  public String getPrivateAccessSettingsId() {
    return privateAccessSettingsId;
  }

  public String getName() {
    return name;
  }

  public String getRegion() {
    return region;
  }

  public boolean isPublicAccessEnabled() {
    return publicAccessEnabled;
  }

  /** ACCOUNT (any VPC endpoint of the account), ENDPOINT (only the allowed ones) or "". */
  public String getPrivateAccessLevel() {
    return privateAccessLevel;
  }

  /** Absent (the API's default, ACCOUNT) or a level plumbline knows. */
  public boolean isPrivateAccessLevelKnown() {
    return privateAccessLevel.isEmpty()
        || KnownValues.PRIVATE_ACCESS_LEVELS.contains(privateAccessLevel);
  }

  public List<String> getAllowedVpcEndpointIds() {
    return allowedVpcEndpointIds;
  }
}
