package io.plumbline.baseline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.ManagementMode;
import io.plumbline.model.MigrationType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The management modes in force somewhere: a migration type giving the defaults, and explicit modes
 * per kind that override them. Layers (defaults, account, tiers, workspace) combine with {@link
 * #then}: the later layer's migration type and modes win.
 */
public record Modes(Optional<MigrationType> migration, Map<BaselineKind, ManagementMode> explicit) {

  public static final MigrationType DEFAULT_MIGRATION = MigrationType.FULL;

  public Modes {
    requireNonNull(migration, "migration is null");
    explicit = Map.copyOf(explicit);
  }

  public static Modes none() {
    return new Modes(Optional.empty(), Map.of());
  }

  /**
   * The {@code migration} and {@code modes} fields of a baseline section; the schema has checked
   * their values.
   */
  static Modes of(JsonNode section) {
    Optional<MigrationType> migration =
        section.hasNonNull("migration")
            ? Optional.of(MigrationType.parse(section.path("migration").asText()))
            : Optional.empty();
    Map<BaselineKind, ManagementMode> explicit = new EnumMap<>(BaselineKind.class);
    section
        .path("modes")
        .properties()
        .forEach(
            entry ->
                BaselineKind.byKey(entry.getKey())
                    .ifPresent(
                        kind ->
                            explicit.put(kind, ManagementMode.parse(entry.getValue().asText()))));
    return new Modes(migration, explicit);
  }

  /** This layer overridden by a more specific one. */
  public Modes then(Modes specific) {
    Map<BaselineKind, ManagementMode> merged = new EnumMap<>(BaselineKind.class);
    merged.putAll(explicit);
    merged.putAll(specific.explicit);
    return new Modes(specific.migration.or(() -> migration), merged);
  }

  public ManagementMode mode(BaselineKind kind) {
    ManagementMode mode = explicit.get(kind);
    return mode != null ? mode : kind.defaultMode(migration.orElse(DEFAULT_MIGRATION));
  }
}
