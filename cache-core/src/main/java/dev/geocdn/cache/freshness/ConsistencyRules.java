package dev.geocdn.cache.freshness;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which {@link Consistency} applies to a request: an ordered list of rules, each a path pattern
 * (and optionally a host), where the first rule that matches wins and a request no rule matches
 * is {@link Consistency#EVENTUAL}.
 *
 * <p>Immutable and safe to share; a lookup walks the rules in order, so it costs nothing when
 * there are none and a few pattern matches when there are (rules are expected to be few).
 */
public final class ConsistencyRules {

    /** No rules: eventual consistency everywhere. */
    public static final ConsistencyRules NONE = new ConsistencyRules(List.of());

    private final List<Rule> rules;

    /** @param rules in order of precedence, the first match wins */
    public ConsistencyRules(List<Rule> rules) {
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /**
     * One rule.
     *
     * @param path        the path pattern
     * @param host        the host it is limited to (lower case, without the scheme's default
     *                    port, as in cache keys), or null for every host
     * @param consistency the consistency of matching requests
     */
    public record Rule(PathPattern path, String host, Consistency consistency) {

        public Rule {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(consistency, "consistency");
            host = host == null || host.isBlank() ? null : host.strip().toLowerCase(Locale.ROOT);
        }

        /**
         * A rule from its configured parts.
         *
         * @throws IllegalArgumentException for an invalid pattern or a bound that does not fit the mode
         */
        public static Rule of(String path, String host, Consistency.Mode mode, Duration maxStaleness) {
            return new Rule(PathPattern.compile(path), host, Consistency.of(mode, maxStaleness));
        }

        /** Whether this rule applies to a request for {@code host} (normalized) and {@code pathAndQuery}. */
        public boolean matches(String requestHost, String pathAndQuery) {
            return (host == null || host.equals(requestHost)) && path.matches(pathAndQuery);
        }
    }

    /**
     * The consistency for a request.
     *
     * @param host         the request's host, lower case, without the scheme's default port
     * @param pathAndQuery the request target in origin-form; the query is ignored
     */
    public Consistency forRequest(String host, String pathAndQuery) {
        for (Rule rule : rules) {
            if (rule.matches(host, pathAndQuery)) {
                return rule.consistency();
            }
        }
        return Consistency.EVENTUAL;
    }

    /** The rules, in order of precedence. */
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "ConsistencyRules" + rules;
    }
}
