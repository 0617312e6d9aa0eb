package io.plumbline.access;

import io.plumbline.model.Secret;

/**
 * Where bearer tokens are registered for callers of the API. The API's token registry implements
 * it; the demo registers the tokens it prints through it, without depending on the API.
 */
public interface CallerTokens {

  /** Accepts {@code token} for a caller named {@code name} with {@code role}. */
  void register(String name, Role role, Secret token);
}
