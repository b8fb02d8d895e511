package dev.geocdn.node.shield;

import dev.geocdn.cache.freshness.PathPattern;

import java.util.List;
import java.util.Locale;

/**
 * Which region a request's fill asks before the origin: the first rule that matches its host and
 * path names it. No rule, or a rule naming this node's own region, means the origin.
 *
 * <p>Immutable; a lookup walks the rules in order (a handful: per origin or per path family).
 */
public final class ShieldRoutes {

    /** No parent for anything. */
    public static final ShieldRoutes NONE = new ShieldRoutes(List.of(), "");

    private record Route(PathPattern paths, String host, String region) {
    }

    private final List<Route> routes;
    private final String ownRegion;

    /** @param ownRegion this node's region: a rule naming it sends matching requests to the origin */
    public ShieldRoutes(List<ShieldProperties.Rule> rules, String ownRegion) {
        this.routes = rules.stream()
                .map(rule -> new Route(PathPattern.compile(rule.paths()),
                        rule.host() == null || rule.host().isBlank() ? null : rule.host().strip().toLowerCase(Locale.ROOT),
                        rule.region()))
                .toList();
        this.ownRegion = ownRegion;
    }

    /** Whether any rule names a parent other than this node's own region. */
    public boolean any() {
        return routes.stream().anyMatch(route -> !route.region().equals(ownRegion));
    }

    /**
     * The parent region for a request, or null for the origin.
     *
     * @param host         the request's host, lower case, as in cache keys
     * @param pathAndQuery the request target; the query is ignored
     */
    public String parentOf(String host, String pathAndQuery) {
        for (Route route : routes) {
            if ((route.host() == null || route.host().equals(host)) && route.paths().matches(pathAndQuery)) {
                return route.region().equals(ownRegion) ? null : route.region();
            }
        }
        return null;
    }
}
