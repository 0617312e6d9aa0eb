package io.plumbline.baseline;

import static io.plumbline.baseline.JsonValues.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.JsonKinds;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import io.plumbline.model.Attribute;
import io.plumbline.model.AttributeType;
import io.plumbline.model.BaselineSection;
import io.plumbline.model.PermissionKind;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.TerraformSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns Terraform state into a baseline document (docs/baselines.md): every managed resource of a
 * type DATABRICKS-API.md lists, keeping its Terraform address as {@code terraform:} provenance so
 * that drift names the resource to change. Data sources declare nothing, but their ids still name
 * users and groups that members and assignments refer to.
 *
 * <p>Which workspace a workspace-level resource belongs to is not in the state: it is given by
 * mappings from a module path ({@code module.workspace["prod"]}, which also covers the modules
 * nested in it) or from a provider configuration ({@code databricks.prod}, the alias of a
 * databricks provider) to a workspace name; a provider mapping wins over a module mapping, the
 * longest module path over a shorter one; the target {@code account} puts account-level resources
 * (groups, members, IP access lists) declared inside a workspace's module back at account level.
 * Resources that carry a {@code workspace_id} (metastore and identity assignments) need none.
 */
public final class TerraformImporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Types known to DATABRICKS-API.md that a baseline does not model; named in the summary. */
  /**
   * Types imported from their declaration alone ({@link #declared}); the others have a case of
   * their own in {@link #convert} because their import does more than copy attributes: defaults the
   * state leaves out (IP lists enabled, instance profiles not meta), principals resolved by id
   * (members, assignments, grants), documents parsed (policies, definitions), workspaces mapped by
   * id, and IAM roles assembled from three resource types.
   */
  private static final Set<String> GENERIC_IMPORTS =
      Set.of(
          ResourceCatalogue.MWS_CREDENTIALS.name(),
          ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS.name(),
          ResourceCatalogue.MWS_NETWORKS.name(),
          ResourceCatalogue.CATALOG.name(),
          ResourceCatalogue.STORAGE_CREDENTIAL.name(),
          ResourceCatalogue.EXTERNAL_LOCATION.name(),
          ResourceCatalogue.GLOBAL_INIT_SCRIPT.name(),
          // workspace objects (issue 11)
          ResourceCatalogue.JOB.name(),
          ResourceCatalogue.NOTEBOOK.name(),
          ResourceCatalogue.DIRECTORY.name(),
          ResourceCatalogue.REPO.name(),
          ResourceCatalogue.SECRET_SCOPE.name(),
          ResourceCatalogue.SECRET_ACL.name(),
          ResourceCatalogue.SQL_ENDPOINT.name(),
          ResourceCatalogue.INSTANCE_POOL.name(),
          ResourceCatalogue.MODEL_SERVING.name(),
          // AWS network, storage and keys of the Databricks estate
          ResourceCatalogue.AWS_VPC.name(),
          ResourceCatalogue.AWS_SUBNET.name(),
          ResourceCatalogue.AWS_SECURITY_GROUP.name(),
          ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE.name(),
          ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE.name(),
          ResourceCatalogue.AWS_VPC_PEERING_CONNECTION.name(),
          ResourceCatalogue.AWS_VPC_ENDPOINT.name(),
          ResourceCatalogue.AWS_ROUTE_TABLE.name(),
          ResourceCatalogue.AWS_S3_BUCKET.name(),
          ResourceCatalogue.AWS_S3_BUCKET_POLICY.name(),
          ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK.name(),
          ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION.name(),
          ResourceCatalogue.AWS_S3_BUCKET_VERSIONING.name(),
          ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS.name(),
          ResourceCatalogue.AWS_S3_BUCKET_LOGGING.name(),
          ResourceCatalogue.AWS_KMS_KEY.name());

  private static final Map<String, String> NOT_MODELLED =
      Map.of(
          "databricks_grant", "Unity Catalog grants are not collected yet",
          "databricks_grants", "Unity Catalog grants are not collected yet");

  /** What an import produced, and what it left out and why. */
  public record Result(ObjectNode document, int imported, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }
  }

  /** A mapping given with {@code --map KEY=WORKSPACE}. */
  public record Mapping(String key, String workspace) {

    /** Parses {@code module.path=workspace} or {@code databricks.alias=workspace}. */
    public static Mapping parse(String text) {
      int equals = text.lastIndexOf('=');
      if (equals <= 0 || equals == text.length() - 1) {
        throw PlumblineException.userError(
            "invalid --map \""
                + text
                + "\": expected MODULE_PATH=WORKSPACE (e.g. module.workspace[\"prod\"]=prod) or"
                + " databricks.ALIAS=WORKSPACE");
      }
      String key = text.substring(0, equals).strip();
      if (!key.startsWith("module.") && !key.matches("databricks\\.[A-Za-z0-9_-]+")) {
        throw PlumblineException.userError(
            "invalid --map \""
                + text
                + "\": the key must be a module path (module.NAME...) or a databricks provider"
                + " alias (databricks.ALIAS)");
      }
      return new Mapping(key, text.substring(equals + 1).strip());
    }

    boolean isProvider() {
      return !key.startsWith("module.");
    }

    boolean matchesModule(String module) {
      return module.equals(key) || module.startsWith(key + ".") || module.startsWith(key + "[");
    }
  }

  private final List<Mapping> mappings;
  private final ObjectNode account = NODES.objectNode();
  private final ObjectNode aws = NODES.objectNode();
  private final Map<String, ObjectNode> workspaces = new TreeMap<>();
  private final Map<Long, String> workspaceNames = new HashMap<>();
  private final Map<String, Principal> principals = new HashMap<>();
  private final Map<String, Integer> ignored = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> unmapped = new ArrayList<>();
  private final Set<String> awsAccounts = new TreeSet<>();
  private int imported;

  private record Principal(Principals.Kind kind, String name) {}

  /**
   * The mapping target that puts a resource at account level, e.g. {@code databricks.mws=account}.
   */
  public static final String ACCOUNT = "account";

  private TerraformImporter(List<Mapping> mappings) {
    this.mappings = List.copyOf(mappings);
  }

  /** Imports state files given as source name -> text. */
  public static Result importStates(Map<String, String> states, List<Mapping> mappings) {
    List<TerraformState.Instance> instances = new ArrayList<>();
    states.forEach((source, text) -> instances.addAll(TerraformState.parse(source, text)));
    TerraformImporter importer = new TerraformImporter(mappings);
    Result result = importer.run(instances);
    if (result.imported() == 0) {
      throw PlumblineException.userError(nothingToImport(states.keySet(), instances));
    }
    checkGenerated(result.document(), instances);
    return result;
  }

  private static String nothingToImport(
      Collection<String> sources, List<TerraformState.Instance> instances) {
    Map<String, Integer> managed = new TreeMap<>();
    instances.stream()
        .filter(TerraformState.Instance::managed)
        .forEach(instance -> managed.merge(instance.type(), 1, Integer::sum));
    String found =
        managed.isEmpty()
            ? "it has no managed resource at all"
            : "found "
                + managed.entrySet().stream()
                    .limit(5)
                    .map(entry -> entry.getValue() + " " + entry.getKey())
                    .collect(Collectors.joining(", "))
                + (managed.size() > 5 ? " and " + (managed.size() - 5) + " more types" : "");
    return "nothing to import from "
        + String.join(", ", sources)
        + ": expected a managed databricks_* or aws_* resource of a type baselines declare ("
        + found
        + ")";
  }

  /**
   * A value in the state that a baseline cannot hold (a number where text belongs, a name with
   * surrounding spaces) is the state's problem, named by file, resource address and field.
   */
  private static void checkGenerated(JsonNode document, List<TerraformState.Instance> instances) {
    Map<String, String> sources = new HashMap<>();
    instances.forEach(instance -> sources.putIfAbsent(instance.address(), instance.source()));
    List<String> problems =
        PolicySchemas.BASELINE.problems(
            document,
            pointer -> {
              String address = declaringAddress(document, pointer);
              return sources.getOrDefault(
                      address, String.join(", ", new TreeSet<>(sources.values())))
                  + (address.isEmpty() ? "" : ": " + address);
            });
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(
          Problems.message("cannot import Terraform state", problems));
    }
  }

  /** The {@code terraform} address of the declaration nearest the pointer, or "" when none. */
  private static String declaringAddress(JsonNode document, String pointer) {
    String current = pointer;
    while (true) {
      JsonNode address = document.at(current.isEmpty() ? "" : current).path("terraform");
      if (address.isTextual()) {
        return address.asText();
      }
      if (current.isEmpty()) {
        return "";
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "" : current.substring(0, slash);
    }
  }

  /** The {@code workspace_id} attribute, which must be an integer when it is there. */
  private static OptionalLong workspaceId(TerraformState.Instance instance) {
    JsonNode id = instance.attributes().get("workspace_id");
    if (id == null || id.isNull() || (id.isTextual() && id.asText().isEmpty())) {
      return OptionalLong.empty();
    }
    if (id.isIntegralNumber() && id.canConvertToLong() && id.longValue() > 0) {
      return OptionalLong.of(id.longValue());
    }
    if (id.isTextual() && id.asText().matches("[1-9][0-9]{0,17}")) {
      return OptionalLong.of(Long.parseLong(id.asText()));
    }
    throw problem(
        instance,
        "workspace_id: expected a workspace id (an integer), found " + JsonKinds.describe(id));
  }

  private static PlumblineException problem(TerraformState.Instance instance, String what) {
    return PlumblineException.userError(
        "invalid Terraform state: " + instance.source() + ": " + instance.address() + ": " + what);
  }

  private Result run(List<TerraformState.Instance> instances) {
    for (TerraformState.Instance instance : instances) {
      indexPrincipal(instance);
      if (instance.managed() && instance.type().equals("databricks_mws_workspaces")) {
        workspaceId(instance)
            .ifPresent(id -> workspaceNames.put(id, instance.text("workspace_name")));
      }
    }
    // resources that attach to others (members, grants, role policies) go after what they attach to
    List<TerraformState.Instance> ordered = new ArrayList<>(instances);
    ordered.sort(Comparator.comparingInt(instance -> attachOrder(instance.type())));
    for (TerraformState.Instance instance : ordered) {
      if (!instance.managed()) {
        continue;
      }
      if (instance.provider().equals("databricks") || instance.provider().equals("aws")) {
        convert(instance);
      }
    }
    if (!unmapped.isEmpty()) {
      throw PlumblineException.userError(
          String.join(
                  ", ",
                  new TreeSet<>(instances.stream().map(TerraformState.Instance::source).toList()))
              + ": "
              + unmapped.size()
              + " workspace-level resource"
              + (unmapped.size() == 1 ? " has" : "s have")
              + " no workspace: "
              + String.join(", ", unmapped.stream().limit(10).toList())
              + (unmapped.size() > 10 ? " and " + (unmapped.size() - 10) + " more" : "")
              + "; give one with --map MODULE_PATH=WORKSPACE or --map databricks.ALIAS=WORKSPACE");
    }
    if (awsAccounts.size() == 1) {
      aws.put("account_id", awsAccounts.iterator().next());
    }
    ObjectNode document = NODES.objectNode();
    if (!account.isEmpty()) {
      document.set("account", sorted(account, List.of("account_id")));
    }
    if (!aws.isEmpty()) {
      document.set("aws", sorted(aws, List.of("account_id")));
    }
    if (!workspaces.isEmpty()) {
      ObjectNode entries = document.putObject("workspaces");
      workspaces.forEach(
          (name, entry) -> entries.set(name, sorted(entry, List.of("terraform", "workspace_id"))));
    }
    ignored.forEach(
        (type, count) ->
            notes.add(
                "ignored "
                    + count
                    + " "
                    + type
                    + (count == 1 ? "" : " resources")
                    + ": "
                    + NOT_MODELLED.getOrDefault(type, "not a type baselines declare")));
    return new Result(document, imported, notes);
  }

  private static int attachOrder(String type) {
    return switch (type) {
      case "databricks_group_member",
              "databricks_permissions",
              "aws_iam_role_policy",
              "aws_iam_role_policy_attachment" ->
          1;
      default -> 0;
    };
  }

  /** Users, service principals and groups by SCIM id, from resources and data sources. */
  private void indexPrincipal(TerraformState.Instance instance) {
    String id = instance.text("id");
    if (id.isEmpty()) {
      return;
    }
    switch (instance.type()) {
      case "databricks_user" ->
          principals.put(id, new Principal(Principals.Kind.USER, instance.text("user_name")));
      case "databricks_group" ->
          principals.put(id, new Principal(Principals.Kind.GROUP, instance.text("display_name")));
      case "databricks_service_principal" ->
          principals.put(
              id,
              new Principal(
                  Principals.Kind.SERVICE_PRINCIPAL,
                  instance.text("display_name").isEmpty()
                      ? instance.text("application_id")
                      : instance.text("display_name")));
      default -> {}
    }
  }

  private void convert(TerraformState.Instance instance) {
    String type = instance.type();
    ObjectNode a = instance.attributes();
    switch (type) {
      case "databricks_mws_workspaces" -> {
        accountId(a);
        ObjectNode entry = workspace(instance.text("workspace_name"), instance);
        entry.put("terraform", instance.address());
        workspaceId(instance).ifPresent(id -> entry.put("workspace_id", id));
        copy(
            a,
            entry,
            "deployment_name",
            "aws_region",
            "pricing_tier",
            "credentials_id",
            "storage_configuration_id",
            "network_id",
            "private_access_settings_id",
            "managed_services_customer_managed_key_id",
            "storage_customer_managed_key_id");
        if (a.path("custom_tags").isObject() && !a.path("custom_tags").isEmpty()) {
          entry.set("custom_tags", a.get("custom_tags"));
        }
      }
      case "databricks_mws_log_delivery" -> {
        accountId(a);
        ObjectNode item = item(instance, account, "log_delivery", instance.text("config_name"));
        copy(
            a,
            item,
            "config_id",
            "log_type",
            "output_format",
            "credentials_id",
            "storage_configuration_id",
            "delivery_path_prefix",
            "status");
        if (a.path("workspace_ids_filter").isArray() && !a.path("workspace_ids_filter").isEmpty()) {
          item.set("workspace_ids_filter", a.get("workspace_ids_filter"));
        }
      }
      case "databricks_metastore" -> {
        ObjectNode item = item(instance, account, "metastores", instance.text("name"));
        item.put(
            "metastore_id",
            instance.text("metastore_id").isEmpty()
                ? instance.text("id")
                : instance.text("metastore_id"));
        copy(a, item, "region", "owner", "delta_sharing_scope");
        item.set(
            "storage_root",
            instance.text("storage_root").isEmpty() ? NODES.nullNode() : a.get("storage_root"));
      }
      case "databricks_metastore_assignment" -> {
        ObjectNode entry = workspaceById(instance);
        ObjectNode assignment = NODES.objectNode();
        assignment.put("terraform", instance.address());
        copy(a, assignment, "metastore_id", "default_catalog_name");
        set(instance, entry, "metastore_assignment", assignment);
      }
      case "databricks_mws_permission_assignment" -> {
        ObjectNode entry = workspaceById(instance);
        ObjectNode section = object(entry, "permission_assignments");
        String principalId = instance.text("principal_id");
        Principal principal = principals.get(principalId);
        ObjectNode assignment = NODES.objectNode();
        assignment.set("permissions", sortedTexts(a.path("permissions")));
        assignment.put("terraform", instance.address());
        if (principal == null) {
          set(instance, object(section, "principal_ids"), principalId, assignment);
        } else {
          set(instance, object(section, principal.kind().section), principal.name(), assignment);
        }
      }
      case "databricks_group" -> {
        ObjectNode item =
            item(instance, scopeOf(instance, true), "groups", instance.text("display_name"));
        item.put("group_id", instance.text("id"));
        if (!instance.text("external_id").isEmpty()) {
          item.put("external_id", instance.text("external_id"));
        }
        ArrayNode entitlements = item.putArray("entitlements");
        for (String flag :
            List.of(
                "allow_cluster_create",
                "allow_instance_pool_create",
                "databricks_sql_access",
                "workspace_access")) {
          if (a.path(flag).asBoolean(false)) {
            entitlements.add(flag.replace('_', '-'));
          }
        }
      }
      case "databricks_group_member" -> member(instance);
      case "databricks_user" -> {
        ObjectNode item = item(instance, account, "users", instance.text("user_name"));
        item.put("user_id", instance.text("id"));
        copy(a, item, "display_name", "external_id");
        if (a.has("active")) {
          item.put("active", a.path("active").asBoolean(true));
        }
      }
      case "databricks_service_principal" -> {
        String name =
            instance.text("display_name").isEmpty()
                ? instance.text("application_id")
                : instance.text("display_name");
        ObjectNode item = item(instance, account, "service_principals", name);
        item.put("service_principal_id", instance.text("id"));
        copy(a, item, "application_id", "external_id");
        if (a.has("active")) {
          item.put("active", a.path("active").asBoolean(true));
        }
      }
      case "databricks_cluster_policy" -> {
        ObjectNode item =
            item(instance, requireWorkspace(instance), "cluster_policies", instance.text("name"));
        item.put(
            "policy_id",
            instance.text("policy_id").isEmpty()
                ? instance.text("id")
                : instance.text("policy_id"));
        if (!instance.text("definition").isEmpty()) {
          item.set("definition", parsedJson(instance, "definition"));
        }
        copy(a, item, "policy_family_id", "description");
        if (a.path("max_clusters_per_user").canConvertToLong()
            && a.path("max_clusters_per_user").asLong() > 0) {
          item.put("max_clusters_per_user", a.path("max_clusters_per_user").asLong());
        }
      }
      case "databricks_permissions" -> grants(instance);
      case "databricks_workspace_conf" -> {
        ObjectNode entry = requireWorkspace(instance);
        if (entry == null) {
          return;
        }
        ObjectNode conf = object(entry, "workspace_conf");
        conf.put("terraform", instance.address());
        a.path("custom_config")
            .properties()
            .forEach(setting -> conf.set(setting.getKey(), setting.getValue()));
        imported++;
      }
      case "databricks_instance_profile" -> {
        ObjectNode item =
            item(
                instance,
                requireWorkspace(instance),
                "instance_profiles",
                instance.text("instance_profile_arn"));
        copy(a, item, "iam_role_arn");
        item.put("is_meta_instance_profile", a.path("is_meta_instance_profile").asBoolean(false));
      }
      case "databricks_ip_access_list" -> {
        ObjectNode item =
            item(instance, scopeOf(instance, true), "ip_access_lists", instance.text("label"));
        item.put("list_id", instance.text("id"));
        copy(a, item, "list_type");
        copySet(a, item, "ip_addresses");
        item.put("enabled", a.path("enabled").asBoolean(true));
      }
      case "aws_iam_role" -> role(instance);
      case "aws_iam_role_policy" -> {
        ObjectNode role = roleNamed(instance, instance.text("role"));
        ObjectNode policy = NODES.objectNode();
        policy.set("policy", parsedJson(instance, "policy"));
        policy.put("terraform", instance.address());
        object(role, "inline_policies").set(instance.text("name"), policy);
        imported++;
      }
      case "aws_iam_role_policy_attachment" -> {
        ObjectNode role = roleNamed(instance, instance.text("role"));
        ArrayNode arns = array(role, "managed_policy_arns");
        String arn = instance.text("policy_arn");
        removeText(arns, arn);
        arns.addObject().put("name", arn).put("terraform", instance.address());
        imported++;
      }
      case "aws_iam_instance_profile" -> {
        ObjectNode item = item(instance, aws, "iam_instance_profiles", instance.text("name"));
        copy(a, item, "path");
        ArrayNode roles = item.putArray("roles");
        if (!instance.text("role").isEmpty()) {
          roles.add(instance.text("role"));
        }
      }
      default -> {
        if (!declared(instance)) {
          ignored.merge(type, 1, Integer::sum);
        }
      }
    }
  }

  /**
   * A resource of a type whose declaration says everything its import needs ({@link
   * #GENERIC_IMPORTS}): the item is named by the section's item attribute and carries the mapped
   * attributes present in the state (lists of texts as sorted sets, empty ones left out).
   *
   * @return false for a resource no declaration imports generically
   */
  private boolean declared(TerraformState.Instance instance) {
    Optional<ResourceType> declared =
        ResourceCatalogue.importedFrom(instance.type())
            .filter(type -> GENERIC_IMPORTS.contains(type.name()));
    if (declared.isEmpty()) {
      return false;
    }
    ResourceType type = declared.get();
    BaselineSection section = type.baseline().orElseThrow();
    TerraformSource source =
        type.terraform().stream()
            .filter(candidate -> candidate.resourceType().equals(instance.type()))
            .findFirst()
            .orElseThrow();
    ObjectNode a = instance.attributes();
    ObjectNode parent;
    if (type.scopes().equals(List.of(ScopeKind.ACCOUNT))) {
      accountId(a);
      parent = account;
    } else if (type.scopes().equals(List.of(ScopeKind.WORKSPACE))) {
      parent = requireWorkspace(instance);
    } else if (type.scopes().equals(List.of(ScopeKind.AWS))) {
      parent = aws;
    } else {
      parent = scopeOf(instance, true);
    }
    // the item is named by the state attribute mapped to the section's item attribute ("id" of
    // an aws_vpc is its vpc_id)
    String itemPath =
        source.attributes().entrySet().stream()
            .filter(entry -> entry.getValue().equals(section.itemName()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(section.itemName());
    String name = instance.text(itemPath);
    if (section.itemName().isEmpty()) {
      // an item named by the type's composite id (a secret ACL: scope|principal)
      List<String> parts = new ArrayList<>();
      source
          .attributes()
          .forEach(
              (path, attribute) -> {
                if (type.idAttributes().contains(attribute) && at(a, path) != null) {
                  parts.add(at(a, path).asText());
                }
              });
      name = String.join(ResourceType.ID_SEPARATOR, parts);
    }
    ObjectNode item = item(instance, parent, section.key(), name);
    source
        .attributes()
        .forEach(
            (path, attribute) -> {
              // what a baseline item declares, nothing more (the mapping may name more)
              if (attribute.equals(section.itemName())
                  || !section.attributes().contains(attribute)) {
                return;
              }
              JsonNode value = at(a, path);
              // Terraform keeps ids as strings: a declared number is written as one
              if (value != null
                  && value.isTextual()
                  && value.asText().matches("[0-9]{1,18}")
                  && type.attribute(attribute).map(Attribute::type).orElse(null)
                      == AttributeType.NUMBER) {
                value = NODES.numberNode(Long.parseLong(value.asText()));
              }
              if (value == null
                  || value.isNull()
                  || (value.isTextual() && value.asText().isEmpty())) {
                return;
              }
              boolean list =
                  type.attribute(attribute).map(Attribute::type).orElse(null)
                      == AttributeType.STRING_LIST;
              if (list) {
                if (value.isArray() && !value.isEmpty()) {
                  item.set(attribute, sortedTexts(value));
                }
              } else {
                item.set(attribute, value);
              }
            });
    return true;
  }

  /** The value at a state path ({@code aws_iam_role.0.role_arn}); null when absent. */
  private static JsonNode at(JsonNode attributes, String path) {
    JsonNode node = attributes;
    for (String step : path.split("\\.")) {
      node =
          step.chars().allMatch(Character::isDigit)
              ? node.path(Integer.parseInt(step))
              : node.path(step);
    }
    return node.isMissingNode() ? null : node;
  }

  /**
   * The permissions of an object of another kind (a cluster, job, notebook, folder, repo,
   * warehouse, pool, serving endpoint, token use): an item of the kind's section, named and matched
   * by the object id the state's {@code id} holds ({@code /jobs/123}), with its direct grants.
   */
  private void objectGrants(TerraformState.Instance instance) {
    Optional<PermissionKind> kind =
        ResourceCatalogue.PERMISSION_KINDS.stream()
            .filter(
                candidate ->
                    !instance.text(candidate.idAttribute()).isEmpty()
                        || (candidate.objectType().equals("notebook")
                            && !instance.text("notebook_path").isEmpty())
                        || (candidate.objectType().equals("directory")
                            && !instance.text("directory_path").isEmpty())
                        || (candidate.objectType().equals("repo")
                            && !instance.text("repo_path").isEmpty()))
            .findFirst();
    String objectId = instance.text("id");
    if (kind.isEmpty() || objectId.isEmpty()) {
      ignored.merge("databricks_permissions (of an object kind not collected)", 1, Integer::sum);
      return;
    }
    ObjectNode entry = requireWorkspace(instance);
    if (entry == null) {
      return;
    }
    ObjectNode item = item(instance, entry, kind.get().section().key(), objectId);
    item.put("object_id", objectId);
    ArrayNode grants = item.putArray("access_control");
    for (JsonNode grant : instance.attributes().path("access_control")) {
      for (String field : List.of("group_name", "service_principal_name", "user_name")) {
        String principal = grant.path(field).asText("");
        if (!principal.isEmpty() && grant.hasNonNull("permission_level")) {
          grants
              .addObject()
              .put(field, principal)
              .put("permission_level", grant.path("permission_level").asText());
          break;
        }
      }
    }
  }

  private void role(TerraformState.Instance instance) {
    ObjectNode a = instance.attributes();
    String name = instance.text("name");
    ObjectNode role = item(instance, object(aws, "iam_roles"), null, name);
    String arn = instance.text("arn");
    if (arn.startsWith("arn:aws:iam::")) {
      String rest = arn.substring("arn:aws:iam::".length());
      awsAccounts.add(rest.substring(0, rest.indexOf(':')));
    }
    copy(a, role, "path", "description");
    if (!instance.text("assume_role_policy").isEmpty()) {
      role.set("assume_role_policy", parsedJson(instance, "assume_role_policy"));
    }
    ObjectNode inline = object(role, "inline_policies");
    for (JsonNode policy : a.path("inline_policy")) {
      String policyName = policy.path("name").asText("");
      String document = policy.path("policy").asText("");
      if (!policyName.isEmpty() && !document.isEmpty() && !inline.has(policyName)) {
        inline.set(policyName, parseJson(instance, "inline_policy " + policyName, document));
      }
    }
    ArrayNode arns = array(role, "managed_policy_arns");
    for (JsonNode arnNode : a.path("managed_policy_arns")) {
      if (!containsName(arns, arnNode.asText())) {
        arns.add(arnNode.asText());
      }
    }
    if (!instance.text("permissions_boundary").isEmpty()) {
      role.put("permissions_boundary", instance.text("permissions_boundary"));
    }
    if (a.path("max_session_duration").canConvertToInt()) {
      role.put("max_session_duration", a.path("max_session_duration").asInt());
    }
    if (a.path("tags").isObject() && !a.path("tags").isEmpty()) {
      role.set("tags", a.get("tags"));
    }
  }

  private void member(TerraformState.Instance instance) {
    String groupId = instance.text("group_id");
    String memberId = instance.text("member_id");
    Principal group = principals.get(groupId);
    if (group == null || group.kind() != Principals.Kind.GROUP) {
      notes.add(
          "ignored "
              + instance.address()
              + ": group "
              + groupId
              + " is neither a databricks_group resource nor a data source in the state");
      return;
    }
    ObjectNode scope = scopeOf(instance, true);
    if (scope == null) {
      return;
    }
    ObjectNode groupItem = object(object(scope, "groups"), group.name());
    ObjectNode members = object(groupItem, "members");
    Principal principal = principals.get(memberId);
    ObjectNode entry = NODES.objectNode();
    if (principal == null) {
      entry.put("id", memberId);
      entry.put("terraform", instance.address());
      array(members, "ids").add(entry);
    } else {
      entry.put("name", principal.name());
      entry.put("terraform", instance.address());
      array(members, principal.kind().section).add(entry);
    }
    imported++;
  }

  private void grants(TerraformState.Instance instance) {
    String policyId = instance.text("cluster_policy_id");
    if (policyId.isEmpty()) {
      objectGrants(instance);
      return;
    }
    ObjectNode entry = requireWorkspace(instance);
    if (entry == null) {
      return;
    }
    Optional<Map.Entry<String, JsonNode>> policy =
        entry.path("cluster_policies").properties().stream()
            .filter(item -> policyId.equals(item.getValue().path("policy_id").asText()))
            .findFirst();
    if (policy.isEmpty()) {
      notes.add(
          "ignored "
              + instance.address()
              + ": cluster policy "
              + policyId
              + " is not a databricks_cluster_policy of the same workspace in the state");
      return;
    }
    ObjectNode canUse = ((ObjectNode) policy.get().getValue()).putObject("can_use");
    canUse.put("terraform", instance.address());
    for (JsonNode grant : instance.attributes().path("access_control")) {
      if (!"CAN_USE".equals(grant.path("permission_level").asText())) {
        continue;
      }
      for (Principals.Kind kind : Principals.Kind.values()) {
        String name = grant.path(kind.aclField).asText("");
        if (!name.isEmpty()) {
          array(canUse, kind.section).add(name);
        }
      }
    }
    imported++;
  }

  // ---- where things go ------------------------------------------------------------------------

  private void accountId(JsonNode attributes) {
    String id = attributes.path("account_id").asText("");
    if (!id.isEmpty() && !account.has("account_id")) {
      account.put("account_id", id);
    }
  }

  private ObjectNode workspace(String name, TerraformState.Instance instance) {
    if (name.isEmpty()) {
      throw problem(instance, "workspace_name: expected the workspace's name, found none");
    }
    return workspaces.computeIfAbsent(name, key -> NODES.objectNode());
  }

  /** The entry of the workspace a resource names by {@code workspace_id}. */
  private ObjectNode workspaceById(TerraformState.Instance instance) {
    OptionalLong id = workspaceId(instance);
    if (id.isEmpty()) {
      ObjectNode mapped = requireWorkspace(instance);
      if (mapped == null) {
        throw problem(instance, "workspace_id: expected a workspace id, found none");
      }
      return mapped;
    }
    String name = workspaceNames.get(id.getAsLong());
    if (name == null) {
      name =
          mappedWorkspace(instance)
              .filter(mapped -> !mapped.equals(ACCOUNT))
              .orElse(String.valueOf(id.getAsLong()));
      ObjectNode entry = workspace(name, instance);
      if (!entry.has("workspace_id")) {
        entry.put("workspace_id", id.getAsLong());
      }
      return entry;
    }
    return workspace(name, instance);
  }

  private Optional<String> mappedWorkspace(TerraformState.Instance instance) {
    if (instance.provider().equals("databricks") && instance.alias().isPresent()) {
      String key = "databricks." + instance.alias().get();
      for (Mapping mapping : mappings) {
        if (mapping.isProvider() && mapping.key().equals(key)) {
          return Optional.of(mapping.workspace());
        }
      }
    }
    return mappings.stream()
        .filter(mapping -> !mapping.isProvider() && mapping.matchesModule(instance.module()))
        .max(Comparator.comparingInt(mapping -> mapping.key().length()))
        .map(Mapping::workspace);
  }

  /** The workspace a resource is mapped to, else the account (for account-or-workspace types). */
  private ObjectNode scopeOf(TerraformState.Instance instance, boolean accountOtherwise) {
    Optional<String> name = mappedWorkspace(instance);
    if (name.isPresent() && !name.get().equals(ACCOUNT)) {
      return workspace(name.get(), instance);
    }
    return accountOtherwise ? account : null;
  }

  /** The workspace of a workspace-only resource; null (reported at the end) when it has none. */
  private ObjectNode requireWorkspace(TerraformState.Instance instance) {
    Optional<String> name = mappedWorkspace(instance);
    if (name.isEmpty() || name.get().equals(ACCOUNT)) {
      unmapped.add(instance.address());
      return null;
    }
    return workspace(name.get(), instance);
  }

  private ObjectNode roleNamed(TerraformState.Instance instance, String name) {
    ObjectNode roles = object(aws, "iam_roles");
    if (!roles.has(name)) {
      notes.add(
          instance.address()
              + ": role "
              + name
              + " is not an aws_iam_role in the state; declared with what this resource says");
    }
    return object(roles, name);
  }

  /**
   * The item {@code name} of a section, created with the resource's address; null (and the resource
   * counted as unmapped) when {@code parent} is null.
   */
  private ObjectNode item(
      TerraformState.Instance instance, ObjectNode parent, String section, String name) {
    if (parent == null) {
      return NODES.objectNode(); // reported as unmapped; the item goes nowhere
    }
    if (name.isEmpty()) {
      throw problem(instance, "no name to declare it by (" + instance.type() + ")");
    }
    ObjectNode items = section == null ? parent : object(parent, section);
    JsonNode previous = items.path(name).path("terraform");
    if (previous.isTextual()) {
      throw PlumblineException.userError(
          instance.source()
              + ": "
              + instance.address()
              + " and "
              + previous.asText()
              + " both declare "
              + (section == null ? "" : section + " ")
              + "\""
              + name
              + "\"; a baseline declares each item once (map the resources to different"
              + " workspaces, or import the states separately)");
    }
    ObjectNode item = object(items, name);
    item.put("terraform", instance.address());
    imported++;
    return item;
  }

  private void set(
      TerraformState.Instance instance, ObjectNode parent, String key, JsonNode value) {
    if (parent.has(key) && !JsonValues.equivalent(parent.get(key), value)) {
      throw PlumblineException.userError(
          instance.source()
              + ": "
              + instance.address()
              + " declares "
              + key
              + " again, differently from "
              + parent.get(key).path("terraform").asText("another resource"));
    }
    parent.set(key, value);
    imported++;
  }

  // ---- JSON helpers ---------------------------------------------------------------------------

  private static ObjectNode object(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    return existing instanceof ObjectNode object ? object : parent.putObject(key);
  }

  private static ArrayNode array(ObjectNode parent, String key) {
    JsonNode existing = parent.get(key);
    return existing instanceof ArrayNode array ? array : parent.putArray(key);
  }

  private static void copy(JsonNode from, ObjectNode to, String... attributes) {
    for (String attribute : attributes) {
      JsonNode value = from.get(attribute);
      if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
        to.set(attribute, value);
      }
    }
  }

  private static void copySet(JsonNode from, ObjectNode to, String... attributes) {
    for (String attribute : attributes) {
      JsonNode value = from.get(attribute);
      if (value != null && value.isArray()) {
        to.set(attribute, sortedTexts(value));
      }
    }
  }

  private static ArrayNode sortedTexts(JsonNode list) {
    TreeSet<String> values = new TreeSet<>();
    list.forEach(value -> values.add(value.asText()));
    ArrayNode result = NODES.arrayNode();
    values.forEach(result::add);
    return result;
  }

  private static boolean containsName(ArrayNode list, String name) {
    for (JsonNode item : list) {
      if (name.equals(item.isObject() ? item.path("name").asText() : item.asText())) {
        return true;
      }
    }
    return false;
  }

  private static void removeText(ArrayNode list, String text) {
    for (int index = list.size() - 1; index >= 0; index--) {
      JsonNode item = list.get(index);
      if (text.equals(item.isObject() ? item.path("name").asText() : item.asText())) {
        list.remove(index);
      }
    }
  }

  private static JsonNode parsedJson(TerraformState.Instance instance, String attribute) {
    return parseJson(instance, attribute, instance.text(attribute));
  }

  private static JsonNode parseJson(TerraformState.Instance instance, String what, String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (IOException e) {
      // reported below
    }
    throw problem(instance, what + ": expected a JSON object as text");
  }

  /** The keys of an object with {@code first} first, the others sorted (stable output). */
  private static ObjectNode sorted(ObjectNode node, List<String> first) {
    ObjectNode result = NODES.objectNode();
    for (String key : first) {
      if (node.has(key)) {
        result.set(key, node.get(key));
      }
    }
    Map<String, JsonNode> rest = new TreeMap<>();
    node.properties().forEach(field -> rest.put(field.getKey(), field.getValue()));
    rest.forEach(
        (key, value) -> {
          if (!first.contains(key)) {
            result.set(key, value instanceof ObjectNode object ? sortedDeep(object) : value);
          }
        });
    return result;
  }

  private static ObjectNode sortedDeep(ObjectNode node) {
    boolean declaration = node.has("terraform");
    return sorted(node, declaration ? List.of("terraform") : List.of());
  }

  @Override
  public String toString() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("workspaces", workspaces.keySet());
    summary.put("imported", imported);
    return "TerraformImporter" + summary;
  }
}
