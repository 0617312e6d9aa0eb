package io.plumbline.model;

import java.util.Locale;

/**
 * How a workspace came onto the E2 multi-workspace model, which decides who owns each resource kind
 * by default: the migration table of REFERENCE-ESTATE.md. {@code Terraform} there is {@link
 * ManagementMode#EXACT}, {@code Mixed} {@link ManagementMode#SUBSET}, {@code Manual} {@link
 * ManagementMode#OBSERVE} and {@code SCIM/SAML} {@link ManagementMode#EXTERNAL}.
 *
 * <p>Row by row (each section's {@link BaselineSection#defaultModes()}): Jobs and Notebooks (with
 * their permissions) are Terraform, Mixed, Manual for Full, Partial, Structural; Group-Cluster
 * Permissions are the cluster ACLs ({@code cluster_permissions}: Terraform, Terraform, Manual), not
 * the cluster-policy grants, which keep their own section ({@code cluster_policy_permissions});
 * Cluster IAM Permissions are the instance profiles clusters and job clusters run with ({@code
 * instance_profiles} and each job's {@code instance_profile_arns}: Terraform everywhere). Under
 * Mixed, a job or notebook the baseline declares (as imported from Terraform state) is managed; the
 * rest are allowed and listed, except a job tagged {@code managed_by=terraform} that the baseline
 * does not declare, which fails (docs/baselines.md).
 */
public enum MigrationType {
  FULL,
  PARTIAL,
  STRUCTURAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
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
