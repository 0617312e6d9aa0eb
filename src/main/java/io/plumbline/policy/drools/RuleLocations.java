package io.plumbline.policy.drools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each package and rule of a rule pack is written ({@code tokens.drl:22}), read from the DRL
 * text: a compiled rule base no longer says, and a problem with a rule must name its line.
 */
final class RuleLocations {

  private static final Pattern PACKAGE =
      Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;?\\s*$");
  private static final Pattern RULE =
      Pattern.compile("(?m)^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))");
  private static final String NO_PACKAGE = "defaultpkg";

  private final List<String> files = new ArrayList<>();
  private final Map<String, String> packages = new HashMap<>();
  private final Map<String, String> rules = new HashMap<>();

  private RuleLocations() {}

  /** Locations in sources given as path -> DRL text. */
  static RuleLocations of(Map<String, String> sources) {
    RuleLocations locations = new RuleLocations();
    sources.forEach(
        (path, text) -> {
          locations.files.add(path);
          Matcher packageMatcher = PACKAGE.matcher(text);
          String name = NO_PACKAGE;
          if (packageMatcher.find()) {
            name = packageMatcher.group(1);
            locations.packages.putIfAbsent(name, path + ":" + line(text, packageMatcher.start(1)));
          } else {
            locations.packages.putIfAbsent(name, path + ":1");
          }
          Matcher rule = RULE.matcher(text);
          while (rule.find()) {
            String ruleName =
                rule.group(1) != null
                    ? rule.group(1)
                    : rule.group(2) != null ? rule.group(2) : rule.group(3);
            locations.rules.putIfAbsent(
                name + "/" + ruleName, path + ":" + line(text, rule.start()));
          }
        });
    return locations;
  }

  /** The files, as paths relative to the rule pack. */
  List<String> files() {
    return List.copyOf(files);
  }

  /** The package a DRL text declares. */
  static Optional<String> packageName(String text) {
    Matcher matcher = PACKAGE.matcher(text);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** {@code path:line} of the (first) package declaration of {@code name}. */
  String ofPackage(String name) {
    return packages.getOrDefault(name, packages.getOrDefault(NO_PACKAGE, "?"));
  }

  /** {@code path:line} of a rule, else of its package. */
  String ofRule(String packageName, String ruleName) {
    return rules.getOrDefault(packageName + "/" + ruleName, ofPackage(packageName));
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int index = 0; index < offset; index++) {
      if (text.charAt(index) == '\n') {
        line++;
      }
    }
    return line;
  }
}
