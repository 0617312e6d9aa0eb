package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a resource type is declared in baseline files, and who owns it by default in each migration
 * type (the migration table of REFERENCE-ESTATE.md: Terraform is {@link ManagementMode#EXACT},
 * Mixed {@link ManagementMode#SUBSET}, Manual {@link ManagementMode#OBSERVE}, SCIM/SAML {@link
 * ManagementMode#EXTERNAL}).
 *
 * @param key the section and {@code modes} key, e.g. {@code cluster_policies}
 * @param itemName the attribute that names an item of the section ({@code name}, {@code
 *     display_name}); empty for a section that is one object per scope
 * @param attributes what an item declares besides its name, for a section compared attribute by
 *     attribute (what {@code baseline accept} writes); empty where a dedicated comparison decides
 * @param defaultModes who owns the section by default in each migration type
 */
public record BaselineSection(
    String key,
    String itemName,
    List<String> attributes,
    Map<MigrationType, ManagementMode> defaultModes) {

  public BaselineSection {
    requireNonNull(key, "key is null");
    requireNonNull(itemName, "itemName is null");
    attributes = List.copyOf(attributes);
    EnumMap<MigrationType, ManagementMode> all = new EnumMap<>(MigrationType.class);
    all.putAll(defaultModes);
    for (MigrationType type : MigrationType.values()) {
      if (!all.containsKey(type)) {
        throw new IllegalArgumentException(key + " has no default mode for " + type.label());
      }
    }
    defaultModes = java.util.Collections.unmodifiableMap(all);
  }

  /** A section every migration type leaves to the same owner. */
  public static BaselineSection of(
      String key, String itemName, ManagementMode mode, List<String> attributes) {
    Map<MigrationType, ManagementMode> modes = new EnumMap<>(MigrationType.class);
    for (MigrationType type : MigrationType.values()) {
      modes.put(type, mode);
    }
    return new BaselineSection(key, itemName, attributes, modes);
  }

  /** Compared attribute by attribute, with nothing but the declaration's attribute list. */
  public boolean generic() {
    return !attributes.isEmpty();
  }

  public ManagementMode defaultMode(MigrationType migration) {
    return defaultModes.get(requireNonNull(migration, "migration is null"));
  }
}
