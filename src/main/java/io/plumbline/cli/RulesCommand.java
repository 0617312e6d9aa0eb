package io.plumbline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plumbline.audit.EvaluationService;
import io.plumbline.export.report.JsonReportWriter;
import io.plumbline.policy.RuleMetadata;
import io.plumbline.policy.Waivers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "List the rules of the rule pack with their metadata.",
      "json: [{id, title, severity, resource_type, rationale, remediation, terraform,"
          + " frameworks}]; text: one line per rule."
    })
public class RulesCommand implements Callable<Integer> {

  static final String JSON = "json";
  static final String TEXT = "text";

  @Spec private CommandSpec spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = TEXT,
      description = "json or text (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rule pack directory; default: rules/ in the working directory if there is one, else"
              + " the rule pack bundled in plumbline.")
  Path rules;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "Policies directory, for framework references; default: policies/ in the working"
              + " directory if there is one.")
  Path policies;

  @Override
  public Integer call() throws IOException {
    if (!format.equals(JSON) && !format.equals(TEXT)) {
      throw new ParameterException(
          spec.commandLine(), "invalid --format \"" + format + "\": expected json or text");
    }
    EvaluationService.Prepared prepared =
        EvaluationPrinter.service()
            .prepare(
                new EvaluationService.Options(
                    Optional.ofNullable(rules),
                    Optional.ofNullable(policies),
                    Optional.empty(),
                    Waivers.DEFAULT_EXPIRY_WARNING));
    List<RuleMetadata> metadata = prepared.engine().rules();
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals(JSON)) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (RuleMetadata rule : metadata) {
        list.add(
            JsonReportWriter.rule(rule, prepared.frameworks().getOrDefault(rule.id(), List.of())));
      }
      out.print(JsonReportWriter.pretty(list));
    } else {
      int idWidth = metadata.stream().mapToInt(rule -> rule.id().length()).max().orElse(2);
      int typeWidth =
          metadata.stream().mapToInt(rule -> rule.resourceType().length()).max().orElse(13);
      String line = "%-" + idWidth + "s  %-8s  %-" + typeWidth + "s  %s%n";
      out.printf(line, "ID", "SEVERITY", "RESOURCE TYPE", "TITLE");
      for (RuleMetadata rule : metadata) {
        out.printf(line, rule.id(), rule.severity().label(), rule.resourceType(), rule.title());
      }
      out.printf("%d rules from %s%n", metadata.size(), prepared.rulePack());
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
