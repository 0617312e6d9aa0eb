package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Resource;

/**
 * A personal access token of a workspace ({@code databricks_token}). Times are epoch milliseconds;
 * {@code expiryTime} is -1 for a token that never expires.
 */
public final class Token implements Fact {

  private final ResourceRef ref;
  private final String owner;
  private final String comment;
  private final long creationTime;
  private final long expiryTime;
  private final long lastUsedDay;

  public Token(
      ResourceRef ref,
      String owner,
      String comment,
      long creationTime,
      long expiryTime,
      long lastUsedDay) {
    this.ref = requireNonNull(ref, "ref is null");
    this.owner = requireNonNull(owner, "owner is null");
    this.comment = requireNonNull(comment, "comment is null");
    this.creationTime = creationTime;
    this.expiryTime = expiryTime;
    this.lastUsedDay = lastUsedDay;
  }

  static Token of(Resource resource) {
    return new Token(
        ResourceRef.of(resource),
        resource.attributes().path("created_by_username").asText(""),
        resource.attributes().path("comment").asText(""),
        resource.attributes().path("creation_time").asLong(0),
        resource.attributes().path("expiry_time").asLong(-1),
        resource.attributes().path("last_used_day").asLong(0));
  }

  @Override
  public ResourceRef ref() {
    return ref;
  }

  public String getId() {
    return ref.id();
  }

  public String getOwner() {
    return owner;
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
    return isNeverExpires() ? -1 : Math.max(0, (expiryTime - creationTime) / 86_400_000L);
  }

  public long getLastUsedDay() {
    return lastUsedDay;
  }
}
