package io.plumbline.policy.facts;

import static java.util.Map.entry;

import io.plumbline.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Facts from Databricks resources: resource type -> the facts one resource gives. */
final class DatabricksFacts {

  static final Map<String, Function<Resource, List<Fact>>> BY_TYPE =
      Map.ofEntries(
          one("databricks_mws_workspaces", Workspace::of),
          one("databricks_user", User::of),
          one("databricks_group", Group::of),
          one("databricks_group_member", GroupMember::of),
          one("databricks_mws_permission_assignment", PermissionAssignment::of),
          many("databricks_workspace_conf", WorkspaceConf::of),
          one("databricks_cluster_policy", ClusterPolicy::of),
          many("databricks_permissions", ObjectGrant::facts),
          one("databricks_instance_profile", InstanceProfile::of),
          one("databricks_token", Token::of),
          one("databricks_metastore_assignment", MetastoreAssignment::of));

  private DatabricksFacts() {}

  private static Map.Entry<String, Function<Resource, List<Fact>>> one(
      String type, Function<Resource, ? extends Fact> factory) {
    return entry(type, resource -> List.of(factory.apply(resource)));
  }

  private static Map.Entry<String, Function<Resource, List<Fact>>> many(
      String type, Function<Resource, ? extends List<? extends Fact>> factory) {
    return entry(type, resource -> List.copyOf(factory.apply(resource)));
  }
}
