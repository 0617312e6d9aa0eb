package io.plumbline.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.model.normal.ClusterPolicyDefinitions;
import io.plumbline.model.normal.PolicyDocuments;
import java.util.function.UnaryOperator;

/**
 * A semantic normal form: a way of writing an attribute's value in which two values that mean the
 * same thing are equal. Collectors store values in their normal form; baselines and drift bring a
 * declared or older value into it before comparing.
 */
public enum NormalForm {
  /** An IAM policy document: statements as a set, single values as lists, keys sorted. */
  IAM_POLICY_DOCUMENT(NormalForm::policyDocument),
  /** An IAM role's trust policy: an IAM policy document whose principals are what matters. */
  TRUST_POLICY(NormalForm::policyDocument),
  /** A cluster policy definition, parsed: keys sorted, one-value allowlists as fixed. */
  CLUSTER_POLICY_DEFINITION(
      value ->
          ClusterPolicyDefinitions.normalise(
              value.isTextual() ? value.asText() : value.toString()));

  private final UnaryOperator<JsonNode> normaliser;

  NormalForm(UnaryOperator<JsonNode> normaliser) {
    this.normaliser = normaliser;
  }

  /** The value in this normal form; a value that is not a document of the kind is kept as is. */
  public JsonNode normalise(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return value;
    }
    return normaliser.apply(value);
  }

  private static JsonNode policyDocument(JsonNode value) {
    return value.isObject() ? PolicyDocuments.normalize(value) : value;
  }
}
