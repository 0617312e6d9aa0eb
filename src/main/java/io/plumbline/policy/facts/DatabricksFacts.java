package io.plumbline.policy.facts;

import io.plumbline.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Facts from Databricks resources: resource type -> the facts one resource gives. */
final class DatabricksFacts {

  static final Map<String, Function<Resource, List<Fact>>> BY_TYPE =
      Map.of("databricks_token", resource -> List.of(Token.of(resource)));

  private DatabricksFacts() {}
}
