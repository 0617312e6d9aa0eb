package io.plumbline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two paging styles the emulated APIs use: SCIM offsets and opaque page tokens. */
final class Paging {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern EQUALS_FILTER =
      Pattern.compile("\\s*([A-Za-z.]+)\\s+(eq|co|sw)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
  private static final String TOKEN_PREFIX = "offset:";

  private Paging() {}

  /** Thrown for a bad paging or filter parameter; the message is what the client sent wrong. */
  static final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
      super(message);
    }
  }

  /**
   * A SCIM ListResponse: applies {@code filter} (single {@code attr eq|co|sw "value"}), {@code
   * startIndex} (1-based), {@code count} (capped at {@code maximumPageSize}) and the {@code
   * attributes}/{@code excludedAttributes} projections.
   */
  static ObjectNode scimList(
      SandboxRequest request, List<ObjectNode> resources, int maximumPageSize) {
    return scimList(request, resources, Function.identity(), maximumPageSize);
  }

  /**
   * A SCIM ListResponse over items rendered as resources by {@code render}. Only the page's items
   * are rendered unless a filter has to see them all, so paging through N resources costs O(N)
   * rather than O(N^2 / page size).
   */
  static <T> ObjectNode scimList(
      SandboxRequest request, List<T> items, Function<T, ObjectNode> render, int maximumPageSize) {
    Optional<List<ObjectNode>> matching =
        request
            .queryParameter("filter")
            .map(Paging::scimFilter)
            .map(filter -> items.stream().map(render).filter(filter).toList());
    int total = matching.map(List::size).orElse(items.size());
    long startIndex = positiveLong(request, "startIndex", 1);
    long count = Math.min(positiveOrZeroLong(request, "count", maximumPageSize), maximumPageSize);
    int from = (int) Math.min(startIndex - 1, total);
    int to = (int) Math.min(from + count, total);
    List<ObjectNode> pageResources =
        matching
            .map(resources -> resources.subList(from, to))
            .orElseGet(() -> items.subList(from, to).stream().map(render).toList());
    Optional<Set<String>> attributes = attributeSet(request, "attributes");
    Optional<Set<String>> excluded = attributeSet(request, "excludedAttributes");

    ObjectNode body = NODES.objectNode();
    body.put("totalResults", total);
    body.put("startIndex", startIndex);
    body.put("itemsPerPage", to - from);
    body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    ArrayNode page = body.putArray("Resources");
    for (ObjectNode resource : pageResources) {
      page.add(project(resource, attributes, excluded));
    }
    return body;
  }

  private static ObjectNode project(
      ObjectNode resource, Optional<Set<String>> attributes, Optional<Set<String>> excluded) {
    if (attributes.isEmpty() && excluded.isEmpty()) {
      return resource;
    }
    ObjectNode copy = resource.deepCopy();
    attributes.ifPresent(
        keep ->
            copy.retain(
                resource.properties().stream()
                    .map(java.util.Map.Entry::getKey)
                    .filter(
                        name ->
                            name.equals("id")
                                || name.equals("schemas")
                                || keep.contains(name.toLowerCase(Locale.ROOT)))
                    .toList()));
    excluded.ifPresent(
        drop ->
            resource
                .properties()
                .forEach(
                    entry -> {
                      if (drop.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
                        copy.remove(entry.getKey());
                      }
                    }));
    return copy;
  }

  private static Optional<Set<String>> attributeSet(SandboxRequest request, String name) {
    return request
        .queryParameter(name)
        .filter(value -> !value.isBlank())
        .map(value -> Set.of(value.toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
  }

  private static Predicate<ObjectNode> scimFilter(String filter) {
    Matcher matcher = EQUALS_FILTER.matcher(filter);
    if (!matcher.matches()) {
      throw new BadRequestException(
          "unsupported filter \""
              + filter
              + "\": the sandbox supports `attribute eq|co|sw \"value\"`");
    }
    String attribute = matcher.group(1);
    String operator = matcher.group(2);
    String expected = matcher.group(3).replace("\\\"", "\"").toLowerCase(Locale.ROOT);
    return resource -> {
      JsonNode value = resource;
      for (String part : attribute.split("\\.")) {
        value = caseInsensitiveField(value, part);
      }
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (compare(element.path("value").asText(element.asText()), operator, expected)) {
            return true;
          }
        }
        return false;
      }
      return !value.isMissingNode() && compare(value.asText(), operator, expected);
    };
  }

  private static JsonNode caseInsensitiveField(JsonNode node, String name) {
    for (var entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static boolean compare(String actual, String operator, String expected) {
    String value = actual.toLowerCase(Locale.ROOT);
    return switch (operator) {
      case "eq" -> value.equals(expected);
      case "co" -> value.contains(expected);
      default -> value.startsWith(expected);
    };
  }

  /**
   * One page of a token-paged list. The token is opaque to clients; {@code next_page_token} is
   * absent on the last page.
   */
  static ObjectNode tokenPage(
      String field, List<? extends JsonNode> items, Optional<String> pageToken, int pageSize) {
    int from = pageToken.filter(token -> !token.isEmpty()).map(Paging::decodeToken).orElse(0);
    if (from > items.size()) {
      throw new BadRequestException("page token is past the end of the list");
    }
    int to = Math.min(from + pageSize, items.size());
    ObjectNode body = NODES.objectNode();
    ArrayNode page = body.putArray(field);
    items.subList(from, to).forEach(page::add);
    if (to < items.size()) {
      body.put("next_page_token", encodeToken(to));
    }
    if (from > 0) {
      body.put("prev_page_token", encodeToken(Math.max(0, from - pageSize)));
    }
    return body;
  }

  /** The page size a token-paged endpoint serves: the request's, capped, or the default. */
  static int pageSize(SandboxRequest request, String parameter, int defaultSize, int maximumSize) {
    long requested = positiveOrZeroLong(request, parameter, 0);
    return requested == 0 ? defaultSize : (int) Math.min(requested, maximumSize);
  }

  private static String encodeToken(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeToken(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(TOKEN_PREFIX)) {
        return Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the token
    }
    throw new BadRequestException("invalid page token \"" + token + "\"");
  }

  private static long positiveLong(SandboxRequest request, String name, long defaultValue) {
    long value = positiveOrZeroLong(request, name, defaultValue);
    return value == 0 ? 1 : value;
  }

  private static long positiveOrZeroLong(SandboxRequest request, String name, long defaultValue) {
    Optional<String> text = request.queryParameter(name);
    if (text.isEmpty() || text.get().isEmpty()) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.get());
      if (value < 0) {
        throw new BadRequestException(name + " must not be negative, got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadRequestException(name + " must be an integer, got \"" + text.get() + "\"");
    }
  }
}
