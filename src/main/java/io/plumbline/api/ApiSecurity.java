package io.plumbline.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token authentication for /api/v1: {@code Authorization: Bearer <token>}, the token looked
 * up in {@link ApiTokens}; the caller gets its role and every weaker one. No or an unknown token is
 * 401 with a {@code WWW-Authenticate: Bearer} challenge; a known token without the endpoint's role
 * is 403.
 */
public final class ApiSecurity {

  private ApiSecurity() {}

  @Singleton
  public static final class Tokens {
    @Produces
    @Singleton
    ApiTokens tokens(ApiConfig config) {
      return ApiTokens.from(config, System::getenv);
    }
  }

  @ApplicationScoped
  public static final class BearerMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(
        RoutingContext context, IdentityProviderManager identityProviderManager) {
      String header = context.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        return Uni.createFrom().optional(Optional.empty());
      }
      String token = header.substring(PREFIX.length()).strip();
      return identityProviderManager.authenticate(
          new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
      return Uni.createFrom()
          .item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"plumbline\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
      return Set.of(TokenAuthenticationRequest.class);
    }
  }

  @ApplicationScoped
  public static final class TokenIdentityProvider
      implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiTokens tokens;

    @Inject
    public TokenIdentityProvider(ApiTokens tokens) {
      this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
      return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
        TokenAuthenticationRequest request, AuthenticationRequestContext context) {
      return tokens
          .lookup(request.getToken().getToken())
          .map(
              caller ->
                  Uni.createFrom()
                      .item(
                          (SecurityIdentity)
                              QuarkusSecurityIdentity.builder()
                                  .setPrincipal(new QuarkusPrincipal(caller.name()))
                                  .addRoles(caller.role().grantedNames())
                                  .build()))
          .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException()));
    }
  }
}
