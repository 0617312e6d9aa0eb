package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;

/**
 * A Unity Catalog metastore of the account ({@code databricks_metastore}). Absent texts are empty
 * strings; an absent Delta Sharing recipient token lifetime is 0, which the API uses for "never
 * expires".
 */
public final class Metastore implements Fact {

  private final ResourceRef ref;
  private final String name;
  private final String region;
  private final String storageRoot;
  private final String owner;
  private final String deltaSharingScope;
  private final long deltaSharingRecipientTokenLifetimeSeconds;

  public Metastore(
      ResourceRef ref,
      String name,
      String region,
      String storageRoot,
      String owner,
      String deltaSharingScope,
      long deltaSharingRecipientTokenLifetimeSeconds) {
    this.ref = requireNonNull(ref, "ref is null");
    this.name = requireNonNull(name, "name is null");
    this.region = requireNonNull(region, "region is null");
    this.storageRoot = requireNonNull(storageRoot, "storageRoot is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.deltaSharingScope = requireNonNull(deltaSharingScope, "deltaSharingScope is null");
    this.deltaSharingRecipientTokenLifetimeSeconds = deltaSharingRecipientTokenLifetimeSeconds;
  }

  static Metastore of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new Metastore(
        ResourceRef.of(resource),
        Attributes.text(attributes, "name"),
        Attributes.text(attributes, "region"),
        Attributes.text(attributes, "storage_root"),
        Attributes.text(attributes, "owner"),
        Attributes.text(attributes, "delta_sharing_scope"),
        Attributes.number(attributes, "delta_sharing_recipient_token_lifetime_in_seconds", 0));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getMetastoreId() {
    return ref.id();
  }

  public String getName() {
    return name;
  }

  public String getRegion() {
    return region;
  }

  public String getStorageRoot() {
    return storageRoot;
  }

  public boolean isRootStorageSet() {
    return !storageRoot.isBlank();
  }

  public String getOwner() {
    return owner;
  }

  /** INTERNAL, or INTERNAL_AND_EXTERNAL when sharing with other organisations is on. */
  public String getDeltaSharingScope() {
    return deltaSharingScope;
  }

  public boolean isExternalSharingEnabled() {
    return deltaSharingScope.equals("INTERNAL_AND_EXTERNAL");
  }

  /** Absent (Delta Sharing never set up) or a scope plumbline knows. */
  public boolean isDeltaSharingScopeKnown() {
    return deltaSharingScope.isEmpty()
        || KnownValues.DELTA_SHARING_SCOPES.contains(deltaSharingScope);
  }

  public long getDeltaSharingRecipientTokenLifetimeSeconds() {
    return deltaSharingRecipientTokenLifetimeSeconds;
  }
}
