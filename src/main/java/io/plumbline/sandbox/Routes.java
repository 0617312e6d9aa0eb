package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps "METHOD /path/{parameter}/..." templates to handlers. The template of the route that matched
 * names the endpoint in request counts, rate-limit families and fault reports.
 */
final class Routes {

  interface Handler {
    SandboxResponse handle(Call call);
  }

  /** A matched request: the request, its path parameters, and the estate it is served from. */
  record Call(SandboxRequest request, Map<String, String> parameters, Estate estate) {
    Call {
      requireNonNull(request, "request is null");
      parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
      requireNonNull(estate, "estate is null");
    }

    String parameter(String name) {
      String value = parameters.get(name);
      if (value == null) {
        throw new IllegalStateException("route has no parameter " + name);
      }
      return value;
    }
  }

  record Route(
      String method, String template, Pattern pattern, List<String> names, Handler handler) {
    Route {
      requireNonNull(method, "method is null");
      requireNonNull(template, "template is null");
      requireNonNull(pattern, "pattern is null");
      names = List.copyOf(names);
      requireNonNull(handler, "handler is null");
    }

    String endpoint() {
      return method + " " + template;
    }
  }

  record Match(Route route, Map<String, String> parameters) {}

  private static final Pattern PARAMETER = Pattern.compile("\\{([a-z_]+)}");

  private final List<Route> routes = new ArrayList<>();

  Routes add(String method, String template, Handler handler) {
    List<String> names = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher matcher = PARAMETER.matcher(template);
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(template.substring(last, matcher.start()))).append("([^/]+)");
      names.add(matcher.group(1));
      last = matcher.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(new Route(method, template, Pattern.compile(regex.toString()), names, handler));
    return this;
  }

  Optional<Match> match(String method, String path) {
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Matcher matcher = route.pattern().matcher(path);
      if (matcher.matches()) {
        Map<String, String> parameters = new HashMap<>();
        for (int index = 0; index < route.names().size(); index++) {
          parameters.put(route.names().get(index), matcher.group(index + 1));
        }
        return Optional.of(new Match(route, parameters));
      }
    }
    return Optional.empty();
  }

  /** True when some route has this path under another method (405 rather than 404). */
  boolean hasPath(String path) {
    return routes.stream().anyMatch(route -> route.pattern().matcher(path).matches());
  }
}
