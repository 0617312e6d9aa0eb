package io.plumbline.model;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Terraform resource type a resource type is imported from, and which of its attributes become
 * which declared attributes. A Terraform attribute is named by its path in the state, dots between
 * steps ({@code aws_iam_role.0.role_arn}); only attributes present in the state are copied.
 */
public record TerraformSource(String resourceType, Map<String, String> attributes) {

  public TerraformSource {
    requireNonNull(resourceType, "resourceType is null");
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
