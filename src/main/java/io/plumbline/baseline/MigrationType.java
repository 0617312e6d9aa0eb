package io.plumbline.baseline;

import java.util.Locale;

/**
 * How a workspace came onto the E2 multi-workspace model, which decides who owns each resource kind
 * by default: the migration table of REFERENCE-ESTATE.md. {@code Terraform} there is {@link
 * ManagementMode#EXACT}, {@code Mixed} {@link ManagementMode#SUBSET}, {@code Manual} {@link
 * ManagementMode#OBSERVE} and {@code SCIM/SAML} {@link ManagementMode#EXTERNAL}.
 */
public enum MigrationType {
  FULL,
  PARTIAL,
  STRUCTURAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The default mode of a kind. Users come from SCIM/SAML in every migration type, and so do
   * service principals here (an identity is the identity provider's); group memberships are Mixed
   * in a Structural migration, group-cluster permissions (cluster policy grants) Manual. Kinds the
   * table does not name are infrastructure the Terraform mono-repo builds: exact.
   */
  public ManagementMode defaultMode(BaselineKind kind) {
    return switch (kind) {
      case USERS, SERVICE_PRINCIPALS -> ManagementMode.EXTERNAL;
      case GROUP_MEMBERS -> this == STRUCTURAL ? ManagementMode.SUBSET : ManagementMode.EXACT;
      case CLUSTER_POLICY_PERMISSIONS ->
          this == STRUCTURAL ? ManagementMode.OBSERVE : ManagementMode.EXACT;
      default -> ManagementMode.EXACT;
    };
  }

  public static MigrationType parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid migration type \"" + text + "\": expected full, partial or structural");
    }
  }
}
