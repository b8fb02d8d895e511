package dev.geocdn.node.replication;

import dev.geocdn.cache.freshness.PathPattern;

import java.util.List;
import java.util.Locale;

/**
 * Which replication rule covers a stored object: the first whose host and path pattern match its
 * cache key. Immutable; a handful of rules, walked in order.
 */
public final class ReplicationRules {

    /** A compiled rule. */
    public record Compiled(PathPattern paths, String host, ReplicationProperties.Mode mode, List<String> peers) {
    }

    private final List<Compiled> rules;
    private final boolean anyPopular;

    public ReplicationRules(List<ReplicationProperties.Rule> rules) {
        this.rules = rules.stream().map(rule -> new Compiled(PathPattern.compile(rule.paths()),
                rule.host() == null || rule.host().isBlank() ? null : rule.host().strip().toLowerCase(Locale.ROOT),
                rule.mode(), List.copyOf(rule.peers()))).toList();
        this.anyPopular = this.rules.stream().anyMatch(r -> r.mode() == ReplicationProperties.Mode.PUSH_POPULAR);
    }

    /** Whether some rule pushes popular objects (so requests must be counted). */
    public boolean anyPopular() {
        return anyPopular;
    }

    /** The rule for a cache key ({@code scheme://host/path?query}), or null when none matches or it is malformed. */
    public Compiled forKey(String cacheKey) {
        int authority = cacheKey.indexOf("://");
        if (authority < 0) {
            return null;
        }
        int path = cacheKey.indexOf('/', authority + 3);
        String host = cacheKey.substring(authority + 3, path < 0 ? cacheKey.length() : path);
        String pathAndQuery = path < 0 ? "/" : cacheKey.substring(path);
        for (Compiled rule : rules) {
            if ((rule.host() == null || rule.host().equals(host)) && rule.paths().matches(pathAndQuery)) {
                return rule.mode() == ReplicationProperties.Mode.NONE ? null : rule;
            }
        }
        return null;
    }
}
