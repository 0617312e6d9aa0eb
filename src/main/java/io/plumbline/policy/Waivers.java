package io.plumbline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.error.Problems;
import io.plumbline.model.Finding;
import io.plumbline.model.Verdict;
import io.plumbline.model.WaiverState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The waivers of a policies directory ({@code policies/waivers/*.yaml}) and how they apply to
 * findings. A waiver in force turns the FAIL findings it matches into WAIVED (they stay visible,
 * with the waiver id); an expired waiver stops applying and is reported with the findings that fail
 * again; waivers that expire within the warning window are reported so someone renews or fixes in
 * time.
 *
 * <pre>
 * waivers:
 *   - id: WVR-2026-014
 *     rule: DBX-TOK-001                  # glob over rule ids
 *     scope: workspace:1000000000000202  # optional glob: account:ID, workspace:ID, aws:ID
 *     resource: "ci-*"                   # optional glob over resource ids
 *     attribute: expiry_time             # optional glob over the drifted attribute
 *     justification: CI token rotated by the deploy pipeline, replacement in SEC-1182
 *     owner: platform-team@example.com
 *     ticket: SEC-1182
 *     expires: 2026-12-31                # last day in force (UTC)
 * </pre>
 */
public final class Waivers {

  public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);

  private static final Set<String> TOP_LEVEL = Set.of("waivers");
  private static final List<String> REQUIRED =
      List.of("id", "rule", "justification", "owner", "ticket", "expires");
  private static final List<String> OPTIONAL = List.of("scope", "resource", "attribute");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9*?][A-Za-z0-9*?._-]*");
  private static final Pattern SCOPE = Pattern.compile("(account|workspace|aws):\\S+");

  private final List<Waiver> waivers;

  private Waivers(List<Waiver> waivers) {
    this.waivers = waivers.stream().sorted(Comparator.comparing(Waiver::id)).toList();
  }

  public static Waivers none() {
    return new Waivers(List.of());
  }

  public static Waivers of(List<Waiver> waivers) {
    Map<String, Waiver> byId = new HashMap<>();
    for (Waiver waiver : waivers) {
      Waiver previous = byId.put(waiver.id(), waiver);
      if (previous != null) {
        throw PlumblineException.userError(
            waiver.source()
                + ": waiver id \""
                + waiver.id()
                + "\" is already used at "
                + previous.source());
      }
    }
    return new Waivers(waivers);
  }

  /**
   * Every {@code *.yaml} and {@code *.yml} file in {@code policiesDirectory/waivers}; no waivers
   * when that directory does not exist. A bad file is a user error naming file, line and what was
   * expected.
   */
  public static Waivers load(Path policiesDirectory) {
    Path directory = policiesDirectory.resolve("waivers");
    if (!Files.isDirectory(directory)) {
      return none();
    }
    List<Waiver> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file :
          files
              .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        all.addAll(parse(file.toString(), TextFiles.read(file, "waiver file")));
      }
    } catch (IOException e) {
      throw PlumblineException.userError("cannot read waivers in " + directory + ": " + e);
    }
    return of(all);
  }

  /** The waivers of one file's text; {@code source} names the file in errors. */
  public static List<Waiver> parse(String source, String text) {
    LocatedYaml document = LocatedYaml.parse(source, text);
    JsonNode root = document.root();
    if (root.isNull() || root.isMissingNode()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw PlumblineException.userError(
          document.at("") + ": expected a mapping with a \"waivers\" list");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TOP_LEVEL.contains(name)) {
        problems.add(document.at("/" + name) + ": unknown key \"" + name + "\" (expected waivers)");
      }
    }
    JsonNode list = root.path("waivers");
    List<Waiver> waivers = new ArrayList<>();
    if (list.isArray()) {
      for (int index = 0; index < list.size(); index++) {
        waiver(document, list.get(index), "/waivers/" + index, problems).ifPresent(waivers::add);
      }
    } else if (!list.isMissingNode() && !list.isNull()) {
      problems.add(document.at("/waivers") + ": waivers: expected a list of waivers");
    }
    if (!problems.isEmpty()) {
      throw PlumblineException.userError(Problems.message("invalid waiver file", problems));
    }
    return waivers;
  }

  private static Optional<Waiver> waiver(
      LocatedYaml document, JsonNode node, String pointer, List<String> problems) {
    String name = "waivers[" + pointer.substring(pointer.lastIndexOf('/') + 1) + "]";
    if (!node.isObject()) {
      problems.add(document.at(pointer) + ": " + name + ": expected a mapping");
      return Optional.empty();
    }
    int before = problems.size();
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
        problems.add(
            document.at(pointer + "/" + key)
                + ": "
                + name
                + ": unknown key \""
                + key
                + "\" (expected "
                + String.join(", ", REQUIRED)
                + ", and optionally "
                + String.join(", ", OPTIONAL)
                + ")");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : REQUIRED) {
      JsonNode value = node.path(key);
      if (value.isMissingNode() || value.isNull()) {
        problems.add(document.at(pointer) + ": " + name + ": missing required key \"" + key + "\"");
      } else if (!value.isValueNode() || value.asText().isBlank()) {
        problems.add(
            document.at(pointer + "/" + key)
                + ": "
                + name
                + "."
                + key
                + ": expected a non-empty text");
      } else {
        values.put(key, value.asText().strip());
      }
    }
    for (String key : OPTIONAL) {
      JsonNode value = node.path(key);
      if (value.isMissingNode() || value.isNull()) {
        continue;
      }
      if (!value.isValueNode() || value.asText().isBlank()) {
        problems.add(
            document.at(pointer + "/" + key)
                + ": "
                + name
                + "."
                + key
                + ": expected a non-empty text");
      } else {
        values.put(key, value.asText().strip());
      }
    }
    check(document, pointer, name, "id", values, ID, "letters, digits, '.', '_' or '-'", problems);
    check(
        document,
        pointer,
        name,
        "rule",
        values,
        RULE,
        "a rule id or a glob such as DBX-IAM-*",
        problems);
    check(
        document,
        pointer,
        name,
        "scope",
        values,
        SCOPE,
        "account:ID, workspace:ID or aws:ID (ID may be a glob)",
        problems);
    LocalDate expires = null;
    if (values.containsKey("expires")) {
      try {
        expires = LocalDate.parse(values.get("expires"));
      } catch (DateTimeParseException e) {
        problems.add(
            document.at(pointer + "/expires")
                + ": "
                + name
                + ".expires: expected a date YYYY-MM-DD, got \""
                + values.get("expires")
                + "\"");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Waiver(
            values.get("id"),
            values.get("rule"),
            Optional.ofNullable(values.get("scope")),
            Optional.ofNullable(values.get("resource")),
            Optional.ofNullable(values.get("attribute")),
            values.get("justification"),
            values.get("owner"),
            values.get("ticket"),
            expires,
            document.at(pointer)));
  }

  private static void check(
      LocatedYaml document,
      String pointer,
      String name,
      String key,
      Map<String, String> values,
      Pattern pattern,
      String expected,
      List<String> problems) {
    String value = values.get(key);
    if (value != null && !pattern.matcher(value).matches()) {
      problems.add(
          document.at(pointer + "/" + key)
              + ": "
              + name
              + "."
              + key
              + ": expected "
              + expected
              + ", got \""
              + value
              + "\"");
    }
  }

  public List<Waiver> all() {
    return waivers;
  }

  /**
   * What applying waivers gave: every finding (FAILs covered now WAIVED) and each waiver's state.
   */
  public record Result(List<Finding> findings, List<WaiverStatus> statuses) {
    public Result {
      findings = List.copyOf(findings);
      statuses = List.copyOf(statuses);
    }
  }

  public Result apply(List<Finding> findings, Instant now) {
    return apply(findings, now, DEFAULT_EXPIRY_WARNING);
  }

  /**
   * Applies the waivers in force at {@code now} to the FAIL findings; other verdicts are never
   * waived (an UNKNOWN is not a failure to accept, it is data to collect). When several waivers
   * match a finding, the first by id is recorded.
   */
  public Result apply(List<Finding> findings, Instant now, Duration expiryWarning) {
    Map<String, List<String>> covered = new LinkedHashMap<>();
    waivers.forEach(waiver -> covered.put(waiver.id(), new ArrayList<>()));
    List<Finding> result = new ArrayList<>(findings.size());
    for (Finding finding : findings) {
      if (finding.verdict() != Verdict.FAIL) {
        result.add(finding);
        continue;
      }
      Optional<Waiver> applied = Optional.empty();
      for (Waiver waiver : waivers) {
        if (!waiver.matches(finding)) {
          continue;
        }
        if (waiver.isInForce(now)) {
          if (applied.isEmpty()) {
            applied = Optional.of(waiver);
            covered.get(waiver.id()).add(finding.fingerprint());
          }
        } else {
          covered.get(waiver.id()).add(finding.fingerprint());
        }
      }
      result.add(
          applied
              .map(waiver -> finding.withVerdict(Verdict.WAIVED, Optional.of(waiver.id())))
              .orElse(finding));
    }
    List<WaiverStatus> statuses = new ArrayList<>();
    for (Waiver waiver : waivers) {
      Duration left = Duration.between(now, waiver.expiresAt());
      WaiverState state =
          !waiver.isInForce(now)
              ? WaiverState.EXPIRED
              : left.compareTo(expiryWarning) <= 0 ? WaiverState.EXPIRING : WaiverState.ACTIVE;
      long daysLeft =
          left.isNegative() || left.isZero()
              ? left.toDays()
              : (left.toSeconds() + 86_399) / 86_400; // a part of a day left counts as a day
      statuses.add(new WaiverStatus(waiver, state, daysLeft, covered.get(waiver.id())));
    }
    return new Result(result, statuses);
  }
}
