package io.plumbline.baseline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.error.PlumblineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform state file, format version 4 (DATABRICKS-API.md, "Terraform state"): every resource
 * instance with its address, module path, provider configuration and attributes.
 */
final class TerraformState {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  private TerraformState() {}

  static List<Instance> parse(String source, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw PlumblineException.userError(
          source
              + ":"
              + line
              + ": not a Terraform state (not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse("syntax error")
              + ")");
    }
    if (root == null || !root.isObject() || !root.has("resources")) {
      throw PlumblineException.userError(
          source
              + ": not a Terraform state (expected a JSON object with \"version\" and \"resources\")");
    }
    int version = root.path("version").asInt(-1);
    if (version != 4) {
      throw PlumblineException.userError(
          source
              + ": Terraform state format version "
              + root.path("version")
              + " is not supported (expected version 4, written by Terraform 0.12 and later)");
    }
    List<Instance> instances = new ArrayList<>();
    int position = 0;
    for (JsonNode resource : root.path("resources")) {
      String where = source + ": resources[" + position++ + "]";
      String module = resource.path("module").asText("");
      String mode = resource.path("mode").asText("managed");
      String type = resource.path("type").asText("");
      String name = resource.path("name").asText("");
      if (type.isEmpty() || name.isEmpty()) {
        throw PlumblineException.userError(where + ": a resource without type or name");
      }
      Matcher provider = PROVIDER.matcher(resource.path("provider").asText(""));
      String providerName = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
      Optional<String> alias = Optional.empty();
      if (provider.matches()) {
        String registry = provider.group(2);
        providerName = registry.substring(registry.lastIndexOf('/') + 1);
        alias = Optional.ofNullable(provider.group(3));
      }
      boolean managed = !"data".equals(mode);
      String prefix = (module.isEmpty() ? "" : module + ".") + (managed ? "" : "data.");
      for (JsonNode instance : resource.path("instances")) {
        JsonNode attributes = instance.path("attributes");
        if (!attributes.isObject()) {
          continue; // a tainted or half-created instance without attributes declares nothing
        }
        String address = prefix + type + "." + name + indexText(instance.get("index_key"));
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
