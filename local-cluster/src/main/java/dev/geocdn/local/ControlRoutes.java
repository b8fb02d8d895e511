package dev.geocdn.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control API's routes as a value, apart from any I/O: which handler a method and path
 * reach, with the path's variables. A path that exists for other methods only is a
 * {@link WrongMethod} carrying those methods, which the answer names in {@code Allow} (RFC 9110
 * section 15.5.6: a 405 must send it); a path that does not exist is {@link NotFound}.
 *
 * <p>Templates are matched segment by segment; {@code {name}} matches any one segment.
 *
 * @param <H> what a route leads to (a request handler)
 */
final class ControlRoutes<H> {

    /** What a request reaches. */
    sealed interface Match<H> permits Found, WrongMethod, NotFound {
    }

    /** A route for this method and path, and the path's variables by name. */
    record Found<H>(H handler, Map<String, String> variables) implements Match<H> {
    }

    /** The path exists, but not for this method: the methods it has, in the order they were added. */
    record WrongMethod<H>(Set<String> allowed) implements Match<H> {
    }

    /** No route has this path. */
    record NotFound<H>() implements Match<H> {
    }

    private record Route<H>(String method, String template, List<String> segments, H handler) {
    }

    private final List<Route<H>> routes = new ArrayList<>();

    /** Adds a route; {@code template} is a path such as {@code /v1/nodes/{id}/{action}}. */
    ControlRoutes<H> add(String method, String template, H handler) {
        routes.add(new Route<>(method, template, segments(template), handler));
        return this;
    }

    /** What {@code method} on {@code path} (decoded, without the query) reaches. */
    Match<H> match(String method, String path) {
        List<String> segments = segments(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route<H> route : routes) {
            Map<String, String> variables = variables(route.segments(), segments);
            if (variables == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found<>(route.handler(), variables);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new NotFound<>() : new WrongMethod<>(allowed);
    }

    /** Every route as {@code METHOD|METHOD /template}, in the order they were added: what a 404 lists. */
    List<String> describe() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        routes.forEach(route -> methods.computeIfAbsent(route.template(), t -> new LinkedHashSet<>()).add(route.method()));
        List<String> out = new ArrayList<>();
        methods.forEach((template, verbs) -> out.add(String.join("|", verbs) + " " + template));
        return out;
    }

    /** The template's variables bound to the path's segments, or null when they do not match. */
    private static Map<String, String> variables(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String actual = path.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return null;
                }
                variables.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return variables;
    }

    private static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }
}
