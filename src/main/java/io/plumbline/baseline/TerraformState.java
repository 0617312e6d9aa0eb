package io.plumbline.baseline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.document.JsonKinds;
import io.plumbline.document.JsonTrees;
import io.plumbline.document.LocatedDocument;
import io.plumbline.error.PlumblineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform state file, format version 4 (DATABRICKS-API.md, "Terraform state"): every resource
 * instance with its address, module path, provider configuration and attributes.
 */
final class TerraformState {

  /** {@code module.x.provider["registry.terraform.io/databricks/databricks"].alias} */
  private static final Pattern PROVIDER =
      Pattern.compile("^(?:(module\\..+)\\.)?provider\\[\"([^\"]+)\"\\](?:\\.([A-Za-z0-9_-]+))?$");

  /**
   * One instance of a resource.
   *
   * @param address the instance's Terraform address, e.g. {@code
   *     module.workspace["prod"].databricks_cluster_policy.fair_use} (data sources start {@code
   *     data.} after their module path)
   * @param module the module path, empty at the root
   * @param managed false for data sources
   * @param provider the provider's short name ({@code databricks}, {@code aws})
   * @param alias the provider configuration's alias, if any
   */
  record Instance(
      String source,
      String address,
      String module,
      boolean managed,
      String type,
      String name,
      String provider,
      Optional<String> alias,
      ObjectNode attributes) {

    Instance {
      requireNonNull(source, "source is null");
      requireNonNull(address, "address is null");
      requireNonNull(module, "module is null");
      requireNonNull(type, "type is null");
      requireNonNull(name, "name is null");
      requireNonNull(provider, "provider is null");
      requireNonNull(alias, "alias is null");
      requireNonNull(attributes, "attributes is null");
    }

    String text(String attribute) {
      JsonNode value = attributes.get(attribute);
      return value == null || value.isNull() ? "" : value.asText();
    }
  }

  /** What a state file is called in errors. */
  static final String NOUN = "Terraform state";

  private static final Set<String> MODES = Set.of("managed", "data");

  private TerraformState() {}

  /**
   * Every resource instance of a state; a file that is not a version 4 state, or whose fields do
   * not have the types Terraform writes, is a user error naming the file and the field.
   */
  static List<Instance> parse(String source, String text) {
    JsonNode root;
    try {
      root = JsonTrees.readObject(source, text, "a Terraform state");
    } catch (LocatedDocument.SyntaxException e) {
      throw invalid(e.getMessage());
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
      throw invalid(
          source
              + ": version: expected the state format version 4, found "
              + JsonKinds.describe(version));
    }
    if (version.intValue() != 4) {
      throw invalid(
          source
              + ": version: format version "
              + version
              + " is not supported (expected version 4, written by Terraform 0.12 and later)");
    }
    JsonNode serial = root.get("serial");
    if (serial != null
        && (!serial.isIntegralNumber() || !serial.canConvertToLong() || serial.longValue() < 0)) {
      throw invalid(
          source
              + ": serial: expected a non-negative integer, found "
              + JsonKinds.describe(serial));
    }
    for (String field : List.of("lineage", "terraform_version")) {
      JsonNode value = root.get(field);
      if (value != null && !value.isTextual()) {
        throw invalid(
            source + ": " + field + ": expected a string, found " + JsonKinds.describe(value));
      }
    }
    JsonNode resources = root.get("resources");
    if (resources == null || !resources.isArray()) {
      throw invalid(
          source
              + ": resources: expected an array of resources, found "
              + JsonKinds.describe(resources));
    }
    List<Instance> instances = new ArrayList<>();
    for (int position = 0; position < resources.size(); position++) {
      String where = source + ": resources[" + position + "]";
      JsonNode resource = resources.get(position);
      if (!resource.isObject()) {
        throw invalid(
            where + ": expected a resource object, found " + JsonKinds.describe(resource));
      }
      String module = optionalText(resource, "module", where, "");
      String mode = optionalText(resource, "mode", where, "managed");
      if (!MODES.contains(mode)) {
        throw invalid(where + ".mode: expected managed or data, found \"" + mode + "\"");
      }
      String type = optionalText(resource, "type", where, "");
      String name = optionalText(resource, "name", where, "");
      if (type.isEmpty() || name.isEmpty()) {
        throw invalid(where + ": a resource without type or name");
      }
      Matcher provider = PROVIDER.matcher(optionalText(resource, "provider", where, ""));
      String providerName = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
      Optional<String> alias = Optional.empty();
      if (provider.matches()) {
        String registry = provider.group(2);
        providerName = registry.substring(registry.lastIndexOf('/') + 1);
        alias = Optional.ofNullable(provider.group(3));
      }
      boolean managed = !"data".equals(mode);
      String prefix = (module.isEmpty() ? "" : module + ".") + (managed ? "" : "data.");
      JsonNode list = resource.path("instances");
      if (list.isMissingNode()) {
        continue; // a resource with no instance (count = 0) may leave the list out
      }
      if (!list.isArray()) {
        throw invalid(
            where
                + ".instances: expected an array of instances, found "
                + JsonKinds.describe(list));
      }
      for (int index = 0; index < list.size(); index++) {
        String at = where + ".instances[" + index + "]";
        JsonNode instance = list.get(index);
        if (!instance.isObject()) {
          throw invalid(
              at + ": expected an instance object, found " + JsonKinds.describe(instance));
        }
        JsonNode attributes = instance.path("attributes");
        if (attributes.isMissingNode() || attributes.isNull()) {
          continue; // a tainted or half-created instance without attributes declares nothing
        }
        if (!attributes.isObject()) {
          throw invalid(
              at + ".attributes: expected an object, found " + JsonKinds.describe(attributes));
        }
        JsonNode indexKey = instance.get("index_key");
        if (indexKey != null
            && !indexKey.isNull()
            && !indexKey.isTextual()
            && !indexKey.isIntegralNumber()) {
          throw invalid(
              at
                  + ".index_key: expected a string or an integer, found "
                  + JsonKinds.describe(indexKey));
        }
        String address = prefix + type + "." + name + indexText(indexKey);
        instances.add(
            new Instance(
                source,
                address,
                module,
                managed,
                type,
                name,
                providerName,
                alias,
                (ObjectNode) attributes));
      }
    }
    return instances;
  }

  private static String optionalText(JsonNode node, String field, String where, String absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isTextual()) {
      throw invalid(
          where + "." + field + ": expected a string, found " + JsonKinds.describe(value));
    }
    return value.asText();
  }

  private static PlumblineException invalid(String problem) {
    return PlumblineException.userError("invalid Terraform state: " + problem);
  }

  /** {@code ["key"]} for for_each, {@code [0]} for count, nothing otherwise. */
  private static String indexText(JsonNode indexKey) {
    if (indexKey == null || indexKey.isNull()) {
      return "";
    }
    return indexKey.isNumber()
        ? "[" + indexKey.asText() + "]"
        : "[\"" + indexKey.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
