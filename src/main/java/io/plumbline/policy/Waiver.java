package io.plumbline.policy;

import static java.util.Objects.requireNonNull;

import io.plumbline.model.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A decision to accept a failing finding for a while. {@code rule}, {@code scope}, {@code resource}
 * and {@code attribute} are glob patterns ({@code *} any characters, {@code ?} one) over the
 * finding's rule id, scope ({@code workspace:1000000000000101}), resource id and drifted attribute;
 * an absent pattern matches everything. {@code expires} is the last day (UTC) the waiver is in
 * force.
 *
 * @param source where the waiver is declared, {@code file:line}
 */
public record Waiver(
    String id,
    String rule,
    Optional<String> scope,
    Optional<String> resource,
    Optional<String> attribute,
    String justification,
    String owner,
    String ticket,
    LocalDate expires,
    String source) {

  public Waiver {
    requireNonNull(id, "id is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(justification, "justification is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(ticket, "ticket is null");
    requireNonNull(expires, "expires is null");
    requireNonNull(source, "source is null");
  }

  /** The first instant the waiver no longer applies: the start of the day after {@code expires}. */
  public Instant expiresAt() {
    return expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public boolean isInForce(Instant now) {
    return now.isBefore(expiresAt());
  }

  public boolean matches(Finding finding) {
    return glob(rule, finding.ruleId())
        && scope.map(pattern -> glob(pattern, finding.scope().toString())).orElse(true)
        && resource.map(pattern -> glob(pattern, finding.resourceId())).orElse(true)
        && attribute
            .map(pattern -> finding.attribute().map(value -> glob(pattern, value)).orElse(false))
            .orElse(true);
  }

  static boolean glob(String pattern, String text) {
    StringBuilder regex = new StringBuilder();
    for (char character : pattern.toCharArray()) {
      switch (character) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(character)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
  }
}
