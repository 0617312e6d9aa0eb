package io.plumbline.policy.facts;

import io.plumbline.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Facts from AWS IAM resources: resource type -> the facts one resource gives. */
final class AwsFacts {

  static final Map<String, Function<Resource, List<Fact>>> BY_TYPE = Map.of();

  private AwsFacts() {}
}
