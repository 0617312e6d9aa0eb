package io.plumbline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.ApiCall;
import io.plumbline.model.Attribute;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plumbline types}: the resource type catalogue, the reference a rule author reads. */
@Command(
    name = "types",
    mixinStandardHelpOptions = true,
    description = {
      "List the resource types plumbline knows: for each its scope, id attributes, attributes and"
          + " their types, volatile attributes (ignored by drift), the Terraform resource types it"
          + " maps from, the API calls that read it and the permissions they need.",
      "Rules match these types' facts; baselines declare them; drift compares them."
    })
public class TypesCommand implements Runnable {

  static final String TEXT = "text";
  static final String JSON = "json";
  static final String MARKDOWN = "markdown";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec private CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = TEXT,
      description =
          "text, json or markdown (docs/resource-types.md is the markdown; default:"
              + " ${DEFAULT-VALUE}).")
  String format;

  @Parameters(
      arity = "0..*",
      paramLabel = "TYPE",
      description = "Only these types (e.g. databricks_external_location); all when none given.")
  List<String> names = List.of();

  public TypesCommand() {}

  @Override
  public void run() {
    List<ResourceType> types = selected();
    String text =
        switch (format) {
          case TEXT -> text(types);
          case JSON -> json(types);
          case MARKDOWN -> markdown(types);
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "invalid --format \""
                      + format
                      + "\": expected "
                      + TEXT
                      + ", "
                      + JSON
                      + " or "
                      + MARKDOWN);
        };
    PrintWriter out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
  }

  private List<ResourceType> selected() {
    if (names == null || names.isEmpty()) {
      return ResourceCatalogue.ALL;
    }
    for (String name : names) {
      if (ResourceCatalogue.find(name).isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "unknown resource type \""
                + name
                + "\": expected one of "
                + ResourceCatalogue.ALL.stream()
                    .map(ResourceType::name)
                    .collect(Collectors.joining(", ")));
      }
    }
    return ResourceCatalogue.ALL.stream().filter(type -> names.contains(type.name())).toList();
  }

  /** The catalogue as JSON: an array, one object a type. */
  static String json(List<ResourceType> types) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    types.forEach(type -> array.add(json(type)));
    try {
      return MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the catalogue", e);
    }
  }

  static ObjectNode json(ResourceType type) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", type.name());
    node.put("noun", type.noun());
    node.put("scope", type.scopeLabel());
    ArrayNode scopes = node.putArray("scopes");
    type.scopes().forEach(scope -> scopes.add(scope.label()));
    ArrayNode ids = node.putArray("id_attributes");
    type.idAttributes().forEach(ids::add);
    node.put("id_syntax", idSyntax(type));
    ArrayNode attributes = node.putArray("attributes");
    for (Attribute attribute : type.attributes()) {
      ObjectNode entry = attributes.addObject();
      entry.put("name", attribute.name());
      entry.put("type", attribute.type().label());
      attribute
          .normalForm()
          .ifPresent(
              form -> entry.put("normal_form", form.name().toLowerCase(java.util.Locale.ROOT)));
    }
    ArrayNode volatileAttributes = node.putArray("volatile");
    type.volatileAttributes().forEach(volatileAttributes::add);
    ArrayNode terraform = node.putArray("terraform");
    type.terraformTypes().forEach(terraform::add);
    type.baseline()
        .ifPresent(
            section -> {
              ObjectNode baseline = node.putObject("baseline");
              baseline.put("section", section.key());
              ObjectNode modes = baseline.putObject("default_modes");
              section
                  .defaultModes()
                  .forEach((migration, mode) -> modes.put(migration.label(), mode.label()));
            });
    ArrayNode calls = node.putArray("api_calls");
    type.apiCalls().forEach(call -> calls.add(call.call()));
    ArrayNode permissions = node.putArray("permissions");
    type.permissions().forEach(permissions::add);
    return node;
  }

  /** The catalogue as a reference page: docs/resource-types.md is this output. */
  static String markdown(List<ResourceType> types) {
    StringBuilder out = new StringBuilder();
    out.append("# Resource types\n\n")
        .append("Generated by `plumbline types --format markdown` from the declarations in\n")
        .append("`model.ResourceCatalogue`; a test fails when this page is stale. A composite id\n")
        .append("joins its id attributes with `|`; `_` is the id of a type with one resource a\n")
        .append("scope. Volatile attributes change with use and are left out of drift.\n\n")
        .append("| type | scope | id | baseline section | Terraform | permissions |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    for (ResourceType type : types) {
      out.append("| [`")
          .append(type.name())
          .append("`](#")
          .append(type.name())
          .append(") | ")
          .append(type.scopeLabel())
          .append(" | `")
          .append(idSyntax(type))
          .append("` | ")
          .append(type.baseline().map(section -> "`" + section.key() + "`").orElse("-"))
          .append(" | ")
          .append(type.terraformTypes().isEmpty() ? "-" : String.join(", ", type.terraformTypes()))
          .append(" | ")
          .append(String.join(", ", type.permissions()))
          .append(" |\n");
    }
    for (ResourceType type : types) {
      out.append("\n## ").append(type.name()).append("\n\n");
      out.append("A ")
          .append(type.noun())
          .append(", read in ")
          .append(type.scopeLabel())
          .append(" scope");
      out.append(" by ")
          .append(
              type.apiCalls().stream()
                  .map(call -> "`" + call.call() + "`")
                  .collect(Collectors.joining(", ")))
          .append(".\n\n");
      out.append("| attribute | type | notes |\n| --- | --- | --- |\n");
      for (Attribute attribute : type.attributes()) {
        List<String> notes = new java.util.ArrayList<>();
        if (type.idAttributes().contains(attribute.name())) {
          notes.add("id");
        }
        if (attribute.volatileValue()) {
          notes.add("volatile");
        }
        attribute
            .normalForm()
            .ifPresent(
                form -> notes.add(form.name().toLowerCase(java.util.Locale.ROOT) + " normal form"));
        out.append("| `")
            .append(attribute.name())
            .append("` | ")
            .append(attribute.type().label())
            .append(" | ")
            .append(String.join(", ", notes))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** The catalogue as text: a block a type. */
  static String text(List<ResourceType> types) {
    StringBuilder out = new StringBuilder();
    for (ResourceType type : types) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(type.name()).append(" (").append(type.noun()).append(")\n");
      line(out, "scope", type.scopeLabel());
      line(out, "id", idSyntax(type));
      line(
          out,
          "attributes",
          type.attributes().stream()
              .map(a -> a.name() + " " + a.type().label())
              .collect(Collectors.joining(", ")));
      line(out, "volatile", String.join(", ", type.volatileAttributes()));
      line(out, "terraform", String.join(", ", type.terraformTypes()));
      line(out, "baseline", type.baseline().map(section -> section.key()).orElse(""));
      line(
          out,
          "api calls",
          type.apiCalls().stream().map(ApiCall::call).collect(Collectors.joining(", ")));
      line(out, "permissions", String.join(", ", type.permissions()));
    }
    return out.toString();
  }

  private static String idSyntax(ResourceType type) {
    return type.idAttributes().isEmpty()
        ? ResourceType.SINGLETON_ID + " (one a scope)"
        : String.join(ResourceType.ID_SEPARATOR, type.idAttributes());
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append("  ")
        .append(String.format("%-12s", label))
        .append(value.isEmpty() ? "-" : value)
        .append('\n');
  }
}
