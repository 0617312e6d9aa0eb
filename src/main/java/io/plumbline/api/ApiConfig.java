package io.plumbline.api;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call the REST API. Each token has a name (shown in logs and audit trails, never the
 * token), a role, and its value from a file or an environment variable, or only its SHA-256 so that
 * configuration files hold nothing secret.
 *
 * <pre>
 * plumbline:
 *   api:
 *     tokens:
 *       grafana:   {role: viewer,   sha256: 9f86d0...}
 *       audit-bot: {role: auditor,  file: /run/secrets/audit-token}
 *       ci:        {role: operator, env: PLUMBLINE_CI_TOKEN}
 * </pre>
 */
@ConfigMapping(prefix = "plumbline.api")
public interface ApiConfig {

  /** Bearer tokens by name. With none configured every API call is refused (401). */
  Map<String, Token> tokens();

  interface Token {
    /** viewer, auditor or operator (cumulative). */
    String role();

    /** Hex SHA-256 of the token. */
    Optional<String> sha256();

    /** A file holding the token. */
    Optional<Path> file();

    /** An environment variable holding the token. */
    Optional<String> env();
  }
}
