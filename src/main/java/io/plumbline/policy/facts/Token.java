package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.Resource;

/**
 * A personal access token of a workspace ({@code databricks_token}). Times are epoch milliseconds,
 * {@code last_used_day} included (the API gives the start of the day the token was last used, 0 or
 * absent when it never was); {@code expiryTime} is -1 for a token that never expires.
 */
public final class Token implements Fact {

  private static final long DAY_MILLIS = 86_400_000L;

  private final ResourceRef ref;
  private final String workspaceId;
  private final String owner;
  private final String ownerId;
  private final String comment;
  private final long creationTime;
  private final long expiryTime;
  private final long lastUsedDay;

  /**
   * @param owner who created the token, as the API names them: a userName, or a service principal's
   *     applicationId
   * @param ownerId the SCIM id of the token's owner; empty when unknown
   */
  public Token(
      ResourceRef ref,
      String workspaceId,
      String owner,
      String ownerId,
      String comment,
      long creationTime,
      long expiryTime,
      long lastUsedDay) {
    this.ref = requireNonNull(ref, "ref is null");
    this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.ownerId = requireNonNull(ownerId, "ownerId is null");
    this.comment = requireNonNull(comment, "comment is null");
    this.creationTime = creationTime;
    this.expiryTime = expiryTime;
    this.lastUsedDay = lastUsedDay;
  }

  static Token of(Resource resource) {
    JsonNode attributes = resource.attributes();
    return new Token(
        ResourceRef.of(resource),
        Attributes.workspaceId(resource),
        Attributes.text(attributes, "created_by_username"),
        Attributes.text(attributes, "owner_id"),
        Attributes.text(attributes, "comment"),
        Attributes.number(attributes, "creation_time", 0),
        Attributes.number(attributes, "expiry_time", -1),
        Attributes.number(attributes, "last_used_day", 0));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getId() {
    return ref.id();
  }

  public String getWorkspaceId() {
    return workspaceId;
  }

  public String getOwner() {
    return owner;
  }

  public String getOwnerId() {
    return ownerId;
  }

  public String getComment() {
    return comment;
  }

  public long getCreationTime() {
    return creationTime;
  }

  public long getExpiryTime() {
    return expiryTime;
  }

  public boolean isNeverExpires() {
    return expiryTime <= 0;
  }

  /** Lifetime in days, or -1 for a token that never expires. */
  public long getLifetimeDays() {
    return isNeverExpires() ? -1 : Math.max(0, (expiryTime - creationTime) / DAY_MILLIS);
  }

  public long getLastUsedDay() {
    return lastUsedDay;
  }

  public boolean isEverUsed() {
    return lastUsedDay > 0;
  }

  /**
   * The day (days since 1970-01-01, as {@link Clock#getEpochDay()}) of the token's last known
   * activity: its last use, or its creation when it was never used.
   */
  public long getLastActivityEpochDay() {
    return (isEverUsed() ? lastUsedDay : creationTime) / DAY_MILLIS;
  }
}
